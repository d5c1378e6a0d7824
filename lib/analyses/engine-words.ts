import { formatBytes } from '@/lib/format';
import type { EngineSizes } from '@/lib/docker/inspect-image';
import type { EngineFacts } from '@/lib/docker/engine-facts';

// Sentences that tie Shipshape's figures to what the engine's own CLI shows, so
// nobody is surprised by a different number. Pure functions: pages and tests use them.

type Engine = Pick<EngineFacts, 'kind' | 'version' | 'imageStore'>;

/** "Docker 28.5.2 · containerd image store" */
export function engineLabel(engine: Engine): string {
  const store = { legacy: 'legacy image store', containerd: 'containerd image store', 'containers-storage': 'containers-storage' }[engine.imageStore];
  return `${engine.kind === 'podman' ? 'Podman' : 'Docker'} ${engine.version} · ${store}`;
}

/**
 * What the engine's CLI shows for the image, and how it relates to sizeBytes:
 * "`docker image ls` shows 7.5 MB: 2.3 MB compressed content + 5.2 MB unpacked".
 */
export function cliFigure(engine: Engine, sizes: EngineSizes, sizeBytes: number, sizeSource: 'engine' | 'computed' = 'engine'): string {
  if (sizeSource === 'computed') {
    return `Computed: the engine has no unpacked size for an image of another platform (the containerd store keeps it as compressed content, not unpacked), so this is the bytes of the files its layers add or change, read from its export. \`docker image ls\` shows ${formatBytes(sizes.list ?? sizes.inspect)}, the compressed content.`;
  }
  if (engine.imageStore === 'containerd' && sizes.list !== null) {
    const unpacked = sizes.list - sizes.inspect;
    const blocks = unpacked !== sizeBytes ? ` (the engine's unpacked figure; its layers add up to ${formatBytes(sizeBytes)})` : '';
    return `\`docker image ls\` shows ${formatBytes(sizes.list)}: ${formatBytes(sizes.inspect)} compressed content + ${formatBytes(unpacked)} unpacked${blocks}; \`docker image inspect\` reports the ${formatBytes(sizes.inspect)} as .Size.`;
  }
  const cli = engine.kind === 'podman' ? '`podman images`' : '`docker image ls`';
  return `${cli} and \`image inspect\` show the same ${formatBytes(sizes.inspect)}.`;
}

/** Where a compressed figure comes from. */
export function compressedWords(source: 'engine' | 'computed' | null): string {
  if (source === 'engine') return "the engine's own compressed layers";
  if (source === 'computed') return 'gzip computed here from the layers (the engine keeps them uncompressed)';
  return '';
}
