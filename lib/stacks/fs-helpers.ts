import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

// These read repositories under analysis, never the app's own files: the comments keep
// Next's file tracing from including the whole project in the server bundle.

export function readIfExists(file: string): string | null {
  return existsSync(/*turbopackIgnore: true*/ file) && statSync(/*turbopackIgnore: true*/ file).isFile() ? readFileSync(/*turbopackIgnore: true*/ file, 'utf8') : null;
}

export function isDir(dir: string): boolean {
  return existsSync(/*turbopackIgnore: true*/ dir) && statSync(/*turbopackIgnore: true*/ dir).isDirectory();
}

export function isFile(file: string): boolean {
  return existsSync(/*turbopackIgnore: true*/ file) && statSync(/*turbopackIgnore: true*/ file).isFile();
}

/** Files under `dir` (relative paths, `/`-separated), skipping dependency and VCS folders. */
export function listFiles(dir: string, accept: (rel: string) => boolean, limit = 5000): string[] {
  const out: string[] = [];
  const skip = new Set(['.git', 'node_modules', 'vendor', 'target', 'build', '.gradle', '__pycache__', '.venv', 'venv', 'dist', '.next']);
  const walk = (rel: string) => {
    for (const entry of readdirSync(/*turbopackIgnore: true*/ path.join(dir, rel), { withFileTypes: true })) {
      if (out.length >= limit) return;
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!skip.has(entry.name)) walk(child);
      } else if (entry.isFile() && accept(child)) out.push(child);
    }
  };
  if (isDir(dir)) walk('');
  return out.sort();
}

/** A `"host:port"`-style literal or a PORT default in the source, for EXPOSE. */
export function findPort(texts: string[]): number | null {
  for (const text of texts) {
    const m =
      /["'][\w.-]*:(\d{2,5})["']/.exec(text) ??
      /\bport\s*[=:]\s*(\d{2,5})\b/i.exec(text) ??
      /PORT["']?\s*(?:\]|\))?\s*(?:\|\||\?\?|,|or)\s*["']?(\d{2,5})/.exec(text) ??
      /\.listen\(\s*(\d{2,5})\b/.exec(text);
    if (m) return Number(m[1]);
  }
  return null;
}
