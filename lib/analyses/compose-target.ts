import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

// A repository's Dockerfile often holds several targets (development, production, a dev
// environment) and its compose file says which one the team builds. That stage is the
// repository's image, not the file's last one: the compose file beside the folder (or in a
// folder above it, within the repository) names it with `build.target`.

const COMPOSE_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];
const MAX_BYTES = 256 * 1024;

interface ComposeFile {
  services?: Record<string, { build?: string | { context?: string; dockerfile?: string; target?: string } } | null>;
}

export interface ComposeTarget {
  target: string;
  /** the compose file, from the folder analysed (for the page) */
  file: string;
  service: string;
}

/** The target a compose file builds the folder's Dockerfile with; null when none names one. */
export function composeTarget(folder: string, repoRoot: string): ComposeTarget | null {
  const top = path.resolve(repoRoot);
  let level = path.resolve(folder);
  for (;;) {
    for (const name of COMPOSE_FILES) {
      const file = path.join(level, name);
      if (!existsSync(file)) continue;
      const found = targetIn(file, level, folder);
      if (found) return { ...found, file: path.relative(folder, file).split(path.sep).join('/') };
    }
    if (level === top || !level.startsWith(`${top}${path.sep}`)) return null;
    level = path.dirname(level);
  }
}

function targetIn(file: string, composeDir: string, folder: string): { target: string; service: string } | null {
  let doc: ComposeFile;
  try {
    const text = readFileSync(file, 'utf8');
    if (text.length > MAX_BYTES) return null;
    doc = (parse(text, { maxAliasCount: 50 }) ?? {}) as ComposeFile;
  } catch {
    // a compose file that does not parse names no target
    return null;
  }
  for (const [service, definition] of Object.entries(doc.services ?? {})) {
    const build = definition?.build;
    if (!build || typeof build === 'string') continue;
    const context = path.resolve(composeDir, build.context ?? '.');
    const dockerfile = build.dockerfile ?? 'Dockerfile';
    if (context !== path.resolve(folder) || !['Dockerfile', './Dockerfile', 'dockerfile'].includes(dockerfile)) continue;
    if (typeof build.target === 'string' && /^[A-Za-z0-9][\w.-]{0,127}$/.test(build.target)) return { target: build.target, service };
  }
  return null;
}
