export const ANALYSIS_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'canceled'] as const;
export type AnalysisStatus = (typeof ANALYSIS_STATUSES)[number];
export const TERMINAL_STATUSES: ReadonlySet<string> = new Set(['succeeded', 'failed', 'canceled']);

export const VARIANT_KINDS = ['single-stage', 'multi-stage', 'repository'] as const;
export type VariantKind = (typeof VARIANT_KINDS)[number];
/** the variants every analysis builds, in build order */
export const GENERATED_KINDS = ['single-stage', 'multi-stage'] as const satisfies readonly VariantKind[];

export type VariantStatus = 'pending' | 'building' | 'succeeded' | 'failed' | 'canceled';

export interface AnalysisProgress {
  phase: 'queued' | 'fetching' | 'detecting' | 'building' | 'inspecting' | 'finished';
  message: string;
  variant?: VariantKind;
  step?: number;
  total?: number;
}
