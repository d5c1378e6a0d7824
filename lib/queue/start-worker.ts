import { getDb } from '@/lib/db';
import { resumeInterruptedAnalyses } from '@/lib/analyses/create-analysis';

export async function startWorker(): Promise<void> {
  getDb(); // applies migrations
  const resumed = await resumeInterruptedAnalyses();
  if (resumed) console.log(`shipshape: took up ${resumed} unfinished analys${resumed === 1 ? 'is' : 'es'}`);
}
