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
const GLOBAL_ARG = /^(\s*ARG\s+)([A-Za-z_][A-Za-z0-9_]*)=("?)([^\s"]+)\3(\s*)$/i;

/** Names of build arguments that FROM lines use as their whole image (`FROM ${NODE_IMAGE}`). */
function argsUsedAsImage(lines: string[]): Set<string> {
  const names = new Set<string>();
  for (const line of lines) {
    const image = FROM_LINE.exec(line)?.[3];
    const arg = image && /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(image)?.[1];
    if (arg) names.add(arg);
  }
  return names;
}

/**
 * Rewrites the image of every FROM line through the map, and the default of a global
 * `ARG NAME=image` that a FROM line uses as its image (`FROM ${NAME}`). FROM lines that
 * name an earlier stage (`FROM builder`) or build other expressions are left alone.
 */
export function rewriteFromLines(dockerfile: string, map: BaseImageMap): { dockerfile: string; baseImages: BaseImageUse[] } {
  const stages = new Set<string>();
  const baseImages: BaseImageUse[] = [];
  const source = dockerfile.split('\n');
  const imageArgs = argsUsedAsImage(source);
  let seenFrom = false;
  const lines = source.map((line) => {
    const arg = !seenFrom ? GLOBAL_ARG.exec(line) : null;
    if (arg && imageArgs.has(arg[2]!)) {
      const [, keyword = '', name = '', quote = '', image = '', tail = ''] = arg;
      const used = resolveBaseImage(map, image);
      if (!baseImages.some((b) => b.requested === image)) baseImages.push({ requested: image, used });
      return `${keyword}${name}=${quote}${used}${quote}${tail}`;
    }
    const match = FROM_LINE.exec(line);
    if (!match) return line;
    seenFrom = true;
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
