// Dog-food: Shipshape's own image (the repository's multi-stage Dockerfile) against a
// single-stage build of Shipshape written by Shipshape's own Node.js generator. Both
// are built side by side on the engine from the same clone; the sizes are the
// engine's (`docker image inspect .Size`).
//
//   npx tsx bench/self-image.ts        (BASE_IMAGE_MAP maps node:22 and node:22-slim)
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { getSettings } from '@/lib/env';
import { rewriteFromLines, resolveBaseImage } from '@/lib/base-images/rewrite-from';
import { detectStack, generateDockerfiles } from '@/lib/stacks/detect';
import { formatBytes, formatReduction } from '@/lib/format';
import { startHeadersMirror } from '../tests/helpers/node-headers-mirror';

const DOCKER = '/usr/bin/docker';
const root = process.cwd();
const map = getSettings().baseImageMap;
const env = { ...process.env, DOCKER_BUILDKIT: '1' };

const build = async (tag: string, args: string[]) => {
  const started = performance.now();
  await promisify(execFile)(DOCKER, ['build', ...args, '-t', tag, root], { env, maxBuffer: 256 * 1024 * 1024 });
  return (performance.now() - started) / 1000;
};
const sizeOf = (tag: string) => Number(execFileSync(DOCKER, ['image', 'inspect', '--format', '{{.Size}}', tag], { encoding: 'utf8' }).trim());

const stack = detectStack(root);
// What an offline build host needs, as the repository's Dockerfile has it too: a mirror
// of Node's headers for node-gyp, and no schema-engine download for `prisma generate`.
const single = rewriteFromLines(generateDockerfiles(stack).singleStage, map).dockerfile.replace(
  /^(FROM .*)$/gm,
  '$1\nARG NODEJS_ORG_MIRROR\nENV PRISMA_SCHEMA_ENGINE_BINARY=/bin/true',
);
const singleFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'shipshape-self-')), 'Dockerfile.single');
writeFileSync(singleFile, single);

const nodeSlim = resolveBaseImage(map, 'node:22-slim');
const version = execFileSync(DOCKER, ['run', '--rm', nodeSlim, 'node', '-v'], { encoding: 'utf8' }).trim();
const mirror = await startHeadersMirror(version);
try {
  const singleSeconds = await build('shipshape-bench:single-stage', ['-f', singleFile, '--build-arg', `NODEJS_ORG_MIRROR=${mirror.url}`]);
  const multiSeconds = await build('shipshape-bench:multi-stage', ['--build-arg', `NODE_IMAGE=${nodeSlim}`, '--build-arg', `NODEJS_ORG_MIRROR=${mirror.url}`]);
  const [s, m] = [sizeOf('shipshape-bench:single-stage'), sizeOf('shipshape-bench:multi-stage')];
  console.log(`stack: ${stack.language} (${stack.entryPoint}), bases: ${resolveBaseImage(map, 'node:22')} / ${nodeSlim}`);
  console.log(`single-stage (Shipshape's generator): ${s} B = ${formatBytes(s)}, built in ${singleSeconds.toFixed(0)} s`);
  console.log(`multi-stage (the repository's Dockerfile): ${m} B = ${formatBytes(m)}, built in ${multiSeconds.toFixed(0)} s`);
  console.log(`${formatBytes(s)} vs ${formatBytes(m)}: ${formatReduction(s, m)}`);
} finally {
  mirror.close();
  execFileSync(DOCKER, ['image', 'rm', '-f', 'shipshape-bench:single-stage', 'shipshape-bench:multi-stage'], { stdio: 'ignore' });
}
