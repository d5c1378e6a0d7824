import type { Metadata } from 'next';
import { checkEngines } from '@/lib/docker/engine-health';
import { settingRows } from '@/lib/settings-help';
import { queueByEngine } from '@/lib/queue/queue-state';
import { pageActor } from '@/lib/auth/page-actor';

export const dynamic = 'force-dynamic';

const STORE_NAMES = { legacy: 'legacy (graph driver)', containerd: 'containerd', 'containers-storage': 'containers-storage (Podman)' } as const;
const BUILDER_NAMES = { classic: 'classic', buildkit: 'BuildKit', buildah: 'Buildah' } as const;
export const metadata: Metadata = { title: 'Engines and settings' };

export default async function SettingsPage() {
  await pageActor();
  const [engines, queue] = await Promise.all([checkEngines(), queueByEngine()]);
  const rows = settingRows();
  return (
    <div className="space-y-8">
      <section>
        <h1 className="text-2xl font-semibold">Engines</h1>
        <p className="mt-1 text-sm text-slate-600">
          {queue.queued} analys{queue.queued === 1 ? 'is' : 'es'} waiting. Jobs go to the engines that answer; while none does, they wait in the queue.
        </p>
        <div className="mt-3 overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="engines">
            <thead className="text-slate-500">
              <tr>
                <th className="py-1">Engine</th>
                <th>Address</th>
                <th>State</th>
                <th>Image store</th>
                <th>Builders</th>
                <th>Running now</th>
              </tr>
            </thead>
            <tbody>
              {engines.map((engine) => (
                <tr key={engine.name} className="border-t border-slate-200 align-top" data-testid={`engine-${engine.name}`}>
                  <td className="py-2 font-medium">{engine.name}</td>
                  <td className="font-mono text-xs">{engine.url}</td>
                  <td>
                    {engine.reachable ? (
                      <span className="text-emerald-700">
                        up · {engine.kind === 'podman' ? 'Podman' : 'Docker'} {engine.version} (API {engine.apiVersion})
                      </span>
                    ) : (
                      <span className="text-red-700">down: {engine.reason}</span>
                    )}
                    {engine.reachable && engine.caveats.length > 0 && (
                      <ul className="mt-1 list-disc pl-4 text-xs text-slate-600">
                        {engine.caveats.map((caveat) => (
                          <li key={caveat}>{caveat}</li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td>{engine.reachable ? STORE_NAMES[engine.imageStore] : '—'}</td>
                  <td>{engine.reachable ? engine.builders.map((b) => BUILDER_NAMES[b]).join(', ') : '—'}</td>
                  <td>{queue.running[engine.name] ?? 0}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section>
        <h2 className="text-xl font-semibold">Settings</h2>
        <p className="mt-1 text-sm text-slate-600">
          Set in the server&apos;s environment; a change needs a restart. Memory and CPU limits apply to the classic builder and Buildah: <strong>BuildKit ignores them</strong>, so
          multi-stage builds on Docker run without those two limits. The build deadline, log cap and network switch apply to every builder.
        </p>
        <div className="mt-3 overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="settings">
            <thead className="text-slate-500">
              <tr>
                <th className="py-1">Setting</th>
                <th>Value</th>
                <th>Default</th>
                <th>Meaning</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.name} className="border-t border-slate-200 align-top">
                  <td className="py-2 font-mono text-xs">{row.name}</td>
                  <td className="font-mono text-xs break-all">{row.value ?? <span className="text-slate-400">default</span>}</td>
                  <td className="font-mono text-xs">{row.defaultValue}</td>
                  <td className="text-slate-700">{row.meaning}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
