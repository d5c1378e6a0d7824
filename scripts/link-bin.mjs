// `npx shipshape` in a clone: npm links the bins of dependencies, not the project's own,
// so the install links bin/shipshape.mjs into node_modules/.bin itself.
import { existsSync, lstatSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';

const binDir = path.join('node_modules', '.bin');
const link = path.join(binDir, 'shipshape');
mkdirSync(binDir, { recursive: true });
if (existsSync(link) || lstatSync(link, { throwIfNoEntry: false })) rmSync(link, { force: true });
symlinkSync(path.join('..', '..', 'bin', 'shipshape.mjs'), link);
