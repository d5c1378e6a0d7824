import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitHttpServer } from '../helpers/git-http-server';
import { gitRepo } from '../helpers/repos';
import { useFreshSettings } from '../helpers/test-settings';

// A clone with a password in its URL, watched from outside as any user on the host
// could: no process's command line (/proc/*/cmdline) may carry the password while git
// runs. And the server's own git configuration (here a ~/.gitconfig with a sentinel
// identity) must not reach git, its environment or the clone (.git is in the build
// context).

const PASSWORD = 'ghp_SENTINELcmdline7e2b';
const IDENTITY = 'Sentinel Serveruser';
const EMAIL = 'sentinel-identity@server.example';

useFreshSettings({ SOURCE_HOST_ALLOWLIST: '127.0.0.1', CLONE_TIMEOUT_SECONDS: '60' });
const { cloneGit } = await import('@/lib/sources/clone-git');

const serverHome = mkdtempSync(path.join(os.tmpdir(), 'shipshape-server-home-'));
writeFileSync(path.join(serverHome, '.gitconfig'), `[user]\n\tname = ${IDENTITY}\n\temail = ${EMAIL}\n`);
const homeBefore = process.env.HOME;
let server: Awaited<ReturnType<typeof startGitHttpServer>>;

beforeAll(async () => {
  const files: Record<string, string> = { 'README.md': 'hello\n' };
  for (let i = 0; i < 12; i++) files[`file-${i}.txt`] = `content ${i}\n`;
  // a slow server (every file held back): the clone runs long enough to be watched
  server = await startGitHttpServer({ 'app.git': gitRepo(files) }, { user: 'x-token', password: PASSWORD }, 60);
  process.env.HOME = serverHome;
});
afterAll(async () => {
  process.env.HOME = homeBefore;
  await server.close();
});

interface Seen {
  pid: string;
  cmdline: string;
  environ: string;
  /** started by this test process (not, say, the CI runner's own `git clone`) */
  ours: boolean;
}

function parentOf(pid: string): string | undefined {
  return /^PPid:\s*(\d+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'latin1'))?.[1];
}

function descendsFromThisProcess(pid: string): boolean {
  let current: string | undefined = pid;
  for (let depth = 0; current && current !== '0' && depth < 64; depth++) {
    if (current === String(process.pid)) return true;
    current = parentOf(current);
  }
  return false;
}

/** Every process's command line (and git's environment), sampled every few milliseconds. */
function watchProcesses(): { stop: () => Seen[] } {
  const seen: Seen[] = [];
  const sample = () => {
    for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'latin1').replaceAll('\0', ' ');
        const gitLike = /\bgit\b|git-remote/.test(cmdline);
        const environ = gitLike ? readFileSync(`/proc/${pid}/environ`, 'latin1').replaceAll('\0', '\n') : '';
        seen.push({ pid, cmdline, environ, ours: gitLike && descendsFromThisProcess(pid) });
      } catch {
        // the process ended meanwhile
      }
    }
  };
  const timer = setInterval(sample, 5);
  return {
    stop: () => {
      clearInterval(timer);
      return seen;
    },
  };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => path.join(dir, name))
    .filter((file) => statSync(file).isFile());
}

describe('a clone with credentials', () => {
  it('never shows the password in a command line, and takes nothing of the server’s git identity', async () => {
    const dest = path.join(mkdtempSync(path.join(os.tmpdir(), 'shipshape-clone-')), 'src');
    const watch = watchProcesses();
    await cloneGit(server.url('app.git', `x-token:${PASSWORD}@`), dest, undefined);
    const seen = watch.stop();

    // the credentials reached the server (it answers 401 without them), and git was seen running
    expect(readFileSync(path.join(dest, 'README.md'), 'utf8')).toBe('hello\n');
    const gitProcesses = seen.filter((s) => s.ours && / clone |git-remote-http/.test(s.cmdline));
    expect(gitProcesses.length, 'git was seen while it cloned').toBeGreaterThan(0);
    expect(seen.filter((s) => s.cmdline.includes(PASSWORD)).map((s) => s.cmdline)).toEqual([]);

    // git ran without the server's HOME and config, and wrote nothing of its identity
    for (const { environ } of gitProcesses.filter((s) => s.environ)) {
      expect(environ).not.toContain(`HOME=${serverHome}\n`);
      expect(environ).toContain('GIT_CONFIG_NOSYSTEM=1');
      expect(environ).toContain('GIT_CONFIG_GLOBAL=/dev/null');
    }
    const written = filesUnder(path.join(dest, '.git')).map((file) => [file, readFileSync(file).toString('latin1')] as const);
    expect(written.length).toBeGreaterThan(3);
    expect(written.filter(([, text]) => text.includes(IDENTITY) || text.includes(EMAIL) || text.includes(PASSWORD)).map(([file]) => file)).toEqual([]);
    expect(readFileSync(path.join(dest, '.git', 'config'), 'utf8')).not.toMatch(/credential|x-token/);
  }, 60_000);
});
