import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inImage, removeAnalysisImages } from '../helpers/docker-cli';
import { analyseFiles } from '../helpers/analyse';
import { filesOf } from '../helpers/repos';
import { useFreshSettings } from '../helpers/test-settings';

// Front-end apps of our own (Vite; plain webpack writing to build/, tests/fixtures/node-webpack):
// the multi-stage image is the built files on busybox httpd, and answers like the
// single-stage image, which runs the development server.

useFreshSettings({ ALLOW_LOCAL_SOURCES: '1' });

const created: string[] = [];
afterAll(() => removeAnalysisImages(created));

const VITE_APP = {
  'package.json': JSON.stringify({ name: 'web', private: true, type: 'module', scripts: { dev: 'vite', build: 'vite build' }, devDependencies: { vite: '5.4.11' } }, null, 2),
  'index.html': '<!doctype html>\n<html><head><title>web</title></head><body><div id="app"></div><script type="module" src="/src/main.js"></script></body></html>\n',
  'src/main.js': "document.querySelector('#app').textContent = 'hello from a static build';\n",
};

describe('a front-end app', () => {
  it(
    'ships its built files on a small static server, answering like the development server of the single-stage image',
    async () => {
      const analysis = await analyseFiles(VITE_APP, created);
      expect(analysis.error).toBeNull();
      expect(analysis.stack).toMatchObject({ language: 'node', entryPoint: 'dist', frontEnd: { tool: 'vite', outDir: 'dist' } });
      const single = analysis.variants.find((v) => v.kind === 'single-stage')!;
      const multi = analysis.variants.find((v) => v.kind === 'multi-stage')!;
      expect(single.runCheck).toMatchObject({ outcome: 'running', http: { port: 5173, status: 200, contentType: expect.stringMatching(/^text\/html/) } });
      expect(multi.runCheck).toMatchObject({ outcome: 'running', ports: [{ port: 8080, loopbackOnly: false }], http: { port: 8080, status: 200, contentType: 'text/html' } });
      expect(multi.runCheckComparisons).toEqual([{ against: 'single-stage', same: true, differences: [] }]);
      // the development server and Node.js stay behind: many times smaller, and nothing to find
      expect(multi.sizeBytes!).toBeLessThan(single.sizeBytes! / 5);
      expect(single.findings.map((f) => f.id)).toContain('dev-server-in-image');
      expect(multi.findings).toEqual([]);
      expect(multi.runsAs).toBe('app');
    },
    10 * 60_000,
  );

  it(
    'builds plain webpack to the folder its config names and serves it, not webpack serve',
    async () => {
      const analysis = await analyseFiles(filesOf(path.join(process.cwd(), 'tests', 'fixtures', 'node-webpack')), created);
      expect(analysis.error).toBeNull();
      expect(analysis.stack).toMatchObject({ language: 'node', frontEnd: { tool: 'webpack', outDir: 'build' } });
      const single = analysis.variants.find((v) => v.kind === 'single-stage')!;
      const multi = analysis.variants.find((v) => v.kind === 'multi-stage')!;
      expect(single.runCheck).toMatchObject({ outcome: 'running', http: { port: 8080, status: 200, contentType: expect.stringMatching(/^text\/html/) } });
      expect(multi.runCheck).toMatchObject({ outcome: 'running', http: { port: 8080, status: 200, contentType: 'text/html' } });
      expect(multi.runCheckComparisons).toEqual([{ against: 'single-stage', same: true, differences: [] }]);
      // the page webpack wrote, with its hashed script beside it
      const files = inImage(multi.imageId!, 'ls /srv; cat /srv/index.html');
      expect(files).toMatch(/^main\.[0-9a-f]+\.js$/m);
      expect(files).toMatch(/<script defer="defer" src="main\.[0-9a-f]+\.js">/);
      expect(multi.sizeBytes!).toBeLessThan(single.sizeBytes! / 5);
      expect(multi.findings).toEqual([]);
    },
    10 * 60_000,
  );
});
