import { runAnalysis } from '@/lib/analyses/run-analysis';
import type { AnalysisOptions } from '@/lib/analyses/options';
import type { SourceSpec } from '@/lib/sources/source-input';

// One analysis at a time, in submission order: two parallel builds on a small
// engine make both slow and their timings meaningless. The queue lives on
// globalThis so that route handlers and instrumentation share it.

interface Job {
  analysisId: string;
  spec: SourceSpec;
  options: AnalysisOptions;
}

export class AnalysisQueue {
  private readonly pending: Job[] = [];
  private running: Promise<void> | null = null;

  constructor(private readonly run: (job: Job) => Promise<void> = (job) => runAnalysis(job.analysisId, job.spec, job.options)) {}

  enqueue(job: Job): void {
    if (this.pending.some((j) => j.analysisId === job.analysisId)) return;
    this.pending.push(job);
    this.running ??= this.drain();
  }

  get size(): number {
    return this.pending.length;
  }

  /** Resolves when every job enqueued so far has finished. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    try {
      for (let job = this.pending.shift(); job; job = this.pending.shift()) {
        await this.run(job).catch((error: unknown) => console.error('analysis job crashed', job?.analysisId, error));
      }
    } finally {
      this.running = null;
    }
  }
}

const cache = globalThis as unknown as { shipshapeQueue?: AnalysisQueue };

export function getAnalysisQueue(): AnalysisQueue {
  cache.shipshapeQueue ??= new AnalysisQueue();
  return cache.shipshapeQueue;
}
