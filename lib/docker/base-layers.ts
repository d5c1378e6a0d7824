import { getDocker } from '@/lib/docker/client';

// How many of an image's layers (`docker history` entries, bottom first) are its final
// stage's base image: the rest is what the Dockerfile added. The split of a saving into
// "a smaller base" and "the build left behind" is read off it.

const FROM = /^\s*FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/i;

/** The image the final stage (or `target`) starts from (through earlier stages it names); null when it is built from a variable. */
export function finalBaseImage(dockerfile: string, target?: string): string | null {
  const stages = new Map<string, string>();
  let last: string | null = null;
  for (const line of dockerfile.split('\n')) {
    const match = FROM.exec(line);
    if (!match) continue;
    const image = match[1]!;
    const resolved = stages.get(image.toLowerCase()) ?? image;
    if (match[2]) stages.set(match[2].toLowerCase(), resolved);
    last = resolved;
    if (target && match[2]?.toLowerCase() === target.toLowerCase()) break;
  }
  return last && !last.includes('$') ? last : null;
}

/** The number of history entries of the final stage's base on this engine (0 for scratch); null when it cannot be told. */
export async function baseLayerCount(dockerfile: string, target?: string): Promise<number | null> {
  const base = finalBaseImage(dockerfile, target);
  if (!base) return null;
  if (base === 'scratch') return 0;
  try {
    return (await getDocker().getImage(base).history()).length;
  } catch {
    return null;
  }
}
