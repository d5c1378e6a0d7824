/** Small helpers for writing Dockerfiles that read like hand-written ones. */

/** Joins lines, dropping `false`/`null` entries, with a final newline. */
type Line = string | false | null | undefined;

export function dockerfile(...lines: (Line | Line[])[]): string {
  return `${lines.flat().filter((l): l is string => typeof l === 'string').join('\n')}\n`;
}

/** The exec form: CMD ["a", "b"]. */
export function execForm(args: string[]): string {
  return JSON.stringify(args).replace(/","/g, '", "');
}

/** `--mount=type=cache,target=...` for each target (BuildKit only). */
export function cacheMounts(...targets: string[]): string {
  return targets.map((t) => `--mount=type=cache,target=${t} `).join('');
}

/** A .dockerignore for the stack, plus what no image needs. */
export function dockerignoreFor(extra: string[]): string {
  return ['# written by Shipshape: keeps the build context small', '.git', '.dockerignore', '**/.DS_Store', ...extra].join('\n') + '\n';
}
