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
    expect(() => detectNode(writeTree({ 'package.json': pkg({}) }))).toThrow(/nothing to run: looked for a start script/);
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
