import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inImage, removeAnalysisImages } from '../helpers/docker-cli';
import { analyseFiles } from '../helpers/analyse';
import { filesOf } from '../helpers/repos';
import { useFreshSettings } from '../helpers/test-settings';

// Node.js entry points as people write them, built and run for real: an API whose only
// entry is its dev script (nodemon src/index.js) while main names a file that is not there
// (tests/fixtures/node-nodemon), and a TypeScript server built with tsc and installed with
// pnpm, started only by a tsx dev script (tests/fixtures/node-typescript-pnpm), and a
// Next.js app with standalone output (tests/fixtures/node-next-standalone).

useFreshSettings({ ALLOW_LOCAL_SOURCES: '1' });

const created: string[] = [];
afterAll(() => removeAnalysisImages(created));

const fixture = (name: string) => filesOf(path.join(process.cwd(), 'tests', 'fixtures', name));
const LONG = 10 * 60_000;

describe('Node.js entry points', () => {
  it(
    'runs the file the dev script hands to nodemon, with node and without nodemon, answering like the single-stage image',
    async () => {
      const analysis = await analyseFiles(fixture('node-nodemon'), created);
      expect(analysis.error).toBeNull();
      expect(analysis.stack).toMatchObject({ language: 'node', buildTool: 'npm', entryPoint: 'src/index.js', command: ['node', 'src/index.js'], port: 4000 });
      const single = analysis.variants.find((v) => v.kind === 'single-stage')!;
      const multi = analysis.variants.find((v) => v.kind === 'multi-stage')!;
      for (const variant of [single, multi]) {
        expect(variant.runCheck, variant.kind).toMatchObject({
          outcome: 'running',
          ports: [{ port: 4000, loopbackOnly: false }],
          http: { port: 4000, status: 200, contentType: 'application/json' },
        });
      }
      expect(multi.runCheckComparisons).toEqual([{ against: 'single-stage', same: true, differences: [] }]);
      // nodemon is a dev dependency: the single-stage image ships it and is told so
      expect(single.findings.map((f) => f.id)).toContain('dev-dependencies-shipped');
      expect(multi.findings.map((f) => f.id)).not.toContain('dev-dependencies-shipped');
      const inside = (command: string) => inImage(multi.imageId!, command);
      expect(inside('test -d /app/node_modules/ms && echo yes')).toBe('yes');
      expect(inside('test -e /app/node_modules/nodemon && echo yes || echo no')).toBe('no');
      expect(multi.sizeBytes!).toBeLessThan(single.sizeBytes!);
    },
    LONG,
  );

  it(
    'builds TypeScript with tsc through pnpm and runs what tsc wrote, with no compiler in the image',
    async () => {
      const analysis = await analyseFiles(fixture('node-typescript-pnpm'), created);
      expect(analysis.error).toBeNull();
      expect(analysis.stack).toMatchObject({ language: 'node', buildTool: 'pnpm', entryPoint: 'src/server.ts', command: ['node', 'dist/server.js'], port: 3000 });
      expect(analysis.stack?.reasons.join('\n')).toMatch(/tsx watch \(TypeScript: node runs dist\/server\.js/);
      const single = analysis.variants.find((v) => v.kind === 'single-stage')!;
      const multi = analysis.variants.find((v) => v.kind === 'multi-stage')!;
      expect(multi.log).toContain('pnpm install --frozen-lockfile');
      for (const variant of [single, multi]) {
        expect(variant.runCheck, variant.kind).toMatchObject({
          outcome: 'running',
          http: { port: 3000, status: 200, contentType: 'text/plain', bytes: 'hello, visitor, from TypeScript\n'.length },
        });
      }
      expect(multi.runCheckComparisons).toEqual([{ against: 'single-stage', same: true, differences: [] }]);
      const inside = (command: string) => inImage(multi.imageId!, command);
      expect(inside('test -f /app/dist/server.js && echo yes')).toBe('yes');
      expect(inside('test -e /app/node_modules/typescript && echo yes || echo no')).toBe('no');
      expect(multi.sizeBytes!).toBeLessThan(single.sizeBytes!);
    },
    LONG,
  );

  it(
    'runs Next.js standalone output with node server.js: the traced server, its static files and public/, no node_modules beside them',
    async () => {
      const analysis = await analyseFiles(fixture('node-next-standalone'), created);
      expect(analysis.error).toBeNull();
      expect(analysis.stack).toMatchObject({ language: 'node', next: { standalone: true, hasPublic: true }, command: ['node', 'server.js'], port: 3000 });
      const single = analysis.variants.find((v) => v.kind === 'single-stage')!;
      const multi = analysis.variants.find((v) => v.kind === 'multi-stage')!;
      for (const variant of [single, multi]) {
        expect(variant.runCheck, variant.kind).toMatchObject({ outcome: 'running', ports: [{ port: 3000, loopbackOnly: false }], http: { port: 3000, status: 200 } });
        expect(variant.runCheck!.http!.contentType, variant.kind).toMatch(/^text\/html/);
      }
      expect(multi.runCheckComparisons).toEqual([{ against: 'single-stage', same: true, differences: [] }]);
      const inside = (command: string) => inImage(multi.imageId!, command);
      expect(inside('cat /app/public/robots.txt')).toContain('User-agent');
      expect(inside('ls /app/.next/static')).toMatch(/chunks/);
      // only what the server traced: no compiler (@next/swc), no full node_modules
      expect(inside('ls /app/node_modules/@next 2>/dev/null || true')).not.toMatch(/swc/);
      expect(multi.sizeBytes!).toBeLessThan(single.sizeBytes! / 3);
    },
    15 * 60_000,
  );
});
