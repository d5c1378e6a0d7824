import { spawn } from 'node:child_process';

// git is run in a process group of its own: git clone starts helpers (git-remote-http,
// index-pack, ssh) that outlive a signal sent to git alone and would keep downloading
// from a slow server after a cancel or a cap. Stopping kills the whole group.
// (simple-git can only signal the git process itself, hence this small runner.)

export interface GitRun {
  /** everything after `git`, -c settings first */
  args: string[];
  cwd?: string;
  /** the complete environment; nothing is inherited */
  env: Record<string, string>;
  signal: AbortSignal;
  /** git's "Receiving objects:  45% (45/100)" lines, when --progress is among the args */
  onProgress?: (stage: string, percent: number) => void;
}

export class GitFailed extends Error {
  override name = 'GitFailed';
}

const STDERR_KEEP = 64 * 1024;
const PROGRESS = /([A-Za-z][A-Za-z ]*?):\s+(\d{1,3})% \(\d+\/\d+\)/g;

function reportProgress(text: string, onProgress: GitRun['onProgress']): void {
  if (!onProgress) return;
  for (const match of text.matchAll(PROGRESS)) {
    const stage = (match[1] ?? '').trim().toLowerCase().split(' ')[0] ?? 'unknown';
    onProgress(stage, Number(match[2]));
  }
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Runs git; resolves on exit code 0, rejects with git's stderr (GitFailed) otherwise or when aborted. */
export function runGit(run: GitRun): Promise<void> {
  return new Promise((resolve, reject) => {
    if (run.signal.aborted) return reject(new GitFailed('aborted before git started'));
    const env = run.env as NodeJS.ProcessEnv; // Next's types insist on NODE_ENV, which git does not need
    const child = spawn('git', run.args, { cwd: run.cwd, env, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    const onAbort = () => killGroup(child.pid);
    run.signal.addEventListener('abort', onAbort);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_KEEP);
      reportProgress(chunk, run.onProgress);
    });
    child.on('error', (error) => {
      run.signal.removeEventListener('abort', onAbort);
      reject(new GitFailed(`git could not be started: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      run.signal.removeEventListener('abort', onAbort);
      // helpers may still hold the group alive after git itself exited on an error
      if (code !== 0) killGroup(child.pid);
      if (code === 0) resolve();
      else reject(new GitFailed(stderr.trim() || `git stopped (${signal ?? `exit code ${code}`})`));
    });
  });
}
