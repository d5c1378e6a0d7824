import type { BaseImageMap } from '@/lib/env';
import { BUILTIN_IMAGES } from '@/lib/base-images/catalog';

export interface BaseImageUse {
  /** the name the Dockerfile asks for */
  requested: string;
  /** the image the engine builds from (after BASE_IMAGE_MAP) */
  used: string;
}

/** Looks a reference up in the map: exact name first, then with or without `:latest`. */
export function resolveBaseImage(map: BaseImageMap, ref: string): string {
  if (BUILTIN_IMAGES.has(ref)) return ref;
  const direct = map[ref];
  if (direct) return direct;
  const hasTag = /:[^/]+$/.test(ref) || ref.includes('@');
  const alias = hasTag ? (ref.endsWith(':latest') ? map[ref.slice(0, -':latest'.length)] : undefined) : map[`${ref}:latest`];
  return alias ?? ref;
}

const FROM_LINE = /^(\s*FROM\s+)((?:--\S+\s+)*)(\S+)(.*)$/i;

/**
 * Rewrites the image of every FROM line through the map. FROM lines that name an
 * earlier stage (`FROM builder`) or use a build argument are left alone.
 */
export function rewriteFromLines(dockerfile: string, map: BaseImageMap): { dockerfile: string; baseImages: BaseImageUse[] } {
  const stages = new Set<string>();
  const baseImages: BaseImageUse[] = [];
  const lines = dockerfile.split('\n').map((line) => {
    const match = FROM_LINE.exec(line);
    if (!match) return line;
    const [, from = '', flags = '', image = '', rest = ''] = match;
    const stageName = /\bAS\s+(\S+)/i.exec(rest)?.[1];
    const isStage = stages.has(image.toLowerCase());
    if (stageName) stages.add(stageName.toLowerCase());
    if (isStage || image.includes('$')) return line;
    const used = resolveBaseImage(map, image);
    if (!baseImages.some((b) => b.requested === image)) baseImages.push({ requested: image, used });
    return `${from}${flags}${used}${rest}`;
  });
  return { dockerfile: lines.join('\n'), baseImages };
}
