import { rmSync } from 'node:fs';
import path from 'node:path';
import { getSettings } from '@/lib/env';
import type { SampleName } from '@/lib/sources/samples';
import type { SourceSpec } from '@/lib/sources/source-input';

// Where a job's source is found again when a worker takes it up: the uploaded
// archive waits in DATA_DIR/uploads; a git URL's credentials are sealed in the row.

const ARCHIVE_EXT = /\.(tar\.gz|tgz|zip)$/i;

export function uploadPath(id: string, filename: string): string {
  const ext = ARCHIVE_EXT.exec(filename)?.[0].toLowerCase() ?? '';
  return path.join(getSettings().dataDir, 'uploads', `${id}${ext}`);
}

type StoredSource = { id: string; sourceType: string; sourceLabel: string; sourceRef: string | null; sourceSubdir: string | null };

/** The source of a stored analysis, for taking it up again after a restart. */
export function specFromRecord(analysis: StoredSource): SourceSpec {
  const subdir = analysis.sourceSubdir ?? undefined;
  switch (analysis.sourceType) {
    case 'sample':
      return { type: 'sample', name: analysis.sourceLabel.replace(/^sample:/, '') as SampleName, subdir };
    case 'archive':
      return { type: 'archive', file: uploadPath(analysis.id, analysis.sourceLabel), filename: analysis.sourceLabel, subdir };
    default:
      return { type: 'git', url: analysis.sourceLabel, ref: analysis.sourceRef ?? undefined, subdir };
  }
}

/** Removes an analysis's uploaded archive, once it is no longer needed (the job ended). */
export function removeUpload(analysis: StoredSource): void {
  const spec = specFromRecord(analysis);
  if (spec.type === 'archive') rmSync(spec.file, { force: true });
}
