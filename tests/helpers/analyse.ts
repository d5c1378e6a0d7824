import { gitRepo } from './repos';

/**
 * Analyses a small git repository of the test's own (written from `files`) with the
 * real worker, and returns the analysis as the API shows it. Call after the test file's
 * useFreshSettings (with ALLOW_LOCAL_SOURCES=1). The analysis id goes into `created`.
 */
export async function analyseFiles(files: Record<string, string>, created: string[], options: { warmRebuild?: boolean } = { warmRebuild: false }, subdir?: string) {
  const { createAnalysis } = await import('@/lib/analyses/create-analysis');
  const { getAnalysisOrThrow } = await import('@/lib/analyses/queries');
  const { getWorker } = await import('@/lib/analyses/analysis-worker');
  const { toAnalysisJson } = await import('@/lib/analyses/analysis-json');
  const { id } = await createAnalysis({ type: 'git', url: gitRepo(files), subdir }, options);
  created.push(id);
  await getWorker().idle();
  return toAnalysisJson(await getAnalysisOrThrow(id), 'http://localhost');
}
