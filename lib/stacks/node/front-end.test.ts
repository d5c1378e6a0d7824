import { describe, expect, it } from 'vitest';
import { writeTree } from '../../../tests/helpers/write-tree';
import { expectValidDockerfile } from '../../../tests/helpers/valid-dockerfile';
import { detectNode } from '@/lib/stacks/node/detect-node';
import { generateNode } from '@/lib/stacks/node/generate-node';

const pkg = (body: object) => JSON.stringify({ name: 'web', version: '1.0.0', ...body });

describe('front-end apps', () => {
  it('serve a Create React App build with busybox httpd, not react-scripts start', () => {
    const stack = detectNode(
      writeTree({
        'package.json': pkg({ scripts: { start: 'react-scripts start', build: 'react-scripts build' }, dependencies: { react: '18.3.1', 'react-scripts': '5.0.1' } }),
        'package-lock.json': '{}',
        'src/index.js': '',
        'public/index.html': '',
      }),
    )!;
    expect(stack).toMatchObject({
      entryPoint: 'build',
      frontEnd: { tool: 'create-react-app', outDir: 'build' },
      command: ['npx', 'react-scripts', 'start'],
      port: 3000,
      sourceFile: 'src/index.js',
    });
    const { singleStage, multiStage, finalBase } = generateNode(stack);
    expect(singleStage).toContain('RUN npm ci\nEXPOSE 3000\nCMD ["npx", "react-scripts", "start"]');
    expect(multiStage).toContain('RUN npm run build\n');
    expect(multiStage).toContain(
      'FROM alpine:3.21\nCOPY --from=builder /app/build /srv\nRUN addgroup -g 1001 -S app && adduser -u 1001 -S -G app -H -D app\nUSER app\nEXPOSE 8080',
    );
    expect(multiStage).toContain('CMD ["busybox", "httpd", "-f", "-v", "-p", "8080", "-h", "/srv"]');
    expect(multiStage).not.toMatch(/FROM node:22-slim/);
    expect(finalBase.base.id).toBe('alpine');
    expectValidDockerfile(singleStage);
    expectValidDockerfile(multiStage);
  });

  it('read where Vite, Angular and Vue CLI write their builds', () => {
    const vite = detectNode(
      writeTree({
        'package.json': pkg({ scripts: { dev: 'vite', build: 'vite build' }, devDependencies: { vite: '5.4.0' } }),
        'vite.config.js': "export default { build: { outDir: 'public-dist' } };\n",
      }),
    )!;
    expect(vite).toMatchObject({ frontEnd: { tool: 'vite', outDir: 'public-dist', devCommand: ['npx', 'vite', '--host', '0.0.0.0'], devPort: 5173 }, entryPoint: 'public-dist' });
    const angular = detectNode(
      writeTree({
        'package.json': pkg({ scripts: { build: 'ng build' }, dependencies: { '@angular/core': '19.0.0' }, devDependencies: { '@angular/cli': '19.0.0' } }),
        'angular.json': JSON.stringify({
          projects: { shop: { architect: { build: { builder: '@angular-devkit/build-angular:application', options: { outputPath: 'dist/shop' } } } } },
        }),
      }),
    )!;
    expect(angular.frontEnd).toMatchObject({ tool: 'angular', outDir: 'dist/shop/browser', devPort: 4200 });
    const vue = detectNode(writeTree({ 'package.json': pkg({ scripts: { build: 'vue-cli-service build' }, devDependencies: { '@vue/cli-service': '5.0.8' } }) }))!;
    expect(vue.frontEnd).toMatchObject({ tool: 'vue-cli', outDir: 'dist' });
  });

  it("read webpack's output.path as people write it, and never a folder outside the app or more than a path", () => {
    const webpack = (config: string) =>
      detectNode(
        writeTree({
          'package.json': pkg({ scripts: { build: 'webpack --mode production' }, devDependencies: { webpack: '5.97.1', 'webpack-cli': '6.0.1' } }),
          'webpack.config.js': config,
        }),
      )!.frontEnd?.outDir;
    expect(webpack("module.exports = { output: { path: path.resolve(__dirname, 'build'), filename: 'main.js' } };\n")).toBe('build');
    expect(webpack('module.exports = { output: { path: path.join(__dirname, "public", "assets") } };\n')).toBe('public/assets');
    expect(webpack("module.exports = { output: { path: 'out/' } };\n")).toBe('out');
    expect(webpack('module.exports = {};\n')).toBe('dist');
    expect(webpack("module.exports = { output: { path: '/var/www' } };\n")).toBe('dist');
    expect(webpack("module.exports = { output: { path: path.resolve(__dirname, '..', '..', 'etc') } };\n")).toBe('dist');
    expect(webpack('module.exports = { output: { path: `dist\nRUN wget example.com` } };\n')).toBe('dist');
  });

  it('leave a server with a front-end build to Node.js', () => {
    const stack = detectNode(
      writeTree({
        'package.json': pkg({ scripts: { build: 'vite build', start: 'node server.js' }, dependencies: { express: '4.21.0' }, devDependencies: { vite: '5.4.0' } }),
        'server.js': '',
      }),
    )!;
    expect(stack.frontEnd ?? null).toBeNull();
    expect(stack.command).toEqual(['node', 'server.js']);
  });
});
