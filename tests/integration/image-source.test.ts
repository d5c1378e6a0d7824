import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker, imageExists, removeAnalysisImages } from '../helpers/docker-cli';
import { IMAGE_STORE } from '../helpers/engine';
import { REGISTRY_USER, startRegistry, type TestRegistry } from '../helpers/registry';
import { useReadySettings } from '../helpers/test-settings';
import { writeTree } from '../helpers/write-tree';

// Images as a source: an image pushed to a real registry on loopback behind basic auth
// is analysed by reference, and from its `docker save` file, with equal numbers; the
// credentials stay sealed; an archive's own image names never reach the engine.

let registry: TestRegistry;
let ref = '';
let saved = '';
const created: string[] = [];
const cleanup: string[] = [];

async function load(extra: Record<string, string> = {}) {
  await useReadySettings({ SOURCE_HOST_ALLOWLIST: '127.0.0.1', ...extra });
  const { createAnalysis } = await import('@/lib/analyses/create-analysis');
  const { getAnalysisOrThrow } = await import('@/lib/analyses/queries');
  const { toAnalysisJson } = await import('@/lib/analyses/analysis-json');
  const { getWorker } = await import('@/lib/analyses/analysis-worker');
  const analyse = async (submission: Parameters<typeof createAnalysis>[0]) => {
    const { id } = await createAnalysis(submission);
    created.push(id);
    await getWorker().idle();
    return toAnalysisJson(await getAnalysisOrThrow(id), 'http://x');
  };
  return { analyse, createAnalysis };
}

beforeAll(async () => {
  registry = await startRegistry({ auth: true });
  // the CLI logs in with a config of its own (never the user's ~/.docker)
  process.env.DOCKER_CONFIG = registry.cliConfig;
  execFileSync(
    process.env.DOCKER_CLI ?? '/usr/bin/docker',
    [...(process.env.DOCKER_HOST ? ['-H', process.env.DOCKER_HOST] : []), 'login', '-u', REGISTRY_USER.username, '--password-stdin', registry.host],
    {
      input: REGISTRY_USER.password,
      stdio: ['pipe', 'ignore', 'pipe'],
    },
  );
  ref = `${registry.host}/team/app:1.0`;
  const dir = writeTree({
    Dockerfile: 'FROM standin/debian:bookworm-slim\nRUN mkdir -p /srv && head -c 300000 /dev/urandom > /srv/blob\nCOPY hello.txt /srv/hello.txt\nCMD ["cat", "/srv/hello.txt"]\n',
    'hello.txt': 'hello from the registry\n',
  });
  docker('build', '-q', '-t', ref, dir);
  docker('push', ref);
  // the same image under a name the engine must never get from an archive
  docker('tag', ref, 'shipshape-test/victim:1');
  const tar = path.join(mkdtempSync(path.join(os.tmpdir(), 'shipshape-save-')), 'app.tar');
  docker('save', '-o', tar, 'shipshape-test/victim:1');
  saved = `${tar}.gz`;
  writeFileSync(saved, gzipSync(readFileSync(tar)));
  // neither name stays on the engine: what the analyses find there came from them
  docker('image', 'rm', ref, 'shipshape-test/victim:1');
  cleanup.push(ref);
}, 5 * 60_000);

afterAll(() => {
  registry?.stop();
  removeAnalysisImages(created);
  for (const name of cleanup) if (imageExists(name)) docker('image', 'rm', '-f', name);
});

describe('an image as the source', () => {
  it('is refused at once when its registry is private and not allowed, or its reference is not one', async () => {
    const { createAnalysis } = await load({ SOURCE_HOST_ALLOWLIST: '' });
    await expect(createAnalysis({ type: 'image', ref })).rejects.toThrow(/loopback.*SOURCE_HOST_ALLOWLIST/);
    await expect(createAnalysis({ type: 'image', ref: 'Team/API:latest' })).rejects.toThrow(/is not an image reference/);
    // the first test loads the app's modules: on a busy machine that alone takes seconds
  }, 60_000);

  it('the API refuses a reference that is not one, and an upload type it does not know, naming the field', async () => {
    await load();
    const { POST } = await import('@/app/api/analyses/route');
    const post = (body: BodyInit, headers: Record<string, string> = {}) => POST(new Request('http://shipshape.test/api/analyses', { method: 'POST', body, headers }), undefined);
    const badRef = await post(JSON.stringify({ source: { type: 'image', ref: 'Team/API latest' } }), { 'content-type': 'application/json' });
    expect(badRef.status).toBe(422);
    expect(JSON.stringify(await badRef.json())).toContain('must be an image reference');
    const form = new FormData();
    form.set('type', 'container');
    form.set('archive', new Blob([readFileSync(saved)]), 'app.tar.gz');
    const badType = await post(form);
    expect(badType.status).toBe(422);
    expect(JSON.stringify(await badType.json())).toMatch(/archive.*image-archive/);
  });

  let fromArchive: Awaited<ReturnType<Awaited<ReturnType<typeof load>>['analyse']>>;

  it(
    'from its docker save file (gzipped): one variant with the engine’s figures, loaded under Shipshape’s name only',
    async () => {
      const { analyse } = await load();
      fromArchive = await analyse({ type: 'image-archive', filename: 'app.tar.gz', bytes: readFileSync(saved) });
      expect(fromArchive.error).toBeNull();
      expect(fromArchive.status).toBe('succeeded');
      expect(fromArchive.variants.map((v) => v.kind)).toEqual(['image']);
      const image = fromArchive.variants[0]!;
      expect(image.imageTag).toBe(`shipshape/${fromArchive.id}:image`);
      // the name written in the archive never reached the engine
      expect(imageExists('shipshape-test/victim:1')).toBe(false);
      expect(docker('image', 'inspect', '--format', '{{.Id}}', image.imageTag!)).toBe(image.imageId);
      const inspected = Number(docker('image', 'inspect', '--format', '{{.Size}}', image.imageId!));
      expect(image.engineSizes?.inspect).toBe(inspected);
      const history = docker('history', '--no-trunc', '--human=false', '--format', '{{.Size}}', image.imageId!).split('\n').map(Number);
      expect(image.layers.map((l) => l.sizeBytes)).toEqual(history);
      // the legacy store: .Size itself; the containerd store: .Size is compressed, the layers' unpacked sizes add up
      expect(image.sizeBytes).toBe(IMAGE_STORE === 'containerd' ? history.reduce((a, b) => a + b, 0) : inspected);
      const blob = image.largestFiles.find((f) => f.path === '/srv/blob');
      expect(blob?.size).toBe(300_000);
      expect(image.runsAs).not.toBeNull();
      expect(fromArchive.source).toMatchObject({ type: 'image-archive', label: 'app.tar.gz' });
    },
    5 * 60_000,
  );

  it('deleting its images removes Shipshape’s name for it', async () => {
    const { removeAnalysisImages: removeOnEngine } = await import('@/lib/docker/cleanup');
    expect(await removeOnEngine(fromArchive.id)).toBeGreaterThanOrEqual(1);
    expect(imageExists(`shipshape/${fromArchive.id}:image`)).toBe(false);
  });

  it(
    'by reference, without credentials: fails with what to do',
    async () => {
      const { analyse } = await load();
      const analysis = await analyse({ type: 'image', ref });
      expect(analysis.status).toBe('failed');
      expect(analysis.error).toMatch(/asks for credentials to pull .*REGISTRY_CREDENTIALS/);
      expect(analysis.variants[0]).toMatchObject({ kind: 'image', status: 'failed' });
    },
    2 * 60_000,
  );

  it(
    'by reference with the credentials given: the same numbers as its save file, and the password is nowhere in the clear',
    async () => {
      const { analyse } = await load();
      const analysis = await analyse({ type: 'image', ref, credentials: REGISTRY_USER });
      expect(analysis.error).toBeNull();
      const image = analysis.variants[0]!;
      const archived = fromArchive.variants[0]!;
      expect(image.log).toMatch(new RegExp(`Pulling ${registry.host.replace(/[.:]/g, '\\$&')}/team/app@sha256:[0-9a-f]{64} for `));
      expect(image.imageId).toBe(archived.imageId);
      expect(image.sizeBytes).toBe(archived.sizeBytes);
      expect(image.layers.map((l) => [l.sizeBytes, l.createdBy])).toEqual(archived.layers.map((l) => [l.sizeBytes, l.createdBy]));
      expect(image.layers.map((l) => l.files)).toEqual(archived.layers.map((l) => l.files));
      expect(image.largestFiles).toEqual(archived.largestFiles);
      expect(analysis.source).toMatchObject({ type: 'image', label: ref });
      expect(analysis.repository?.name).toBe(`${registry.host}/team/app`);
      // sealed in the row, dropped with the job; never in what the API answers
      const { getDb } = await import('@/lib/db');
      const row = await getDb().analysis.findUniqueOrThrow({ where: { id: analysis.id } });
      expect(JSON.stringify(row)).not.toContain(REGISTRY_USER.password);
      expect(JSON.stringify(analysis)).not.toContain(REGISTRY_USER.password);
    },
    5 * 60_000,
  );

  it(
    'by reference with the registry’s credentials in REGISTRY_CREDENTIALS',
    async () => {
      const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'shipshape-creds-')), 'registries.json');
      writeFileSync(file, JSON.stringify({ [registry.host]: REGISTRY_USER }));
      const { analyse } = await load({ REGISTRY_CREDENTIALS: file });
      const analysis = await analyse({ type: 'image', ref });
      expect(analysis.error).toBeNull();
      expect(analysis.variants[0]!.sizeBytes).toBe(fromArchive.variants[0]!.sizeBytes);
    },
    5 * 60_000,
  );

  it(
    'an archive that is not an image fails with words that say what to upload',
    async () => {
      const { analyse } = await load();
      const tar = execFileSync('tar', ['-cz', '-C', writeTree({ 'package.json': '{}' }), '.']);
      const analysis = await analyse({ type: 'image-archive', filename: 'repo.tar.gz', bytes: tar });
      expect(analysis.status).toBe('failed');
      expect(analysis.error).toMatch(/neither manifest\.json .* nor index\.json .*docker save/);
    },
    2 * 60_000,
  );
});
