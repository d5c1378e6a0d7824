import { newAnalysisId, newShareToken } from '@/lib/ids';
import { createAnalysisRow, getGroupSource, setApps, setNotes, type GroupSource } from '@/lib/analyses/store/analyses';
import { copyStoredUpload } from '@/lib/analyses/store/uploads';
import { normaliseSubdir, repositoryKey, type RepositorySource } from '@/lib/analyses/repository-key';
import { parseStoredOptions, type AnalysisOptions } from '@/lib/analyses/options';
import { ensureRepository } from '@/lib/repositories/repositories';
import type { FoundApp } from '@/lib/stacks/apps';
import type { MonorepoError } from '@/lib/stacks/detect';
import type { JobOutcome } from '@/lib/queue/types';

// A monorepo analysed app by app (options.eachApp): the analysis of its root finds the
// apps in its folders and starts one analysis for each, of the same source (the git URL
// and ref, with its credentials; a copy of the upload) at the app's folder, each of a
// repository of its own. They are grouped under the root's analysis, which lists them.

/** An app found at a monorepo's root, with the analysis started for it (null: not started). */
export interface GroupApp extends FoundApp {
  analysisId: string | null;
}

/** At most this many apps of one repository are analysed at once; the rest are listed. */
export const MAX_GROUP_APPS = 12;

/** The repository an app's analysis is of: the root's, at the app's folder. */
function appRepository(root: GroupSource, subdir: string): RepositorySource {
  if (root.sourceType === 'git') return { type: 'git', url: root.sourceLabel, subdir };
  if (root.sourceType === 'sample') return { type: 'sample', name: root.sourceLabel.replace(/^sample:/, ''), subdir };
  const named = /^named:([^#]*)/.exec(root.repositoryKey ?? '');
  return named ? { type: 'named', name: decodeURIComponent(named[1]!), subdir } : { type: 'archive', filename: root.sourceLabel, subdir };
}

/** Starts an analysis for each app (up to MAX_GROUP_APPS) and records them on the root. */
export async function startAppAnalyses(rootId: string, apps: FoundApp[]): Promise<GroupApp[]> {
  const root = await getGroupSource(rootId);
  // a root taken up again (its worker stopped after starting them) keeps the analyses it started
  if (root.apps?.some((app) => app.analysisId)) return root.apps;
  const { eachApp: _, entryPoint: __, ...options } = parseStoredOptions(root.options);
  const group: GroupApp[] = [];
  for (const [index, app] of apps.entries()) {
    if (index >= MAX_GROUP_APPS) {
      group.push({ ...app, analysisId: null });
      continue;
    }
    const id = newAnalysisId();
    const subdir = normaliseSubdir([root.sourceSubdir ?? '', app.subdir].join('/'));
    const source = appRepository(root, subdir);
    const key = repositoryKey(source, root.submittedBy, id);
    if (root.sourceType === 'archive') await copyStoredUpload(root.id, id);
    await createAnalysisRow({
      id,
      sourceType: root.sourceType,
      sourceLabel: root.sourceLabel,
      sourceRef: root.sourceRef,
      sourceSubdir: subdir,
      shareToken: newShareToken(),
      repositoryKey: key,
      repositoryId: await ensureRepository(key, source),
      commit: null,
      sourceSecret: root.sourceSecret,
      submittedBy: root.submittedBy,
      options,
      groupId: root.id,
    });
    group.push({ ...app, analysisId: id });
  }
  // the worker running this root takes them up once it is done (every worker polls the queue)
  await setApps(rootId, group);
  return group;
}

/** The apps of a monorepo's root, as found, for the page to offer when they were not analysed. */
export async function recordApps(rootId: string, apps: FoundApp[]): Promise<void> {
  await setApps(
    rootId,
    apps.map((app) => ({ ...app, analysisId: null })),
  );
}

/**
 * A monorepo's root, where nothing builds but its folders hold apps: with "eachApp", an
 * analysis of each app starts, grouped under this one, which has done its part; without,
 * the apps are kept for the page to offer, and the analysis fails with their list.
 */
export async function monorepoRoot(analysisId: string, found: MonorepoError, options: AnalysisOptions): Promise<JobOutcome> {
  if (!options.eachApp) {
    await recordApps(analysisId, found.apps);
    throw found;
  }
  const group = await startAppAnalyses(analysisId, found.apps);
  const started = group.filter((app) => app.analysisId);
  const left = group.length - started.length;
  await setNotes(analysisId, [
    {
      topic: 'apps',
      message: `Nothing to build at the repository's root: each of its ${group.length === 1 ? 'app' : `${group.length} apps`} is analysed on its own (${started.map((app) => app.subdir).join(', ')}).${left ? ` ${left} more ${left === 1 ? 'was' : 'were'} not started: at most ${MAX_GROUP_APPS} apps are analysed at once; analyse the others with "subdir".` : ''}`,
    },
  ]);
  return { status: 'succeeded', error: null, message: `Started the analyses of ${started.length} apps` };
}
