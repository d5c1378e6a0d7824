import { nonRootLines, type FinalBase } from '@/lib/base-images/catalog';

/** Small helpers for writing Dockerfiles that read like hand-written ones. */

/** Joins lines, dropping `false`/`null` entries, with a final newline. */
type Line = string | false | null | undefined;

export function dockerfile(...lines: (Line | Line[])[]): string {
  return `${lines
    .flat()
    .filter((l): l is string => typeof l === 'string')
    .join('\n')}\n`;
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
  return `${['# written by Shipshape: keeps the build context small', '.git', '.dockerignore', '**/.DS_Store', ...extra].join('\n')}\n`;
}

/** The end of a final stage for an interpreted runtime: a non-root user, the port, the command. */
export function runAsNonRoot(base: FinalBase, port: number | null, command: string[]): Line[] {
  return ['# Run as non-root', ...nonRootLines(base), port !== null && `EXPOSE ${port}`, `CMD ${execForm(command)}`];
}
