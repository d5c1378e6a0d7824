import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A production server of its own (fresh data folder, its own port), in its own
 * process group so that it can be killed as a whole, SIGKILL included.
 */
export class OwnServer {
  readonly dataDir = mkdtempSync(path.join(os.tmpdir(), 'shipshape-own-'));
  readonly base: string;
  process: ChildProcess | undefined;

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {
    this.base = `http://127.0.0.1:${port}`;
  }

  /** `next start` serves the production build: made here when there is none yet (a fresh clone). */
  static ensureBuilt(): void {
    if (existsSync(path.join('.next', 'BUILD_ID'))) return;
    execFileSync('npm', ['run', 'build'], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 15 * 60_000 });
  }

  async start(): Promise<void> {
    OwnServer.ensureBuilt();
    this.process = spawn(process.execPath, [path.join('node_modules', 'next', 'dist', 'bin', 'next'), 'start', '-p', String(this.port), '-H', '127.0.0.1'], {
      detached: true,
      stdio: 'ignore',
      env: { ...process.env, DATA_DIR: this.dataDir, ALLOW_LOCAL_SOURCES: '1', PORT: String(this.port), ...this.env },
    });
    for (let i = 0; i < 120; i++) {
      if (
        await fetch(`${this.base}/api/health`, { signal: AbortSignal.timeout(3000) }).then(
          (r) => r.ok,
          () => false,
        )
      )
        return;
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`${this.base} did not come up`);
  }

  /** SIGKILL to the whole process group, as a crash would. */
  async kill(): Promise<void> {
    const child = this.process;
    if (!child?.pid || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    process.kill(-child.pid, 'SIGKILL');
    await exited;
  }

  async dispose(): Promise<void> {
    await this.kill();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
