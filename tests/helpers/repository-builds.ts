import { afterAll } from 'vitest';
import { docker, removeAnalysisImages } from './docker-cli';
import { gitRepo } from './repos';
import { useReadySettings } from './test-settings';
import { writeTree } from './write-tree';

// Repositories whose own Dockerfile is the test: each analysed for real by the worker,
// on the engine of the test project. Call at the top of a test file: what it builds and
// tags goes from the engine after the file.

export const DEBIAN = 'standin/debian:bookworm-slim';

export function repositoryBuilds() {
  const created: string[] = [];
  const made: string[] = [];
  afterAll(() => {
    removeAnalysisImages(created);
    for (const image of made.reverse()) {
      try {
        docker('image', 'rm', '-f', image);
      } catch {
        // already gone with another
      }
    }
  });

  /** Settings for the next analyses (on top of the ready test settings), and how to run one. */
  async function load(extra: Record<string, string> = {}) {
    await useReadySettings({ ALLOW_LOCAL_SOURCES: '1', ...extra });
    const { createAnalysis } = await import('@/lib/analyses/create-analysis');
    const { getAnalysisOrThrow } = await import('@/lib/analyses/queries');
    const { getWorker } = await import('@/lib/analyses/analysis-worker');
    /** Analyses a repository of this Dockerfile, hello.txt and `files`; the repository's own variant with it. */
    const analyse = async (dockerfile: string, files: Record<string, string> = {}) => {
      const { id } = await createAnalysis({ type: 'git', url: gitRepo({ Dockerfile: dockerfile, 'hello.txt': 'hello\n', ...files }) }, { warmRebuild: false });
      created.push(id);
      await getWorker().idle();
      const analysis = await getAnalysisOrThrow(id);
      return { analysis, variant: analysis.variants.find((v) => v.kind === 'repository')! };
    };
    return { analyse };
  }

  /** A tiny image of the engine's own, made with its CLI; `tag` empty leaves it untagged. */
  function ownImage(content: string, tag?: string): string {
    const dir = writeTree({ Dockerfile: `FROM scratch\nCOPY secret.txt /secret.txt\n`, 'secret.txt': content });
    const id = docker('build', '-q', ...(tag ? ['-t', tag] : []), dir);
    made.push(tag ?? id);
    return id;
  }

  return { load, ownImage, created };
}
