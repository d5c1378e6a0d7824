import type { AnalysisStatus } from '@/lib/analyses/kinds';
import type { AnalysisRecord } from '@/lib/analyses/queries';

// A monorepo's group in the API's JSON (GET /api/analyses/:id): the root lists its apps
// with how each analysis stands; an app's analysis names its root.

/** An app of a monorepo and how its analysis stands (sizes are its variants', as the engine reported them). */
export interface GroupAppJson {
  subdir: string;
  language: string;
  entryPoint: string;
  /** null: not started (the page offers to analyse it with subdir) */
  analysisId: string | null;
  /** null: not started, or deleted since */
  status: AnalysisStatus | null;
  singleStageBytes: number | null;
  multiStageBytes: number | null;
}

/** The root that started an app's analysis. */
export interface GroupJson {
  id: string;
  label: string;
}

/** `apps` and `group` of an analysis's JSON. */
export function groupJsonOf(analysis: AnalysisRecord): { apps: GroupAppJson[]; group: GroupJson | null } {
  const root = analysis.group.root;
  return { apps: groupAppsOf(analysis), group: root ? { id: root.id, label: root.sourceLabel } : null };
}

function groupAppsOf(analysis: AnalysisRecord): GroupAppJson[] {
  return (analysis.apps ?? []).map((app) => {
    const member = analysis.group.members.find((m) => m.id === app.analysisId);
    const size = (kind: string) => {
      const bytes = member?.variants.find((v) => v.kind === kind)?.sizeBytes;
      return bytes === null || bytes === undefined ? null : Number(bytes);
    };
    return {
      subdir: app.subdir,
      language: app.language,
      entryPoint: app.entryPoint,
      analysisId: app.analysisId,
      status: member?.status ?? null,
      singleStageBytes: size('single-stage'),
      multiStageBytes: size('multi-stage'),
    };
  });
}
