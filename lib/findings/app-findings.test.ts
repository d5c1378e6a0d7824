import { DockerfileParser } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { findAppIssues } from '@/lib/findings/app-findings';
import type { FinalFile } from '@/lib/image-files/analyse-layers';

/** The final stage of a Dockerfile, as find-issues.ts gives it. */
function stage(dockerfile: string) {
  const all = DockerfileParser.parse(dockerfile).getInstructions();
  return all.slice(all.map((i) => i.getKeyword()).lastIndexOf('FROM'));
}

/** An image's final files: path -> size (folders from the paths). */
function image(files: Record<string, number>): Map<string, FinalFile> {
  const final = new Map<string, FinalFile>();
  for (const [path, size] of Object.entries(files)) {
    const parts = path.split('/');
    for (let i = 2; i < parts.length; i++) final.set(parts.slice(0, i).join('/'), { size: 0, type: 'dir', layer: 1 });
    final.set(path, { size, type: 'file', layer: 1 });
  }
  return final;
}

const REACT_DEV = 'FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci\nEXPOSE 3000\nCMD ["npm", "start"]\n';

describe('what the application does not need at run time', () => {
  it('finds a development server as the command', () => {
    const findings = findAppIssues({ finalStage: stage(REACT_DEV.replace('["npm", "start"]', '["npx", "react-scripts", "start"]')), final: image({}), devDependencies: [] });
    expect(findings).toEqual([expect.objectContaining({ id: 'dev-server-in-image', title: 'The image runs a development server (react-scripts start)', where: { line: 6 } })]);
    expect(findAppIssues({ finalStage: stage('FROM node:22-slim\nCMD ["nodemon", "src/index.js"]\n'), final: image({}), devDependencies: [] })[0]?.title).toMatch(/nodemon/);
    expect(findAppIssues({ finalStage: stage('FROM node:22-slim\nCMD ["node", "dist/index.js"]\n'), final: image({}), devDependencies: [] })).toEqual([]);
    // a build with vite is no dev server
    expect(findAppIssues({ finalStage: stage('FROM node:22-slim\nCMD ["npx", "vite", "build"]\n'), final: image({}), devDependencies: [] })).toEqual([]);
  });

  it('finds tests, docs and repository files next to the application, and dev dependencies in node_modules', () => {
    const final = image({
      '/app/server.js': 2000,
      '/app/README.md': 9000,
      '/app/docs/guide.md': 30_000,
      '/app/src/__tests__/server.test.js': 4000,
      '/app/.git/objects/pack/pack-1.pack': 500_000,
      '/app/node_modules/express/package.json': 1000,
      '/app/node_modules/express/index.js': 200_000,
      '/app/node_modules/jest/package.json': 1000,
      '/app/node_modules/jest/build/index.js': 3_000_000,
      '/app/node_modules/typescript/lib/typescript.js': 9_000_000,
      '/app/node_modules/typescript/package.json': 1000,
      '/app/node_modules/foo/README.md': 5000,
    });
    const findings = findAppIssues({
      finalStage: stage('FROM node:22\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n'),
      final,
      devDependencies: ['jest', 'typescript', 'eslint'],
    });
    expect(findings).toEqual([
      expect.objectContaining({ id: 'sources-shipped', bytes: 9000 + 30_000 + 4000 + 500_000, where: { path: '/app' } }),
      expect.objectContaining({
        id: 'dev-dependencies-shipped',
        title: '2 dev dependencies are in the image (typescript, jest)',
        bytes: 9_001_000 + 3_001_000,
        where: { path: '/app/node_modules' },
      }),
    ]);
  });

  it('finds a static site served by the Node.js runtime', () => {
    const final = image({
      '/usr/local/bin/node': 120_000_000,
      '/usr/local/lib/node_modules/npm/index.js': 8_000_000,
      '/app/build/index.html': 700,
      '/app/node_modules/serve/x.js': 300_000,
    });
    const findings = findAppIssues({ finalStage: stage('FROM node:22-slim\nWORKDIR /app\nCMD ["npx", "serve", "-s", "build"]\n'), final, devDependencies: [] });
    expect(findings).toEqual([expect.objectContaining({ id: 'runtime-not-needed', bytes: 128_300_000, where: { line: 3 } })]);
  });
});
