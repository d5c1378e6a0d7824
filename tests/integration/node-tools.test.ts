import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inImage, removeAnalysisImages } from '../helpers/docker-cli';
import { analyseFiles } from '../helpers/analyse';
import { filesOf } from '../helpers/repos';
import { useFreshSettings } from '../helpers/test-settings';

// Node.js as people write it, built for real: a Yarn 4 (Berry) app with Plug'n'Play,
// its lockfile made by Yarn itself (tests/fixtures/node-yarn-berry), a SvelteKit app
// whose adapter-node build is the server, and an app of an npm workspace. Nuxt's and
// Remix's servers are generated the same way (lib/stacks/node/node.test.ts); a real
// build of each is left out to keep CI within its time.

useFreshSettings({ ALLOW_LOCAL_SOURCES: '1' });

const created: string[] = [];
afterAll(() => removeAnalysisImages(created));

describe('Yarn Berry', () => {
  it(
    "installs --immutable through corepack, keeps production dependencies only, and runs through Plug'n'Play like the single-stage image",
    async () => {
      const analysis = await analyseFiles(filesOf(path.join(process.cwd(), 'tests', 'fixtures', 'node-yarn-berry')), created);
      expect(analysis.error).toBeNull();
      expect(analysis.stack).toMatchObject({ language: 'node', buildTool: 'yarn', yarnBerry: { major: 4, pnp: true } });
      const single = analysis.variants.find((v) => v.kind === 'single-stage')!;
      const multi = analysis.variants.find((v) => v.kind === 'multi-stage')!;
      for (const variant of [single, multi]) {
        expect(variant.runCheck, variant.kind).toMatchObject({ outcome: 'running', http: { port: 3000, status: 200, contentType: 'application/json' } });
      }
      expect(multi.runCheckComparisons).toEqual([{ against: 'single-stage', same: true, differences: [] }]);
      // the packages ship in the project's cache; the dev dependency is not resolvable in the multi-stage image
      expect(multi.log).toContain('yarn workspaces focus --all --production');
      const inside = (v: typeof multi, command: string) => inImage(v.imageId!, command);
      expect(inside(multi, 'ls /app/.yarn/cache')).toMatch(/^ms-npm-2\.1\.3-/m);
      expect(inside(multi, 'grep -c left-pad /app/.pnp.cjs || true')).toBe('0');
      expect(Number(inside(single, 'grep -c left-pad /app/.pnp.cjs || true'))).toBeGreaterThan(0);
      expect(multi.sizeBytes!).toBeLessThan(single.sizeBytes!);
    },
    10 * 60_000,
  );
});

const SVELTEKIT_APP = {
  'package.json': JSON.stringify(
    {
      name: 'kit-app',
      private: true,
      type: 'module',
      scripts: { dev: 'vite dev', build: 'vite build' },
      devDependencies: { '@sveltejs/kit': '2.8.3', '@sveltejs/adapter-node': '5.2.9', '@sveltejs/vite-plugin-svelte': '4.0.1', svelte: '5.2.7', vite: '5.4.11' },
    },
    null,
    2,
  ),
  'svelte.config.js': "import adapter from '@sveltejs/adapter-node';\n\nexport default { kit: { adapter: adapter() } };\n",
  'vite.config.js': "import { sveltekit } from '@sveltejs/kit/vite';\nimport { defineConfig } from 'vite';\n\nexport default defineConfig({ plugins: [sveltekit()] });\n",
  'src/app.html': '<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8" />%sveltekit.head%</head>\n<body><div>%sveltekit.body%</div></body>\n</html>\n',
  'src/routes/+page.svelte': '<h1>hello from SvelteKit</h1>\n',
};

describe('a SvelteKit app (adapter-node)', () => {
  it(
    'runs the server its build makes, with production dependencies only, answering like the single-stage image',
    async () => {
      const analysis = await analyseFiles(SVELTEKIT_APP, created);
      expect(analysis.error).toBeNull();
      expect(analysis.stack).toMatchObject({ language: 'node', entryPoint: 'build', command: ['node', 'build'], framework: { name: 'sveltekit' } });
      const single = analysis.variants.find((v) => v.kind === 'single-stage')!;
      const multi = analysis.variants.find((v) => v.kind === 'multi-stage')!;
      for (const variant of [single, multi]) {
        expect(variant.runCheck, variant.kind).toMatchObject({ outcome: 'running', ports: [{ port: 3000, loopbackOnly: false }], http: { port: 3000, status: 200 } });
        expect(variant.runCheck!.http!.contentType).toMatch(/^text\/html/);
      }
      expect(multi.runCheckComparisons).toEqual([{ against: 'single-stage', same: true, differences: [] }]);
      expect(multi.sizeBytes!).toBeLessThan(single.sizeBytes! / 2);
    },
    10 * 60_000,
  );
});

describe('an app of an npm workspace', () => {
  it(
    "builds from the workspace root with its lockfile and the workspace's own package (built first), and runs in its folder",
    async () => {
      const analysis = await analyseFiles(filesOf(path.join(process.cwd(), 'tests', 'fixtures', 'node-npm-workspace')), created, { warmRebuild: false }, 'apps/api');
      expect(analysis.error).toBeNull();
      expect(analysis.stack).toMatchObject({ language: 'node', lockfile: 'package-lock.json', workspace: { root: '../..', dir: 'apps/api', name: '@acme/api' } });
      const single = analysis.variants.find((v) => v.kind === 'single-stage')!;
      const multi = analysis.variants.find((v) => v.kind === 'multi-stage')!;
      for (const variant of [single, multi]) {
        expect(variant.runCheck, variant.kind).toMatchObject({ outcome: 'running', http: { port: 3000, status: 200, contentType: 'application/json' } });
        expect(variant.runCheck!.output).toContain('listening on :3000');
      }
      expect(multi.runCheckComparisons).toEqual([{ against: 'single-stage', same: true, differences: [] }]);
      // the app's own package came from the workspace; the dev dependency stayed behind
      const inside = (v: typeof multi, command: string) => inImage(v.imageId!, command);
      // the workspace package the app uses was built first (its dist/ is what it ships), as turbo.json's ^build says
      expect(multi.dockerfile).toContain('RUN npm run build --workspace=packages/greet \\\n && npm run build --workspace=apps/api');
      expect(analysis.stack?.reasons.join(' ')).toContain("packages/greet is built first, dependencies first (as Turborepo's ^build would");
      expect(inside(multi, 'cat /app/node_modules/@acme/greet/dist/index.js')).toContain('through the workspace');
      expect(inside(multi, 'ls /app/node_modules')).not.toContain('left-pad');
      expect(inside(single, 'ls /app/node_modules')).toContain('left-pad');
    },
    10 * 60_000,
  );
});
