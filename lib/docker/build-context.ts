import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import DockerIgnore from '@balena/dockerignore';
import { pack } from 'tar-fs';
import type { ExtraFile } from '@/lib/build-policy/prepare-dockerfile';

/** "a/b/c.txt" -> ["a", "a/b"] */
export function parentFolders(relative: string): string[] {
  const parts = relative.split('/').slice(0, -1);
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

/**
 * Which paths of a repository go into its build context: the repository's own
 * .dockerignore wins; a generated one applies only where there is none. The
 * .dockerignore itself never travels (the CLI does not send it either).
 */
export function contextFilter(dir: string, fallbackIgnore = ''): { keep: (relative: string) => boolean; ignoreText: string } {
  const ignorePath = path.join(dir, '.dockerignore');
  const ignoreText = existsSync(ignorePath) ? readFileSync(ignorePath, 'utf8') : fallbackIgnore;
  const filter = ignoreText ? DockerIgnore({ ignorecase: false }).add(ignoreText).createFilter() : () => true;
  return { keep: (relative) => relative !== '.dockerignore' && filter(relative), ignoreText };
}

/**
 * Packs a build context as the docker CLI does for `-f` outside the context, for
 * builders that take a tar (the classic builder, Buildah): the .dockerignore is
 * applied here, and the Dockerfile travels under a random name that the rewritten
 * .dockerignore lists, so the engine reads it and then drops it from the context
 * (COPY . . never sees it). Nothing is written into the repository.
 */
export function packBuildContext(dir: string, dockerfileText: string, fallbackIgnore = '', extraFiles: ExtraFile[] = []): { stream: Readable; dockerfile: string } {
  const { keep, ignoreText } = contextFilter(dir, fallbackIgnore);
  const dockerfile = `.dockerfile.${randomBytes(10).toString('hex')}`;
  const stream = pack(dir, {
    ignore: (absolute: string) => !keep(path.relative(dir, absolute).split(path.sep).join('/')),
    finalize: false,
    finish: (tar) => {
      // files fetched for ADD <url> (lib/build-policy), in this build's context only
      const folders = new Set(extraFiles.flatMap((f) => parentFolders(f.relative)));
      for (const folder of [...folders].sort()) tar.entry({ name: folder, type: 'directory', mode: 0o755 });
      for (const extra of extraFiles) tar.entry({ name: extra.relative, mode: 0o600 }, readFileSync(extra.file));
      tar.entry({ name: dockerfile }, dockerfileText);
      tar.entry({ name: '.dockerignore' }, `${ignoreText}\n.dockerignore\n${dockerfile}\n`);
      tar.finalize();
    },
  });
  return { stream: stream as unknown as Readable, dockerfile };
}
