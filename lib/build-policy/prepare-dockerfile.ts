import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type Docker from 'dockerode';
import { readDockerfileRefs, replaceSpans, type AddWithRemote } from '@/lib/build-policy/dockerfile-refs';
import { resolveImage, type ImageAccess } from '@/lib/build-policy/image-access';
import { fetchRemoteFile, fileNameOf, type FetchLimits } from '@/lib/build-policy/fetch-remote';
import { BuildRefusedError } from '@/lib/build-policy/errors';
import { redactUrl } from '@/lib/sources/git-url';

// A Dockerfile as the engine gets it: every image it reads allowed or pinned by
// digest, every remote source fetched here and copied from the context, and (for the
// classic builder) the build's labels right after each FROM, so every step image the
// build commits carries them and can be found and removed by them, never by log text.

export interface ExtraFile {
  /** where it appears in the build context */
  relative: string;
  /** where it is on disk */
  file: string;
}

export interface PreparedDockerfile {
  dockerfile: string;
  /** fetched remote sources, added to this build's context only */
  extraFiles: ExtraFile[];
}

export interface PrepareOptions {
  /** cache mounts get ids of this instance's (so its cache can be told from others' on a shared engine) */
  cacheIdPrefix?: string;
  docker: Docker;
  access: ImageAccess;
  fetch: FetchLimits;
  /** a folder of this job's where fetched sources are kept */
  workDir: string;
  /** labels to put after each FROM (classic builds), or none */
  stepLabels?: Record<string, string>;
  /** the stage built (a compose file's build.target): stages it does not need are left out */
  target?: string;
  onLog?: (text: string) => void;
}

const jsonArgs = (values: string[]) => `[${values.map((v) => JSON.stringify(v)).join(', ')}]`;

/** COPY for the fetched URL sources (COPY keeps the file as ADD made it: not unpacked, mode 0600), ADD for the rest. */
function rewriteAdd(add: AddWithRemote, fetched: Map<string, string>): string[] {
  const flags = add.flags.filter((f) => ['chown', 'chmod'].includes(f.name)).map((f) => `--${f.name}=${f.value ?? ''}`);
  const local = add.sources.filter((s) => !s.remote).map((s) => s.value);
  const remote = add.sources.filter((s) => s.remote).map((s) => fetched.get(s.value)!);
  const lines = [`COPY ${[...flags, jsonArgs([...remote, add.destination])].join(' ')}`];
  if (local.length) lines.unshift(`ADD ${[...add.flags.map((f) => `--${f.name}${f.value === null ? '' : `=${f.value}`}`), jsonArgs([...local, add.destination])].join(' ')}`);
  return lines;
}

/** A cache mount's options with an id of this instance's: its own id, or its target, prefixed. */
export function withCacheId(value: string, prefix: string): string {
  const options = value.split(',');
  const id = options.find((o) => o.startsWith('id='));
  const target = options.find((o) => /^(target|dst|destination)=/.test(o))?.replace(/^[^=]+=/, '');
  const name = `${prefix}${id ? id.slice(3) : (target ?? 'cache')}`;
  return id ? options.map((o) => (o === id ? `id=${name}` : o)).join(',') : [...options, `id=${name}`].join(',');
}

export async function prepareDockerfile(text: string, options: PrepareOptions): Promise<PreparedDockerfile> {
  const refs = readDockerfileRefs(text, options.target);
  // stages the final image does not need are never built by BuildKit: they are left out here for
  // every builder, and what they would read is not asked for
  const skipped = new Set(refs.unneededStages.map((s) => s.index));
  for (const stage of refs.unneededStages) {
    options.onLog?.(
      `The stage ${stage.name || `#${stage.index}`} (lines ${stage.startLine + 1}-${stage.endLine + 1}) is not needed for the final image: it is left out, as BuildKit would skip it.\n`,
    );
  }
  const edits = [];
  // a `# syntax=` frontend this instance cannot read is dropped: the engine's own Dockerfile frontend builds instead
  const droppedSyntax = new Set<number>();
  for (const image of refs.images) {
    if (image.stage !== null && skipped.has(image.stage)) continue;
    const where = image.via === 'syntax' ? `The # syntax= line (line ${image.line})` : `${image.via} on line ${image.line}`;
    try {
      const resolved = await resolveImage(options.docker, image.ref, options.access, where, options.onLog);
      edits.push({ span: image.span, text: resolved });
    } catch (error) {
      if (image.via !== 'syntax' || !(error instanceof BuildRefusedError)) throw error;
      droppedSyntax.add(image.span.line);
      options.onLog?.(
        `${error.message}\nThe # syntax= line is left out: the engine's own Dockerfile frontend builds this file (a newer syntax it does not know fails the build).\n`,
      );
    }
  }
  if (options.cacheIdPrefix) {
    for (const mount of refs.cacheMounts) edits.push({ span: mount.span, text: withCacheId(mount.value, options.cacheIdPrefix) });
  }
  const lines = replaceSpans(text, edits).split('\n');
  for (const line of droppedSyntax) lines[line] = '# (a # syntax= line was here: this instance cannot read its image)';
  // an unneeded stage keeps its place (COPY --from=<number> counts stages) as an empty one
  for (const stage of refs.unneededStages) {
    for (let line = stage.startLine; line <= stage.endLine; line++) lines[line] = line === stage.startLine ? `FROM scratch${stage.name ? ` AS ${stage.name}` : ''}` : '';
  }

  const folder = `.shipshape-remote-${randomBytes(6).toString('hex')}`;
  const extraFiles: ExtraFile[] = [];
  const fetched = new Map<string, string>();
  for (const add of refs.adds) {
    if (skipped.has(add.stage)) continue;
    for (const source of add.sources) {
      if (!source.remote || fetched.has(source.value)) continue;
      if (source.remote.kind === 'git') {
        throw new BuildRefusedError(
          `ADD ${redactUrl(source.value)} (line ${add.line}) asks the engine to fetch a git repository, which builds here may not do. Add the files to the repository, or fetch them in a RUN step (which BUILD_NETWORK governs).`,
        );
      }
      const relative = `${folder}/${extraFiles.length}/${fileNameOf(new URL(source.value))}`;
      const file = path.join(options.workDir, relative);
      const bytes = await fetchRemoteFile(source.value, file, options.fetch, add.line);
      options.onLog?.(`Fetched ${redactUrl(source.value)} for ADD on line ${add.line} (${bytes} bytes); the build copies it from the context\n`);
      extraFiles.push({ relative, file });
      fetched.set(source.value, relative);
    }
  }

  const replaced = new Map(refs.adds.filter((add) => !skipped.has(add.stage)).map((add) => [add.span.startLine, add]));
  const labelAfter = new Set(options.stepLabels ? refs.fromEndLines : []);
  const labelLine = options.stepLabels
    ? `LABEL ${Object.entries(options.stepLabels)
        .map(([k, v]) => `${JSON.stringify(k)}=${JSON.stringify(v)}`)
        .join(' ')}`
    : '';
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const add = replaced.get(i);
    if (add) {
      out.push(...rewriteAdd(add, fetched));
      i = add.span.endLine;
    } else out.push(lines[i]!);
    if (labelAfter.has(i)) out.push(labelLine);
  }
  return { dockerfile: out.join('\n'), extraFiles };
}
