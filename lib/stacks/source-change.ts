import { appendFileSync, existsSync } from 'node:fs';
import path from 'node:path';

const COMMENT: Record<string, string> = { '.go': '//', '.rs': '//', '.java': '//', '.kt': '//', '.js': '//', '.mjs': '//', '.cjs': '//', '.ts': '//', '.py': '#' };

/**
 * The smallest honest source-only change for the warm rebuild: one comment line
 * appended to a source file. The line carries a unique token: with the same text
 * every time, the build cache of an earlier analysis would already hold the
 * "changed" source and the warm build would skip the work it is meant to measure.
 * Returns the file changed, or null when there is none.
 */
export function touchSource(root: string, sourceFile: string | null, token: string): string | null {
  if (!sourceFile) return null;
  const file = path.join(root, sourceFile);
  const marker = COMMENT[path.extname(file)];
  if (!marker || !existsSync(file)) return null;
  appendFileSync(file, `\n${marker} shipshape: source-only change for the warm rebuild (${token})\n`);
  return sourceFile;
}
