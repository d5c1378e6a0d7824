import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker, removeAnalysisImages } from '../helpers/docker-cli';
import { filesOf, gitRepo } from '../helpers/repos';
import { writeTree } from '../helpers/write-tree';
import { useFreshSettings } from '../helpers/test-settings';
import { startRegistry, type TestRegistry } from '../helpers/registry';

// The computed gzip sizes against a real registry: an image is pushed to Debian's
// docker-registry on loopback, and its manifest's layer sizes are the witness.

useFreshSettings({ ALLOW_LOCAL_SOURCES: '1' });
const { createAnalysis } = await import('@/lib/analyses/create-analysis');
const { getAnalysisOrThrow } = await import('@/lib/analyses/queries');
const { toAnalysisJson } = await import('@/lib/analyses/analysis-json');
const { getWorker } = await import('@/lib/analyses/analysis-worker');

let registry: TestRegistry | undefined;
let port = 0;
const created: string[] = [];
const pushed: string[] = [];

beforeAll(async () => {
  registry = await startRegistry();
  port = Number(registry.host.split(':')[1]);
}, 30_000);

afterAll(() => {
  registry?.stop();
  if (pushed.length) docker('image', 'rm', '-f', ...new Set(pushed));
  removeAnalysisImages(created);
});

describe('compressed sizes', () => {
  it(
    'match what a push to a registry sends, within 1 %',
    async () => {
      const { id } = await createAnalysis({ type: 'git', url: gitRepo(filesOf(path.join(process.cwd(), 'tests', 'fixtures', 'python-dockerfile'))) }, { warmRebuild: false });
      created.push(id);
      await getWorker().idle();
      const analysis = toAnalysisJson(await getAnalysisOrThrow(id), 'http://x');
      const multi = analysis.variants.find((v) => v.kind === 'multi-stage')!;
      const tag = `127.0.0.1:${port}/shipshape-test/python:${id}`;
      docker('tag', multi.imageId!, tag);
      pushed.push(tag);
      docker('push', tag);
      const manifest = (await (
        await fetch(`http://127.0.0.1:${port}/v2/shipshape-test/python/manifests/${id}`, { headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json' } })
      ).json()) as { layers: { size: number }[] };

      const ours = multi.layers.filter((l) => !l.empty).reverse();
      expect(ours).toHaveLength(manifest.layers.length);
      const big = manifest.layers.filter((l) => l.size > 1_000_000);
      expect(big.length).toBeGreaterThanOrEqual(2);
      manifest.layers.forEach((layer, i) => {
        const computed = ours[i]!.compressedBytes!;
        // tiny layers are mostly gzip framing; hold the large ones to 1 %
        if (layer.size > 100_000) expect(Math.abs(computed - layer.size) / layer.size).toBeLessThan(0.01);
        else expect(Math.abs(computed - layer.size)).toBeLessThan(2_000);
      });
      const total = manifest.layers.reduce((a, l) => a + l.size, 0);
      expect(Math.abs(multi.compressedBytes! - total) / total).toBeLessThan(0.01);
    },
    10 * 60_000,
  );
});

describe('images a build reads from a registry', () => {
  it(
    'are pulled by digest and pinned, so an image of the same name kept on the engine is never what the build gets',
    async () => {
      // the registry's image holds one file; a local image under the very same name holds another
      const name = `127.0.0.1:${port}/shipshape-test/base`;
      const build = (content: string, tag: string) => {
        const dir = writeTree({ Dockerfile: 'FROM standin/debian:bookworm-slim\nCOPY who.txt /who.txt\n', 'who.txt': content });
        docker('build', '-q', '-t', tag, dir);
        pushed.push(tag);
      };
      build('from-the-registry\n', `${name}:1`);
      docker('push', `${name}:1`);
      build('kept-on-the-engine\n', `${name}:1`);
      useFreshSettings({ ALLOW_LOCAL_SOURCES: '1', SOURCE_HOST_ALLOWLIST: '127.0.0.1' });
      const fresh = await import('@/lib/analyses/create-analysis');
      const worker = (await import('@/lib/analyses/analysis-worker')).getWorker();
      const { id } = await fresh.createAnalysis({ type: 'git', url: gitRepo({ Dockerfile: `FROM ${name}:1\nRUN cat /who.txt\n` }) }, { warmRebuild: false });
      created.push(id);
      await worker.idle();
      const analysis = await getAnalysisOrThrow(id);
      const variant = analysis.variants[0]!;
      expect(analysis.error).toBeNull();
      expect(variant.log).toMatch(new RegExp(`Pulling ${name.replace(/[.:/]/g, '\\$&')}@sha256:[0-9a-f]{64}`));
      expect(variant.log).toContain('from-the-registry');
      expect(variant.log).not.toContain('kept-on-the-engine');
    },
    5 * 60_000,
  );
});
