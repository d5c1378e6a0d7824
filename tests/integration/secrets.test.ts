import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { removeAnalysisImages } from '../helpers/docker-cli';
import { startGitHttpServer } from '../helpers/git-http-server';
import { gitRepo } from '../helpers/repos';
import { useFreshSettings } from '../helpers/test-settings';

// A sentinel secret in a git URL and in an engine setting must appear nowhere: not in
// what the server logs, not in any API answer or event stream, not in the SQLite file,
// not in errors, build logs or the built image.

const SENTINEL = 'ghp_SENTINEL7f3a9c';
const ENGINE_SENTINEL = 'ENGINEPASS_SENTINEL42';

const dataDir = useFreshSettings({
  SOURCE_HOST_ALLOWLIST: '127.0.0.1',
  DOCKER_ENGINES: `main=unix:///var/run/docker.sock,remote=ssh://deploy:${ENGINE_SENTINEL}@192.0.2.10:22`,
  JOBS_PER_ENGINE: '1',
});
const analyses = await import('@/app/api/analyses/route');
const analysisRoute = await import('@/app/api/analyses/[id]/route');
const events = await import('@/app/api/analyses/[id]/events/route');
const health = await import('@/app/api/health/route');
const { settingRows } = await import('@/lib/settings-help');
const { getWorker } = await import('@/lib/analyses/analysis-worker');
const { getAnalysisOrThrow } = await import('@/lib/analyses/queries');

const captured: string[] = [];
const created: string[] = [];
let server: Awaited<ReturnType<typeof startGitHttpServer>>;

beforeAll(async () => {
  // everything this process prints from now on is kept and searched
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    vi.spyOn(stream, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: never[]) => {
      captured.push(String(chunk));
      return write(chunk, ...rest);
    }) as typeof stream.write);
  }
  server = await startGitHttpServer({ 'app.git': gitRepo({ Dockerfile: 'FROM scratch\nCOPY . /src/\n', 'hello.txt': 'hello\n' }) }, { user: 'x-token', password: SENTINEL });
});
afterAll(async () => {
  await server.close();
  removeAnalysisImages(created);
});

const BASE = 'http://shipshape.test';
const params = (id: string) => ({ params: Promise.resolve({ id }) });

async function submit(url: string): Promise<string> {
  const response = await analyses.POST(
    new Request(`${BASE}/api/analyses`, {
      method: 'POST',
      body: JSON.stringify({ source: { type: 'git', url }, options: { warmRebuild: false } }),
      headers: { 'Content-Type': 'application/json' },
    }),
    undefined,
  );
  const body = (await response.json()) as { id: string };
  expect(response.status, JSON.stringify(body)).toBe(202);
  created.push(body.id);
  return body.id;
}

describe('a sentinel secret', () => {
  it('is used to clone, and appears nowhere afterwards', async () => {
    const good = await submit(server.url('app.git', `x-token:${SENTINEL}@`));
    const bad = await submit(server.url('missing.git', `x-token:${SENTINEL}@`));
    const wrong = await submit(server.url('app.git', 'x-token:not-the-token@'));
    await getWorker().idle();

    const [ok, missing, refused] = [await getAnalysisOrThrow(good), await getAnalysisOrThrow(bad), await getAnalysisOrThrow(wrong)];
    expect(ok.status).toBe('succeeded'); // the credentials reached the server
    expect(missing.status).toBe('failed');
    expect(refused.status).toBe('failed');
    expect(refused.error).toMatch(/needs credentials/);
    expect(ok.sourceLabel).toBe(server.url('app.git'));

    const seen: [string, string][] = [['server output', captured.join('')]];
    for (const id of [good, bad, wrong]) {
      seen.push([`GET /api/analyses/${id}`, await (await analysisRoute.GET(new Request(`${BASE}/api/analyses/${id}`), params(id))).text()]);
      const stream = await events.GET(new Request(`${BASE}/api/analyses/${id}/events`), params(id));
      seen.push([`events of ${id}`, await stream.text()]); // the analysis has ended: the stream ends too
    }
    seen.push(['GET /api/analyses', await (await analyses.GET(new Request(`${BASE}/api/analyses`), undefined)).text()]);
    seen.push(['GET /api/health', await (await health.GET()).text()]);
    seen.push(['settings page rows', JSON.stringify(settingRows())]);

    // the database file and its write-ahead log, byte for byte
    const db = path.join(dataDir, 'shipshape.db');
    for (const file of [db, `${db}-wal`]) if (existsSync(file)) seen.push([path.basename(file), readFileSync(file).toString('latin1')]);

    // the image built from the clone (its .git included)
    const image = execFileSync('/usr/bin/docker', ['save', ok.variants[0]!.imageId!]).toString('latin1');
    expect(image).toContain('[remote "origin"]'); // the clone's git config, where a URL's token would be
    seen.push(['the built image', image]);

    expect(seen.filter(([, text]) => text.includes(SENTINEL) || text.includes(ENGINE_SENTINEL)).map(([where]) => where)).toEqual([]);
    expect(existsSync(path.join(dataDir, 'work', good))).toBe(false);
  }, 180_000);
});
