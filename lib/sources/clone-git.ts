import { simpleGit } from 'simple-git';
import { redactText, redactUrl } from '@/lib/sources/git-url';

export class SourceFetchError extends Error {
  override name = 'SourceFetchError';
}

const CLONE_TIMEOUT_MS = 5 * 60_000;
const COMMIT = /^[0-9a-f]{7,40}$/i;

function explain(message: string, label: string, ref: string | undefined): string {
  if (/could not find remote branch|remote branch .* not found/i.test(message) || /did not match any file|reference is not a tree|unknown revision/i.test(message)) {
    return `The ref "${ref}" does not exist in ${label}. Check the branch, tag or commit name.`;
  }
  if (/not found|does not exist|does not appear to be a git repository|authentication failed|could not read username/i.test(message)) {
    return `Could not clone ${label}: the repository was not found, or it needs credentials. Check the URL; for a private repository include a token in the URL.`;
  }
  if (/could not resolve host|connection refused|timed out|network is unreachable|failed to connect/i.test(message)) {
    return `Could not reach ${label}: the host did not answer. Check the URL and that this server can reach it.`;
  }
  const last = message.trim().split('\n').filter(Boolean).pop() ?? message;
  return `git clone of ${label} failed: ${last}`;
}

function credentialsOf(url: string): string[] {
  try {
    const { username, password } = new URL(url);
    return [username, password, decodeURIComponent(username), decodeURIComponent(password)].filter((s) => s.length >= 3);
  } catch {
    return [];
  }
}

/** Only what git needs: no editor, pager or askpass program from the server's environment. */
function gitEnv(): Record<string, string> {
  const env: Record<string, string> = { GIT_TERMINAL_PROMPT: '0', LANG: 'C' };
  for (const key of ['PATH', 'HOME', 'http_proxy', 'https_proxy', 'no_proxy', 'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'GIT_SSL_CAINFO']) {
    const value = process.env[key];
    if (value) env[key] = value;
  }
  return env;
}

/** A shallow clone with no submodules and no hooks; credentials never reach a message. */
export async function cloneGit(url: string, dest: string, ref: string | undefined): Promise<void> {
  const label = redactUrl(url);
  const git = simpleGit({
    timeout: { block: CLONE_TIMEOUT_MS },
    // hooksPath points at nothing, so no hook can run (simple-git asks for this to be explicit)
    config: ['core.hooksPath=/dev/null'],
    unsafe: { allowUnsafeHooksPath: true },
    allowEnvironment: ['GIT_TERMINAL_PROMPT', 'GIT_SSL_CAINFO'],
  }).env(gitEnv());
  const isCommit = ref !== undefined && COMMIT.test(ref);
  const args = ['--no-recurse-submodules'];
  if (!isCommit) args.push('--depth', '1', '--single-branch', ...(ref ? ['--branch', ref] : []));
  try {
    await git.clone(url, dest, args);
    if (isCommit && ref) await simpleGit({ baseDir: dest, config: ['core.hooksPath=/dev/null'], unsafe: { allowUnsafeHooksPath: true } }).checkout(['--detach', ref]);
  } catch (error) {
    const message = redactText(error instanceof Error ? error.message : String(error), credentialsOf(url));
    throw new SourceFetchError(explain(message, label, ref));
  }
}
