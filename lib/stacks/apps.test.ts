import { describe, expect, it } from 'vitest';
import { writeTree } from '../../tests/helpers/write-tree';
import { detectStack, MonorepoError } from '@/lib/stacks/detect';

const pkg = (body: object) => JSON.stringify({ name: 'x', version: '1.0.0', ...body });

describe('monorepos', () => {
  it('list the apps of plain folders, each with its own manifest', () => {
    const root = writeTree({
      'README.md': '# shop',
      'client/package.json': pkg({ scripts: { dev: 'nodemon src/index.js' } }),
      'client/src/index.js': '',
      'backend/requirements.txt': 'flask\n',
      'backend/app.py': 'from flask import Flask\napp = Flask(__name__)\n',
      'docs/package.json': pkg({ main: 'index.js' }),
      'docs/index.js': '',
    });
    let error: unknown;
    try {
      detectStack(root);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MonorepoError);
    expect((error as MonorepoError).apps).toEqual([
      { subdir: 'backend', language: 'python', entryPoint: expect.any(String) },
      { subdir: 'client', language: 'node', entryPoint: 'src/index.js' },
    ]);
    expect((error as Error).message).toMatch(
      /^Nothing to build at the repository's root, but its folders hold 2 apps: backend \(Python, runs .*\), client \(Node\.js, runs src\/index\.js\)\. Analyse one with "subdir" set to its folder, e\.g\. "backend", or each of them with the option "eachApp"\.$/,
    );
  });

  it('list the packages of npm and pnpm workspaces and of apps/ and packages/ layouts', () => {
    const npm = writeTree({
      'package.json': pkg({ private: true, workspaces: ['services/*'] }),
      'package-lock.json': '{}',
      'services/api/package.json': pkg({ main: 'server.js' }),
      'services/api/server.js': '',
      'services/worker/go.mod': 'module example.com/worker\n\ngo 1.22\n',
      'services/worker/main.go': 'package main\n\nfunc main() {}\n',
    });
    expect(() => detectStack(npm)).toThrow(/2 apps: services\/api \(Node\.js, runs server\.js\), services\/worker \(Go, runs \.\)/);
    const turbo = writeTree({
      'package.json': pkg({ private: true, scripts: { build: 'turbo run build' } }),
      'pnpm-workspace.yaml': "packages:\n  - 'apps/*'\n  - 'packages/*'\n",
      'apps/web/package.json': pkg({ scripts: { start: 'node index.js' } }),
      'apps/web/index.js': '',
      'packages/ui/package.json': pkg({}),
    });
    expect(() => detectStack(turbo)).toThrow(/an app: apps\/web \(Node\.js, runs start\)\. Analyse one with "subdir" set to its folder, e\.g\. "apps\/web"/);
  });

  it('say what was looked for when no folder builds either', () => {
    expect(() => detectStack(writeTree({ 'README.md': '# hi', 'notes/todo.txt': '' }))).toThrow(/^No supported stack found/);
  });
});
