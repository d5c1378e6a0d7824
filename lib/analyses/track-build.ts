import { getSettings } from '@/lib/env';
import { saveBuildLog } from '@/lib/analyses/store/variants';
import type { AnalysisProgress } from '@/lib/analyses/kinds';

// A running build's log and step counter, saved as they come (at most every 750 ms, and
// what came last a little later), so the page and its live stream show them.

const FLUSH_EVERY_MS = 750;

interface TrackedJob {
  variantId: string;
  kind: string;
  setProgress: (progress: AnalysisProgress) => Promise<void>;
}

export interface BuildTracker {
  onLog(text: string): void;
  onProgress(p: { step: number; total: number }): void;
  /** the log so far (capped at MAX_LOG_KB) */
  readonly log: string;
  /** the last save, done */
  settle(): Promise<void>;
}

/** Collects a build's log (capped) and step counter, and saves both while it runs. */
export function trackBuild(job: TrackedJob, phase: 'building' | 'rebuilding'): BuildTracker {
  const verb = phase === 'building' ? 'Building' : 'Rebuilding (warm)';
  const maxLogBytes = getSettings().limits.maxLogBytes;
  let log = '';
  let truncated = false;
  let step: { step: number; total: number } | undefined;
  let lastFlush = 0;
  let flushing: Promise<unknown> = Promise.resolve();
  let trailing: NodeJS.Timeout | undefined;
  const flush = (force = false) => {
    const now = Date.now();
    if (!force && now - lastFlush < FLUSH_EVERY_MS) {
      // what came in between is saved a little later, even if nothing else comes
      trailing ??= setTimeout(() => {
        trailing = undefined;
        flush(true);
      }, FLUSH_EVERY_MS);
      return;
    }
    clearTimeout(trailing);
    trailing = undefined;
    lastFlush = now;
    // the warm rebuild's log is added to the variant's once it ends
    const saved = phase === 'building' ? { log, stepCurrent: step?.step ?? null, stepTotal: step?.total ?? null } : null;
    flushing = flushing.then(() =>
      Promise.all([
        saved && saveBuildLog(job.variantId, saved),
        job.setProgress({ phase, message: `${verb} the ${job.kind} image`, variant: job.kind, step: step?.step, total: step?.total }),
      ]),
    );
  };
  return {
    onLog: (text: string) => {
      if (truncated) return;
      if (log.length + text.length > maxLogBytes) {
        log += `\n[log truncated: it reached the ${maxLogBytes / 1024} kB cap (MAX_LOG_KB); the build went on]\n`;
        truncated = true;
      } else log += text;
      flush();
    },
    onProgress: (p: { step: number; total: number }) => {
      step = p;
      flush();
    },
    get log() {
      return log;
    },
    /** the last save, done */
    async settle() {
      flush(true);
      await flushing.catch(() => undefined);
    },
  };
}
