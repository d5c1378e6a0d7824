import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// The engine's own client, used as the independent witness of what the engine holds.
const DOCKER = process.env.DOCKER_CLI ?? '/usr/bin/docker';

export function docker(...args: string[]): string {
  const host = process.env.DOCKER_HOST;
  // the engine's complaints go into the thrown error, not the test output
  return execFileSync(DOCKER, [...(host ? ['-H', host] : []), ...withUlimits(args)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] }).replace(
    /\n$/,
    '',
  );
}

/** A shell command run in an image, offline, its output as text. */
export function inImage(imageId: string, command: string): string {
  return docker('run', '--rm', '--network', 'none', '--entrypoint', 'sh', imageId, '-c', command);
}

/**
 * Podman starts containers with raised open-file and process limits that a sandboxed
 * host may refuse ("error setting rlimit type 7"); runs there name limits it allows.
 */
function withUlimits(args: string[]): string[] {
  if (process.env.SHIPSHAPE_TEST_ENGINE !== 'podman' || args[0] !== 'run') return args;
  return ['run', '--ulimit', 'nofile=1024:1024', '--ulimit', 'nproc=1024:1024', ...args.slice(1)];
}

/** Removes every image built for the given analyses, step images included (children before parents). */
export function removeAnalysisImages(analysisIds: string[]): void {
  removeAnalysisImagesOn([process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock'], analysisIds);
}

/** The CLI against a given engine (e.g. unix:///var/run/docker-second.sock), that engine's own CLI where there is one. */
export function dockerOn(host: string, ...args: string[]): string {
  return execFileSync(CLI_OF[host] ?? DOCKER, ['-H', host, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] }).replace(/\n$/, '');
}

const CLI_OF: Record<string, string> = {
  'unix:///var/run/docker-modern.sock': '/opt/shipshape-engines/modern/usr/bin/docker',
  'unix:///var/run/docker-26.sock': '/opt/shipshape-engines/docker26/usr/bin/docker',
};

/** The image the app runs its short helper containers of (HELPER_IMAGE's default, through BASE_IMAGE_MAP). */
export function helperImageRef(): string {
  const file = process.env.BASE_IMAGE_MAP || process.env.SHARED_BASE_IMAGE_MAP;
  const map = file ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  return map['alpine:3.21'] ?? 'alpine:3.21';
}

/** Gives an engine with its own image store (the second one) an image the main engine has. */
export function copyImageToEngine(ref: string, host: string): void {
  if (imageExists(ref, host)) return;
  execFileSync('bash', ['-c', `${DOCKER} -H unix:///var/run/docker.sock save ${ref} | ${CLI_OF[host] ?? DOCKER} -H ${host} load -q`], { stdio: 'ignore' });
}

/** Removes the images built for the given analyses on each of the given engines, step images included (children before parents). */
export function removeAnalysisImagesOn(hosts: string[], analysisIds: string[]): void {
  for (const host of hosts) {
    for (const id of analysisIds) {
      for (let pass = 0; pass < 5; pass++) {
        const images = dockerOn(host, 'image', 'ls', '-aq', '--filter', `label=io.shipshape.analysis=${id}`).split('\n').filter(Boolean);
        if (!images.length) break;
        for (const image of new Set(images)) {
          try {
            dockerOn(host, 'image', 'rm', '-f', image);
          } catch {
            // a parent of another (the next pass takes it), or gone already
          }
        }
      }
    }
  }
}

/** Whether the engine holds an image with this id or name. */
export function imageExists(ref: string, host = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock'): boolean {
  try {
    dockerOn(host, 'image', 'inspect', '--format', '{{.Id}}', ref);
    return true;
  } catch {
    return false;
  }
}

/** Ids of every container on the engine, running or not. */
export function containerIds(host = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock'): string[] {
  return dockerOn(host, 'ps', '-aq', '--no-trunc').split('\n').filter(Boolean);
}

/** A GET on the engine's own API through curl (a witness independent of dockerode). */
export function engineApi(pathAndQuery: string, host = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock'): unknown {
  const socket = host.replace(/^unix:\/\//, '');
  return JSON.parse(execFileSync('curl', ['-fsS', '--unix-socket', socket, `http://engine${pathAndQuery}`], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));
}

/** The image manifest inside the engine's `docker save` (an OCI layout on the containerd store). */
export function savedManifest(image: string): { layers: { size: number; mediaType: string }[] } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'shipshape-save-'));
  execFileSync('sh', ['-c', `${DOCKER} -H ${process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock'} save ${image} | tar -x -C ${dir}`]);
  const index = JSON.parse(readFileSync(path.join(dir, 'index.json'), 'utf8')) as { manifests: { digest: string }[] };
  const blob = (digest: string) =>
    JSON.parse(readFileSync(path.join(dir, 'blobs', ...digest.split(':')), 'utf8')) as { layers?: { size: number; mediaType: string }[]; manifests?: { digest: string }[] };
  let node = blob(index.manifests[0]!.digest);
  while (!node.layers) node = blob(node.manifests![0]!.digest);
  return { layers: node.layers };
}

/** Every image on the engine, step images included. */
export function allImageIds(): string[] {
  return docker('image', 'ls', '-aq', '--no-trunc').split('\n').filter(Boolean);
}

/** The images (step images included) labelled with an analysis. */
export function labelledImageIds(analysisId: string): string[] {
  return docker('image', 'ls', '-aq', '--no-trunc', '--filter', `label=io.shipshape.analysis=${analysisId}`).split('\n').filter(Boolean);
}
