import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { getSettings } from '@/lib/env';
import type { SampleName } from '@/lib/sources/samples';
import type { SourceSpec } from '@/lib/sources/source-input';
import { readUpload, removeStoredUpload } from '@/lib/analyses/store/uploads';

// Where a job's source is found again when a worker takes it up: the uploaded
// archive waits in the database (any worker, on any machine, reads it there); a git
// URL's credentials are sealed in the row.

const ARCHIVE_EXT = /\.(tar\.gz|tgz|zip)$/i;

/** Where an upload was kept before uploads moved into the database (jobs queued then still find it). */
function legacyUploadPath(id: string, filename: string): string {
  return path.join(getSettings().dataDir, 'uploads', `${id}${archiveExt(filename)}`);
}

const archiveExt = (filename: string) => ARCHIVE_EXT.exec(filename)?.[0].toLowerCase() ?? '';

type StoredSource = { id: string; sourceType: string; sourceLabel: string; sourceRef: string | null; sourceSubdir: string | null };

/** The source types whose upload waits in the database until the job ends. */
const UPLOADED = new Set(['archive', 'image-archive']);

/** The source of a stored analysis, for taking it up again after a restart. */
export function specFromRecord(analysis: StoredSource): SourceSpec {
  const subdir = analysis.sourceSubdir ?? undefined;
  switch (analysis.sourceType) {
    case 'sample':
      return { type: 'sample', name: analysis.sourceLabel.replace(/^sample:/, '') as SampleName, subdir };
    case 'archive':
      return { type: 'upload', analysisId: analysis.id, filename: analysis.sourceLabel, subdir };
    case 'image':
      return { type: 'image', ref: analysis.sourceLabel };
    case 'image-archive':
      return { type: 'image-upload', analysisId: analysis.id, filename: analysis.sourceLabel };
    default:
      return { type: 'git', url: analysis.sourceLabel, ref: analysis.sourceRef ?? undefined, subdir };
  }
}

/** The archive of an upload spec, written into `workDir` for the worker to unpack. */
export async function materializeUpload(spec: Extract<SourceSpec, { type: 'upload' }>, workDir: string): Promise<Extract<SourceSpec, { type: 'archive' }>> {
  const legacy = legacyUploadPath(spec.analysisId, spec.filename);
  const file = existsSync(legacy) ? legacy : path.join(workDir, `upload${archiveExt(spec.filename)}`);
  if (file !== legacy) await readUpload(spec.analysisId, file);
  return { type: 'archive', file, filename: spec.filename, subdir: spec.subdir };
}

/** Removes an analysis's uploaded archive, once it is no longer needed (the job ended). */
export async function removeUpload(analysis: StoredSource): Promise<void> {
  if (!UPLOADED.has(analysis.sourceType)) return;
  rmSync(legacyUploadPath(analysis.id, analysis.sourceLabel), { force: true });
  await removeStoredUpload(analysis.id);
}
