import { variantKind, type VariantKind, type VariantStatus } from '@/lib/analyses/kinds';
import { formatBytes } from '@/lib/format';

// The multi-stage image once per platform it was built for: the page's row, the API's
// `platforms`, the badge's `?platforms` and the link preview's line.

export type SizeSource = 'engine' | 'computed';

/** The multi-stage image once per platform it was built for, the engine's own first. */
export interface PlatformSizeJson {
  /** e.g. linux/arm64 */
  platform: string;
  /** multi-stage (the engine's own platform) or multi-stage:<os>-<arch> */
  kind: VariantKind;
  status: VariantStatus;
  /** true for the engine's own platform */
  native: boolean;
  sizeBytes: number | null;
  sizeSource: SizeSource;
  compressedBytes: number | null;
}

/** A variant as stored (enough of it to place it on a platform). */
interface PlatformVariant {
  kind: string;
  status: VariantStatus;
  platform: string | null;
  /** the engine it was built on (its os and arch name the engine's own platform) */
  engineFacts: { os?: string; arch?: string } | null;
  sizeBytes: bigint | number | null;
  sizeSource?: SizeSource | null;
  compressedBytes?: bigint | number | null;
}

/** The multi-stage variant per platform: the engine's own, then every other one built. */
export function platformSizesOf(variants: PlatformVariant[]): PlatformSizeJson[] {
  const others = variants.filter((v) => v.platform !== null && v.kind.startsWith('multi-stage:'));
  const native = variants.find((v) => v.kind === 'multi-stage');
  if (!others.length || !native) return [];
  const engine = native.engineFacts;
  const entry = (v: PlatformVariant, platform: string, isNative: boolean): PlatformSizeJson => ({
    platform,
    kind: variantKind(v.kind),
    status: v.status,
    native: isNative,
    sizeBytes: v.sizeBytes === null ? null : Number(v.sizeBytes),
    sizeSource: v.sizeSource ?? 'engine',
    compressedBytes: v.compressedBytes === null || v.compressedBytes === undefined ? null : Number(v.compressedBytes),
  });
  return [entry(native, engine?.arch ? `${engine.os ?? 'linux'}/${engine.arch}` : 'this engine', true), ...others.map((v) => entry(v, v.platform!, false))];
}

/** "amd64 5.1 MB · arm64 4.7 MB" for a badge or a preview, or null with fewer than two built. */
export function platformsLine(platforms: PlatformSizeJson[]): string | null {
  const built = platforms.filter((p) => p.sizeBytes !== null);
  if (built.length < 2) return null;
  return built.map((p) => `${p.platform.split('/')[1] ?? p.platform} ${formatBytes(p.sizeBytes!)}`).join(' · ');
}
