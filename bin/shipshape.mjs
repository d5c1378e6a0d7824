#!/usr/bin/env node
// The `shipshape` command (see cli/shipshape.ts): TypeScript, run through tsx.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
await import('../cli/shipshape.ts');
