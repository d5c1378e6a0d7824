import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getSettings } from '@/lib/env';
import { SourceFetchError, SourceRejectedError } from '@/lib/sources/errors';
import { credentialsOf, gitArgument, parseGitUrl, redactText, redactUrl, type GitTarget } from '@/lib/sources/git-url';
import { checkHost } from '@/lib/sources/host-check';
import { preflightHttp } from '@/lib/sources/http-preflight';
import { runGit } from '@/lib/sources/run-git';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { findOutsideLink, limitError, scanTree, treeLimits, watchTree, type Exceeded, type TreeLimits } from '@/lib/sources/tree-limits';

export { SourceFetchError };

const execFileAsync = promisify(execFile);

/** Progress of a fetch: git's stage ("receiving", "resolving", …) or "unpacking", and its percent. */
export interface FetchProgress {
  stage: string;
  percent: number;
}

export interface FetchOptions {
  /** aborting it stops the fetch with "the analysis was canceled" */
  signal?: AbortSignal;
  onProgress?: (progress: FetchProgress) => void;
}

const COMMIT = /^[0-9a-f]{7,40}$/i;
const PREFLIGHT_TIMEOUT_MS = 30_000;
// ssh must never wait for a password or a yes/no about an unknown host key.
const SSH_COMMAND = 'ssh -o BatchMode=yes -o StrictHostKeyChecking=accept-new';

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
  if (/host key verification failed|permission denied \(publickey/i.test(message)) {
    return `Could not clone ${label} over ssh: this server's ssh key is not accepted there (or the host key changed). Use an https URL with a token instead.`;
  }
  const last = message.trim().split('\n').filter(Boolean).pop() ?? message;
  return `git clone of ${label} failed: ${last}`;
}

/**
 * Only what git needs: no editor, pager or askpass program from the server's environment,
 * and none of the server's git configuration or identity. HOME is an empty folder of
 * this clone's own, system and global config are off, and the identity git writes into
 * the clone's reflog is a neutral one (it would otherwise be the server's user and host).
 */
function gitEnv(home: string, extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {
    GIT_TERMINAL_PROMPT: '0',
    LANG: 'C',
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_AUTHOR_NAME: 'Shipshape',
    GIT_AUTHOR_EMAIL: 'shipshape@localhost',
    GIT_COMMITTER_NAME: 'Shipshape',
    GIT_COMMITTER_EMAIL: 'shipshape@localhost',
    ...extra,
  };
  for (const key of ['PATH', 'http_proxy', 'https_proxy', 'no_proxy', 'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'GIT_SSL_CAINFO', 'SSH_AUTH_SOCK']) {
    const value = process.env[key];
    if (value) env[key] = value;
  }
  return env;
}

// Credentials never go on git's command line (anyone on the host can read a process's
// arguments in /proc/<pid>/cmdline, and git hands the URL on to git-remote-http): the
// URL git gets has none, and a credential helper, scoped to the submitted origin, answers
// git's question from two variables of git's own environment (readable by this user only).
const CREDENTIAL_HELPER = `!f() { test "$1" = get || exit 0; printf 'username=%s\\npassword=%s\\n' "$SHIPSHAPE_GIT_USERNAME" "$SHIPSHAPE_GIT_PASSWORD"; }; f`;

function decoded(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** The URL without its credentials, and the settings and environment that give them to git. */
function withCredentialHelper(url: URL): { argument: string; config: string[]; env: Record<string, string> } {
  if (!url.username && !url.password) return { argument: url.toString(), config: [], env: {} };
  const bare = new URL(url);
  bare.username = '';
  bare.password = '';
  return {
    argument: bare.toString(),
    config: ['credential.helper=', `credential.${bare.origin}.helper=${CREDENTIAL_HELPER}`],
    env: { SHIPSHAPE_GIT_USERNAME: decoded(url.username), SHIPSHAPE_GIT_PASSWORD: decoded(url.password) },
  };
}

/** How to run the clone once the URL and its hosts are checked. */
interface ClonePlan {
  /** what `git clone` gets (after redirects, with credentials only on the submitted origin) */
  argument: string;
  config: string[];
  env: Record<string, string>;
  /** git can fetch only the last commit (a dumb HTTP server cannot) */
  shallow: boolean;
}

async function planClone(target: GitTarget, label: string, signal: AbortSignal, timeoutMs: number): Promise<ClonePlan> {
  const allowlist = getSettings().sourceHostAllowlist;
  switch (target.kind) {
    case 'local':
      return { argument: gitArgument(target), config: [], env: { GIT_ALLOW_PROTOCOL: 'file' }, shallow: true };
    case 'ssh':
      // ssh resolves the name again itself; the check stops the plain cases (no pinning for ssh).
      await checkHost(target.host, allowlist, `The git URL ${label}`);
      return { argument: gitArgument(target), config: [], env: { GIT_ALLOW_PROTOCOL: 'ssh', GIT_SSH_COMMAND: SSH_COMMAND }, shallow: true };
    case 'http': {
      const preflight = await preflightHttp(target.url, { allowlist, signal, timeoutMs: Math.min(PREFLIGHT_TIMEOUT_MS, timeoutMs) });
      const credentials = withCredentialHelper(preflight.url);
      const config = ['http.followRedirects=false', ...(preflight.pin ? [`http.curloptResolve=${preflight.pin}`] : []), ...credentials.config];
      return { argument: credentials.argument, config, env: { GIT_ALLOW_PROTOCOL: 'http:https', ...credentials.env }, shallow: preflight.smart };
    }
  }
}

/** `-c` settings for every git command: no hook can run (hooksPath points at nothing). */
function configArgs(plan: ClonePlan): string[] {
  return ['core.hooksPath=/dev/null', ...plan.config].flatMap((setting) => ['-c', setting]);
}

/** Why the clone was stopped from here, if it was. */
type StopReason = { kind: 'canceled' } | { kind: 'timeout'; seconds: number } | { kind: 'limit'; exceeded: Exceeded };

/** One abort signal for the caller's cancel, the clone timeout and the size watcher, remembering which fired. */
class Stopper {
  readonly controller = new AbortController();
  reason: StopReason | undefined;
  private readonly timer: NodeJS.Timeout;
  private readonly onCancel = () => this.stop({ kind: 'canceled' });

  constructor(
    private readonly outer: AbortSignal | undefined,
    seconds: number,
  ) {
    this.timer = setTimeout(() => this.stop({ kind: 'timeout', seconds }), seconds * 1000);
    if (outer?.aborted) this.stop({ kind: 'canceled' });
    outer?.addEventListener('abort', this.onCancel);
  }

  stop(reason: StopReason): void {
    if (this.reason) return;
    this.reason = reason;
    this.controller.abort();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.outer?.removeEventListener('abort', this.onCancel);
  }
}

function stoppedError(reason: StopReason, label: string, limits: TreeLimits): SourceFetchError {
  switch (reason.kind) {
    case 'canceled':
      return new SourceFetchError(`The analysis was canceled while ${label} was being cloned.`);
    case 'timeout':
      return new SourceFetchError(
        `Cloning ${label} took longer than ${reason.seconds} seconds and was stopped. Try a smaller repository; the operator can raise CLONE_TIMEOUT_SECONDS.`,
      );
    case 'limit':
      return limitError(reason.exceeded, limits, 'The repository');
  }
}

async function runClone(plan: ClonePlan, dest: string, ref: string | undefined, home: string, signal: AbortSignal, onProgress: FetchOptions['onProgress']): Promise<void> {
  const isCommit = ref !== undefined && COMMIT.test(ref);
  const args = [...configArgs(plan), 'clone', '--no-recurse-submodules', ...(onProgress ? ['--progress'] : [])];
  if (!isCommit) args.push(...(plan.shallow ? ['--depth', '1'] : []), '--single-branch', ...(ref ? [`--branch=${ref}`] : []));
  const env = gitEnv(home, plan.env);
  const progress = onProgress && ((stage: string, percent: number) => onProgress({ stage, percent }));
  // "--" ends the options: nothing in the URL or the folder can be read as one
  await runGit({ args: [...args, '--', plan.argument, dest], env, signal, onProgress: progress });
  if (isCommit && ref) await runGit({ args: [...configArgs(plan), 'checkout', '--quiet', '--detach', ref], cwd: dest, env, signal });
}

/**
 * A clone with no submodules and no hooks (shallow where the server allows), of a URL
 * checked by parseGitUrl and, for network URLs, of hosts that are public or allowlisted.
 * Stops at CLONE_TIMEOUT_SECONDS, on `signal`, or when the tree breaks MAX_REPO_MB,
 * MAX_REPO_FILES or MAX_PATH_DEPTH. Credentials never reach a message.
 */
export async function cloneGit(url: string, dest: string, ref: string | undefined, options: FetchOptions = {}): Promise<void> {
  const settings = getSettings();
  const target = parseGitUrl(url, settings.allowLocalSources);
  const label = redactUrl(url);
  const limits = treeLimits();
  const stopper = new Stopper(options.signal, settings.limits.cloneTimeoutSeconds);
  const stopWatching = watchTree(dest, limits, (exceeded) => stopper.stop({ kind: 'limit', exceeded }));
  const home = mkdtempSync(path.join(os.tmpdir(), 'shipshape-git-home-'));
  try {
    if (stopper.reason) throw new Error('stopped before the clone began');
    const plan = await planClone(target, label, stopper.controller.signal, settings.limits.cloneTimeoutSeconds * 1000);
    await runClone(plan, dest, ref, home, stopper.controller.signal, options.onProgress);
    // git keeps the URL it cloned in .git/config, and the build context carries .git
    if (label !== url) await runGit({ args: ['remote', 'set-url', 'origin', label], cwd: dest, env: gitEnv(home, plan.env), signal: stopper.controller.signal });
  } catch (error) {
    if (stopper.reason) throw stoppedError(stopper.reason, label, limits);
    if (error instanceof SourceFetchError || error instanceof SourceRejectedError) throw error;
    const message = redactText(error instanceof Error ? error.message : String(error), credentialsOf(url));
    throw new SourceFetchError(explain(message, label, ref));
  } finally {
    stopWatching();
    stopper.dispose();
    rmSync(home, { recursive: true, force: true });
  }
  const exceeded = await scanTree(dest, limits);
  if (exceeded) throw limitError(exceeded, limits, 'The repository');
  const link = await findOutsideLink(dest);
  if (link) throw new SourceFetchError(`The repository holds "${link}", a link that points outside the repository. Such repositories are refused.`);
}

export interface HeadCommit {
  sha: string;
  /** the first line of its message, without control characters, at most 200 characters */
  subject: string;
}

/** The commit a clone checked out (its own .git; git's own config and hooks stay off). */
export async function headCommit(dir: string): Promise<HeadCommit | null> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'shipshape-git-home-'));
  try {
    const { stdout } = await execFileAsync('git', ['-c', 'safe.directory=*', 'log', '-1', '--format=%H%n%s'], {
      cwd: dir,
      env: gitEnv(home, {}) as NodeJS.ProcessEnv,
      timeout: 10_000,
      maxBuffer: 64 * 1024,
    });
    const [sha = '', subject = ''] = stdout.split('\n');
    if (!/^[0-9a-f]{40,64}$/.test(sha)) return null;
    return {
      sha,
      subject: subject
        .replace(/\p{Cc}/gu, ' ')
        .trim()
        .slice(0, 200),
    };
  } catch {
    return null;
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
