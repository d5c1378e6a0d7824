/**
 * File analysis against `docker save`, side by side in one run, each in its own
 * process so that peak memory is its own:
 *   1. `docker save IMAGE | wc -c`            (the engine's own export, the baseline)
 *   2. Shipshape's file analysis               (stream, list every layer, stack, waste)
 *   3. the same with gzip sizes                (worker threads)
 * Targets: 2 ≤ 1.15 × 1; 3 ≤ 2.5 × 1; peak RSS ≤ 300 MB for a 1 GB image.
 *
 *   npx tsx bench/file-analysis.ts [IMAGE]    (default: the golang:1.22 image or its stand-in)
 */
import { execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const DOCKER = process.env.DOCKER_CLI ?? '/usr/bin/docker';

async function analyseOnce(image: string, compressed: boolean): Promise<void> {
  const { getDocker } = await import('@/lib/docker/client');
  const { readImageExport } = await import('@/lib/image-files/read-image-export');
  const { analyseLayers } = await import('@/lib/image-files/analyse-layers');
  const started = performance.now();
  const stream = (await getDocker().getImage(image).get()) as NodeJS.ReadableStream as import('node:stream').Readable;
  const exported = await readImageExport(stream, { compressed });
  const analysis = analyseLayers(exported.layers, exported.config);
  const seconds = (performance.now() - started) / 1000;
  console.log(
    JSON.stringify({
      seconds,
      rssMB: process.resourceUsage().maxRSS / 1024,
      files: analysis.final.size,
      efficiency: analysis.efficiency,
      wastedBytes: analysis.wastedBytes,
      compressedBytes: analysis.compressedBytes,
    }),
  );
  process.exit(0);
}

function child(args: string[]): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d));
    p.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`child exited ${code}`))));
  });
}

function saveBaseline(image: string): Promise<{ seconds: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const p = spawn(DOCKER, ['save', image]);
    let bytes = 0;
    p.stdout.on('data', (d: Buffer) => (bytes += d.length));
    p.on('close', (code) => (code === 0 ? resolve({ seconds: (performance.now() - started) / 1000, bytes }) : reject(new Error(`docker save exited ${code}`))));
  });
}

const [mode, imageArg] = process.argv.slice(2);
if (mode === '--files' || mode === '--compressed') {
  await analyseOnce(imageArg!, mode === '--compressed');
} else {
  const image =
    mode ??
    ['golang:1.22', 'standin/golang:1.22'].find((ref) => {
      try {
        execFileSync(DOCKER, ['image', 'inspect', ref], { stdio: 'ignore' });
        return true;
      } catch {
        return false;
      }
    });
  if (!image) throw new Error('Give an image on the engine: npx tsx bench/file-analysis.ts IMAGE');
  const size = Number(execFileSync(DOCKER, ['image', 'inspect', '--format', '{{.Size}}', image], { encoding: 'utf8' }).trim());
  await saveBaseline(image); // warm the engine's side once, so no run pays for a cold disk alone
  const save = await saveBaseline(image);
  const files = await child(['--files', image]);
  const compressed = await child(['--compressed', image]);
  const mb = (n: number) => (n / 1e6).toFixed(0);
  console.log(`image ${image}: ${mb(size)} MB (docker image inspect), export ${mb(save.bytes)} MB, ${files.files} paths`);
  console.log(`docker save | wc -c         ${save.seconds.toFixed(2)} s`);
  console.log(
    `file analysis               ${files.seconds!.toFixed(2)} s  = ${(files.seconds! / save.seconds).toFixed(2)} × save (target ≤ 1.15)  peak RSS ${files.rssMB!.toFixed(0)} MB`,
  );
  console.log(
    `with gzip sizes             ${compressed.seconds!.toFixed(2)} s  = ${(compressed.seconds! / save.seconds).toFixed(2)} × save (target ≤ 2.5)   peak RSS ${compressed.rssMB!.toFixed(0)} MB`,
  );
  console.log(`efficiency ${(files.efficiency! * 100).toFixed(1)} %, wasted ${mb(files.wastedBytes!)} MB, gzip ${mb(compressed.compressedBytes!)} MB`);
}
