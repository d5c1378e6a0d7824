export const ANALYSIS_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'canceled'] as const;
export type AnalysisStatus = (typeof ANALYSIS_STATUSES)[number];
export const TERMINAL_STATUSES: ReadonlySet<AnalysisStatus> = new Set<AnalysisStatus>(['succeeded', 'failed', 'canceled']);

/** The variants named by the API; more are `multi-stage:<final base>` and `multi-stage:<os>-<arch>`. */
export const VARIANT_KINDS = ['single-stage', 'multi-stage', 'repository', 'image'] as const;
export type VariantKind = (typeof VARIANT_KINDS)[number] | `multi-stage:${string}`;

/** A variant's kind as stored: one the API names, or one of the multi-stage variations. */
export function variantKind(kind: string): VariantKind {
  if ((VARIANT_KINDS as readonly string[]).includes(kind)) return kind as (typeof VARIANT_KINDS)[number];
  if (kind.startsWith('multi-stage:')) return kind as `multi-stage:${string}`;
  throw new Error(`Unknown variant kind "${kind}" in the database`);
}

/** single-stage, multi-stage, repository, then the others by name. */
export function compareKinds(a: string, b: string): number {
  const rank = (k: string) => {
    const i = (VARIANT_KINDS as readonly string[]).indexOf(k);
    return i === -1 ? VARIANT_KINDS.length : i;
  };
  return rank(a) - rank(b) || a.localeCompare(b);
}

export type VariantStatus = 'pending' | 'building' | 'succeeded' | 'failed' | 'canceled';

export interface AnalysisProgress {
  phase: 'queued' | 'fetching' | 'detecting' | 'building' | 'inspecting' | 'rebuilding' | 'checking' | 'analysing' | 'finished';
  message: string;
  variant?: string;
  step?: number;
  total?: number;
  /** while fetching: git's own percentage of the current stage */
  percent?: number;
  /** while reading an image's files: bytes of the export read, of the image's size */
  bytes?: { done: number; total: number };
}

/** Something worth telling the user about an analysis, e.g. a platform this engine cannot build. */
export interface Note {
  topic: string;
  message: string;
}
