import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import type { Flag } from 'dockerfile-ast/lib/flag';

// What a Dockerfile asks the engine for, read from its parsed form (comments and
// strings never count): the images it reads (FROM, COPY --from, RUN --mount from=,
// a `# syntax=` frontend), the remote sources it fetches (ADD of a URL or a git
// repository), and whether it needs BuildKit. Every place is given with its text
// range, so the policy can rewrite it.

/** A span of the Dockerfile's text: line (0-based) and characters. */
export interface Span {
  line: number;
  start: number;
  end: number;
}

export interface ImageRef {
  /** the reference as the engine will read it (ARG defaults substituted) */
  ref: string;
  via: 'FROM' | 'COPY --from' | 'RUN --mount' | 'syntax';
  /** 1-based line, for messages */
  line: number;
  span: Span;
  /** the stage it is in (0-based); null for the # syntax= line */
  stage: number | null;
}

export interface RemoteSource {
  url: string;
  kind: 'http' | 'git';
  line: number;
}

export interface AddWithRemote {
  line: number;
  /** the whole instruction, to be replaced */
  span: { startLine: number; endLine: number };
  flags: { name: string; value: string | null }[];
  sources: { value: string; remote: RemoteSource | null }[];
  destination: string;
  /** the stage it is in (0-based) */
  stage: number;
}

/** A stage the final image does not need: no FROM, COPY --from or RUN --mount of the last stage leads to it. */
export interface UnneededStage {
  index: number;
  /** its name ("" when it has none) */
  name: string;
  /** its lines (0-based, the FROM to the line before the next FROM) */
  startLine: number;
  endLine: number;
}

export interface DockerfileRefs {
  /** the last line (0-based) of each FROM instruction */
  fromEndLines: number[];
  /** the option lists of RUN --mount=type=cache flags, to give them ids */
  cacheMounts: { value: string; span: Span }[];
  images: ImageRef[];
  adds: AddWithRemote[];
  /** why the file needs BuildKit (empty: the classic builder runs it) */
  buildkitFeatures: string[];
  /** stages BuildKit would never build for the final image (a dev stage beside it, say) */
  unneededStages: UnneededStage[];
}

const GIT_SOURCE = /^(git@|git:\/\/|ssh:\/\/)|\.git(#.*)?$|^https?:\/\/[^/]+\/.+\.git(#.*)?$/i;
const HTTP_SOURCE = /^https?:\/\//i;

function remoteOf(value: string, line: number): RemoteSource | null {
  if (GIT_SOURCE.test(value)) return { url: value, kind: 'git', line };
  if (HTTP_SOURCE.test(value)) return { url: value, kind: 'http', line };
  return null;
}

/** `${NAME}`, `$NAME` and `${NAME:-default}` from the global ARG defaults (the engine gets no build args). */
function substitute(text: string, args: Map<string, string>): string {
  return text.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (_, braced: string | undefined, fallback: string | undefined, bare: string | undefined) => {
      const name = braced ?? bare ?? '';
      return args.get(name) || fallback || '';
    },
  );
}

function spanOf(range: { start: { line: number; character: number }; end: { line: number; character: number } }): Span {
  return { line: range.start.line, start: range.start.character, end: range.end.character };
}

function flagsOf(instruction: Instruction): Flag[] {
  const withFlags = instruction as Instruction & { getFlags?: () => Flag[] };
  return withFlags.getFlags?.() ?? [];
}

const BUILDKIT_RUN_FLAGS = new Set(['mount', 'network', 'security']);
const BUILDKIT_COPY_FLAGS = new Set(['link', 'chmod', 'parents', 'exclude']);
const BUILDKIT_ADD_FLAGS = new Set(['link', 'chmod', 'checksum', 'keep-git-dir', 'exclude']);

/** `target`: the stage built (a compose file's build.target); the last one without it. */
export function readDockerfileRefs(text: string, target?: string): DockerfileRefs {
  const dockerfile = DockerfileParser.parse(text);
  const images: ImageRef[] = [];
  const adds: AddWithRemote[] = [];
  const features = new Set<string>();
  const globalArgs = new Map<string, string>();
  const stages: string[] = [];
  const fromEndLines: number[] = [];
  const cacheMounts: { value: string; span: Span }[] = [];
  let stageCount = 0;
  // each stage's first line and the stages it reads, to tell which the final stage needs
  const stageStarts: number[] = [];
  const stageDeps: Set<number>[] = [];
  const stageIndex = (name: string) => (/^\d+$/.test(name) && Number(name) < stageCount ? Number(name) : stages.indexOf(name.toLowerCase()));
  const dependOn = (name: string) => {
    const index = stageIndex(name);
    if (index >= 0 && stageCount > 0) stageDeps[stageCount - 1]!.add(index);
  };

  for (const directive of dockerfile.getDirectives()) {
    if (directive.getName().toLowerCase() !== 'syntax') continue;
    features.add('a # syntax= frontend');
    const range = directive.getValueRange();
    const value = directive.getValue();
    if (range && value) images.push({ ref: value, via: 'syntax', line: range.start.line + 1, span: spanOf(range), stage: null });
  }

  const isStage = (name: string) => stages.includes(name.toLowerCase()) || (/^\d+$/.test(name) && Number(name) < stageCount);

  for (const instruction of dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword();
    const line = instruction.getRange().start.line + 1;
    if (keyword === 'ARG' && stageCount === 0) {
      const content = instruction.getArgumentsContent() ?? '';
      const match = /^([A-Za-z_][A-Za-z0-9_]*)(?:=("?)(.*)\2)?$/.exec(content.trim());
      if (match) globalArgs.set(match[1]!, match[3] ?? '');
      continue;
    }
    if (keyword === 'FROM') {
      const from = instruction as Instruction & { getImage(): string | null; getImageRange(): ReturnType<Instruction['getRange']> | null; getBuildStage(): string | null };
      const raw = from.getImage();
      const range = from.getImageRange();
      if (raw && range) {
        const ref = substitute(raw, globalArgs);
        if (!isStage(ref)) images.push({ ref, via: 'FROM', line, span: spanOf(range), stage: stageCount });
        stageDeps.push(new Set(isStage(ref) ? [stageIndex(ref)] : []));
      } else stageDeps.push(new Set());
      stageStarts.push(instruction.getRange().start.line);
      stageCount += 1;
      fromEndLines.push(instruction.getRange().end.line);
      const name = from.getBuildStage();
      stages.push((name ?? '').toLowerCase());
      continue;
    }
    const flags = flagsOf(instruction);
    if (keyword === 'RUN') {
      for (const flag of flags) {
        if (BUILDKIT_RUN_FLAGS.has(flag.getName())) features.add(`RUN --${flag.getName()}`);
        if (flag.getName() !== 'mount') continue;
        const mountValue = flag.getValue();
        const mountRange = flag.getValueRange();
        if (mountValue && mountRange && flag.getOption('type')?.getValue() === 'cache') cacheMounts.push({ value: mountValue, span: spanOf(mountRange) });
        const from = flag.getOption('from');
        const value = from?.getValue();
        const range = from?.getValueRange();
        if (value && range && !isStage(value)) images.push({ ref: value, via: 'RUN --mount', line, span: spanOf(range), stage: stageCount - 1 });
        if (value && isStage(value)) dependOn(value);
      }
    }
    if (keyword === 'RUN' || keyword === 'COPY') {
      const heredocs = (instruction as Instruction & { getHeredocs?: () => unknown[] }).getHeredocs?.() ?? [];
      if (heredocs.length) features.add(`${keyword} with a heredoc`);
    }
    if (keyword === 'COPY') {
      for (const flag of flags) {
        if (BUILDKIT_COPY_FLAGS.has(flag.getName())) features.add(`COPY --${flag.getName()}`);
        if (flag.getName() !== 'from') continue;
        const value = flag.getValue();
        const range = flag.getValueRange();
        if (value && range && !isStage(value)) images.push({ ref: value, via: 'COPY --from', line, span: spanOf(range), stage: stageCount - 1 });
        if (value && isStage(value)) dependOn(value);
      }
    }
    if (keyword === 'ADD') {
      for (const flag of flags) if (BUILDKIT_ADD_FLAGS.has(flag.getName())) features.add(`ADD --${flag.getName()}`);
      const args = instruction.getArguments().map((a) => a.getValue());
      const json = /^\s*\[/.test(instruction.getArgumentsContent() ?? '');
      const values = json ? (parseJsonArgs(instruction.getArgumentsContent() ?? '') ?? args) : args;
      if (values.length >= 2) {
        const sources = values.slice(0, -1).map((value) => ({ value, remote: remoteOf(value, line) }));
        if (sources.some((s) => s.remote)) {
          const range = instruction.getRange();
          adds.push({
            line,
            span: { startLine: range.start.line, endLine: range.end.line },
            flags: flags.map((f) => ({ name: f.getName(), value: f.getValue() })),
            sources,
            destination: values.at(-1)!,
            stage: stageCount - 1,
          });
        }
      }
    }
  }
  const targetIndex = target ? stages.indexOf(target.toLowerCase()) : -1;
  return {
    fromEndLines,
    cacheMounts,
    images,
    adds,
    buildkitFeatures: [...features],
    unneededStages: unneeded(stages, stageStarts, stageDeps, text.split('\n').length - 1, targetIndex >= 0 ? targetIndex : undefined),
  };
}

/** The stages the last one does not lead to, through FROM, COPY --from and RUN --mount. */
function unneeded(names: string[], starts: number[], deps: Set<number>[], lastLine: number, built = starts.length - 1): UnneededStage[] {
  if (!starts.length) return [];
  const needed = new Set<number>();
  const visit = (index: number) => {
    if (needed.has(index)) return;
    needed.add(index);
    for (const dep of deps[index] ?? []) visit(dep);
  };
  visit(built);
  return starts.flatMap((start, index) =>
    needed.has(index) ? [] : [{ index, name: names[index] ?? '', startLine: start, endLine: index + 1 < starts.length ? starts[index + 1]! - 1 : lastLine }],
  );
}

function parseJsonArgs(content: string): string[] | null {
  try {
    const parsed = JSON.parse(content.trim()) as unknown;
    return Array.isArray(parsed) && parsed.every((v) => typeof v === 'string') ? (parsed as string[]) : null;
  } catch {
    return null;
  }
}

/** Replaces spans of the text (on one line each), last first so earlier spans keep their places. */
export function replaceSpans(text: string, edits: { span: Span; text: string }[]): string {
  const lines = text.split('\n');
  const sorted = [...edits].sort((a, b) => b.span.line - a.span.line || b.span.start - a.span.start);
  for (const edit of sorted) {
    const line = lines[edit.span.line] ?? '';
    lines[edit.span.line] = line.slice(0, edit.span.start) + edit.text + line.slice(edit.span.end);
  }
  return lines.join('\n');
}
