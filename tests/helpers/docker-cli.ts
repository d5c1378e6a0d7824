import { execFileSync } from 'node:child_process';

// The engine's own client, used as the independent witness of what the engine holds.
const DOCKER = process.env.DOCKER_CLI ?? '/usr/bin/docker';

export function docker(...args: string[]): string {
  const host = process.env.DOCKER_HOST;
  return execFileSync(DOCKER, [...(host ? ['-H', host] : []), ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).replace(/\n$/, '');
}

/** Removes every image built for the given analyses. */
export function removeAnalysisImages(analysisIds: string[]): void {
  for (const id of analysisIds) {
    const images = docker('image', 'ls', '-q', '--filter', `label=io.shipshape.analysis=${id}`).split('\n').filter(Boolean);
    if (images.length) docker('image', 'rm', '-f', ...new Set(images));
  }
}
