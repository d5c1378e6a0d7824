import type { GoStack } from '@/lib/stacks/types';

/** A detected Go stack as stored with an analysis, for rows a test or benchmark writes itself. */
export const GO_STACK: GoStack = {
  language: 'go',
  buildTool: 'go',
  entryPoint: '.',
  entryPoints: ['.'],
  sourceFile: 'main.go',
  reasons: ['go.mod found'],
  module: 'example.com/server',
  goVersion: '1.22',
  binary: 'server',
  vendored: false,
  hasGoSum: false,
  hasDependencies: false,
  usesCgo: false,
  port: 8080,
};
