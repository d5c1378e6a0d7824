import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker, engineApi, removeAnalysisImages, savedManifest } from '../helpers/docker-cli';
import { useFreshSettings } from '../helpers/test-settings';
import { builderHere, ENGINE, IMAGE_STORE } from '../helpers/engine';

// A real engine builds the Go sample both ways, and for linux/arm64 too (the builder
// cross-compiles on the engine's own CPU: no emulation); the stored numbers must be the
// engine's own, as `docker image inspect` and `docker history` print them, with one
// meaning on every engine: sizeBytes is the image unpacked.

useFreshSettings();
const { createAnalysis } = await import('@/lib/analyses/create-analysis');
const { getAnalysisOrThrow } = await import('@/lib/analyses/queries');
const { getWorker } = await import('@/lib/analyses/analysis-worker');
const { toAnalysisJson } = await import('@/lib/analyses/analysis-json');

const created: string[] = [];
// Podman builds through Buildah, and Docker 26's containerd store cannot inspect another platform's image
const OTHER_PLATFORMS = ENGINE === 'main' || ENGINE === 'modern';

describe('the Go sample, built for real', () => {
  let analysis: Awaited<ReturnType<typeof getAnalysisOrThrow>>;
  let ownPlatform: typeof analysis.variants;

  beforeAll(async () => {
    // the warm rebuild is measured in stacks.test.ts and the browser's journey
    const { id } = await createAnalysis({ type: 'sample', name: 'go' }, { platforms: ['linux/arm64'], warmRebuild: false });
    created.push(id);
    await getWorker().idle();
    analysis = await getAnalysisOrThrow(id);
    // the figures below are those of the engine's own platform; linux/arm64 is checked on its own
    ownPlatform = analysis.variants.filter((v) => v.platform === null);
  }, 15 * 60_000);

  afterAll(() => removeAnalysisImages(created));

  it('succeeds with both variants', () => {
    expect(analysis.error).toBeNull();
    expect(analysis.status).toBe('succeeded');
    expect(ownPlatform.map((v) => v.kind).sort()).toEqual(['multi-stage', 'single-stage']);
    expect(analysis.stack).toMatchObject({ language: 'go', entryPoint: '.', binary: 'go-hello', port: 8080 });
  });

  it('runs each image: both answer HTTP on :8080 alike, and the arm64 one is not run here', () => {
    for (const variant of ownPlatform) {
      expect(variant.runCheck, variant.kind).toMatchObject({
        outcome: 'running',
        ports: [{ port: 8080, loopbackOnly: false }],
        http: { port: 8080, status: 200, contentType: 'application/json', error: null },
      });
      expect(variant.runCheck!.http!.bytes).toBe('{"hello":"from a multi-stage build"}\n'.length);
      expect(variant.runCheck!.output).toMatch(/listening on :8080/);
    }
    const json = toAnalysisJson(analysis, 'http://localhost');
    expect(json.variants.find((v) => v.kind === 'multi-stage')!.runCheckComparisons).toEqual([{ against: 'single-stage', same: true, differences: [] }]);
    // the saving split: scratch has no base layer; the single-stage image's base is the Go SDK image
    const [single, multi] = [json.variants.find((v) => v.kind === 'single-stage')!, json.variants.find((v) => v.kind === 'multi-stage')!];
    expect(multi.baseBytes).toBe(0);
    expect(single.baseBytes!).toBeGreaterThan(100_000_000);
    const split = json.comparison!.savings.find((x) => x.against === 'single-stage')!;
    expect(split.fromBaseBytes).toBe(single.baseBytes! - multi.baseBytes!);
    expect(split.fromBaseBytes + split.fromLayersBytes).toBe(json.comparison!.savedBytes);
    expect(json.warnings).toEqual([]);
    if (OTHER_PLATFORMS) expect(analysis.variants.find((v) => v.platform === 'linux/arm64')!.runCheck).toBeNull();
    // nothing of the checks is left on the engine
    expect(docker('ps', '-a', '--filter', `label=io.shipshape.analysis=${analysis.id}`, '--format', '{{.ID}}')).toBe('');
    expect(docker('network', 'ls', '--filter', `label=io.shipshape.analysis=${analysis.id}`, '--format', '{{.ID}}')).toBe('');
  });

  it('records the engine it was built on and the builder each variant used', () => {
    for (const variant of analysis.variants) {
      expect(variant.engineFacts).toMatchObject({ imageStore: IMAGE_STORE, kind: ENGINE === 'podman' ? 'podman' : 'docker' });
    }
    expect(analysis.variants.find((v) => v.kind === 'single-stage')!.builder).toBe(builderHere('classic'));
    expect(analysis.variants.find((v) => v.kind === 'multi-stage')!.builder).toBe(builderHere('buildkit'));
  });

  it('weighs each package: the single-stage image lists the Go toolchain and gcc with the bytes dpkg installed; scratch only the module in its binary', () => {
    const json = toAnalysisJson(analysis, 'http://localhost');
    const [single, multi] = [json.variants.find((v) => v.kind === 'single-stage')!, json.variants.find((v) => v.kind === 'multi-stage')!];
    // scratch has no package database: its one package is the Go module compiled into the binary
    const binary = multi.largestFiles.find((f) => f.path === '/go-hello')!;
    expect(multi.packages).toEqual([{ name: 'github.com/shipshape/samples/go-hello', version: '(devel)', manager: 'go', bytes: binary.size, bytesFrom: 'files', in: '/go-hello' }]);
    const byName = new Map(single.packages.map((p) => [p.name, p]));
    for (const name of ['golang-1.22-go', 'gcc-12']) {
      const pkg = byName.get(name);
      expect(pkg, name).toMatchObject({ manager: 'dpkg', bytesFrom: 'files' });
      // the witness: the size dpkg recorded at install (KiB, rounded per file), asked inside the image
      const declared = Number(docker('run', '--rm', '--network', 'none', '--entrypoint', 'dpkg-query', single.imageId!, '-W', '-f', '${Installed-Size}', name)) * 1024;
      expect(Math.abs(pkg!.bytes - declared) / declared, name).toBeLessThan(0.05);
    }
    expect(byName.get('golang-1.22-go')!.bytes).toBeGreaterThan(90_000_000);
    // largest first, and never more than the image holds
    expect(single.packages.map((p) => p.bytes)).toEqual([...single.packages.map((p) => p.bytes)].sort((a, b) => b - a));
    expect(single.packages.reduce((sum, p) => sum + p.bytes, 0)).toBeLessThanOrEqual(single.sizeBytes!);
  });

  it('stores the unpacked size as the engine reports it', () => {
    for (const variant of ownPlatform) {
      const inspected = Number(docker('image', 'inspect', '--format', '{{.Size}}', variant.imageId!));
      const history = docker('history', '--no-trunc', '--human=false', '--format', '{{.Size}}', variant.imageId!).split('\n').map(Number);
      const sizes = variant.engineSizes!;
      expect(sizes.inspect).toBe(inspected);
      if (IMAGE_STORE !== 'containerd') {
        // the legacy store and Podman: exactly `docker image inspect .Size`
        expect(variant.sizeBytes).toBe(BigInt(inspected));
      } else {
        // the containerd store: .Size is the compressed content, and the layers'
        // unpacked sizes add up to sizeBytes; `docker image ls` shows content +
        // unpacked, where the engine's unpacked figure may count a few blocks more
        expect(Number(variant.sizeBytes)).toBe(history.reduce((a, b) => a + b, 0));
        const listed = engineApi(`/images/json?filters=${encodeURIComponent(JSON.stringify({ reference: [variant.imageTag] }))}`) as { Id: string; Size: number }[];
        const total = listed.find((i) => i.Id === variant.imageId)!.Size;
        expect(Math.abs(total - inspected - Number(variant.sizeBytes))).toBeLessThanOrEqual(64 * 1024);
        expect(Math.abs((sizes.list ?? Number.NaN) - total)).toBeLessThanOrEqual(64 * 1024);
      }
    }
  });

  it('takes compressed sizes from the engine where it keeps layers compressed, and computes the rest', () => {
    const multi = analysis.variants.find((v) => v.kind === 'multi-stage')!;
    expect(multi.compressedSource).toBe(IMAGE_STORE === 'containerd' ? 'engine' : 'computed');
    expect(Number(multi.compressedBytes)).toBeGreaterThan(1_000_000);
    if (IMAGE_STORE === 'containerd') {
      // the witness: the image manifest's own layer sizes, read from `docker save`
      const manifest = savedManifest(multi.imageId!);
      const real = multi.layers.filter((l) => !l.empty).reverse();
      expect(real.map((l) => Number(l.compressedBytes))).toEqual(manifest.layers.map((l) => l.size));
      expect(real.every((l) => l.compressedSource === 'engine')).toBe(true);
    }
  });

  it('stores every layer exactly as docker history lists it', () => {
    for (const variant of ownPlatform) {
      const history = docker('history', '--no-trunc', '--human=false', '--format', '{{.Size}}\t{{.CreatedBy}}', variant.imageId!)
        .split('\n')
        .map((line) => {
          const [size, ...createdBy] = line.split('\t');
          return { sizeBytes: BigInt(size!), createdBy: createdBy.join('\t') };
        });
      expect(variant.layers.map((l) => ({ sizeBytes: l.sizeBytes, createdBy: l.createdBy }))).toEqual(history);
      expect(variant.layers.some((l) => l.empty)).toBe(true);
      // the layers that exist (not empty) are exactly the image's rootfs, bottom first
      const rootfs = JSON.parse(docker('image', 'inspect', '--format', '{{json .RootFS.Layers}}', variant.imageId!)) as string[];
      const real = variant.layers.filter((l) => !l.empty).reverse();
      expect(real.map((l) => l.diffId)).toEqual(rootfs);
      for (const layer of variant.layers) if (layer.sizeBytes > 0n) expect(layer.empty).toBe(false);
    }
  });

  it('labels the images with the analysis id and tags them', () => {
    for (const variant of analysis.variants) {
      const labels = JSON.parse(docker('image', 'inspect', '--format', '{{json .Config.Labels}}', variant.imageId!)) as Record<string, string>;
      expect(labels['io.shipshape.analysis']).toBe(analysis.id);
      expect(labels['io.shipshape.variant']).toBe(variant.kind);
      expect(docker('image', 'inspect', '--format', '{{.Id}}', variant.imageTag!)).toBe(variant.imageId);
    }
  });

  it('builds a multi-stage image on scratch that is far smaller and runs', () => {
    const single = analysis.variants.find((v) => v.kind === 'single-stage')!;
    const multi = analysis.variants.find((v) => v.kind === 'multi-stage')!;
    expect(Number(multi.sizeBytes)).toBeLessThan(Number(single.sizeBytes) / 20);
    expect(multi.dockerfile).toContain('FROM scratch');
    expect(multi.dockerfile).toContain('CGO_ENABLED=0');
    const output = docker('run', '--rm', '--network', 'none', '--entrypoint', '/go-hello', multi.imageId!, 'version');
    expect(output).toMatch(/^go-hello built with go1\.\d+/);
  });

  it('records the base images actually used', () => {
    const multi = analysis.variants.find((v) => v.kind === 'multi-stage')!;
    const bases = multi.baseImages;
    expect(bases.map((b) => b.requested)).toEqual(['golang:1.22-alpine', 'scratch']);
    const map = process.env.BASE_IMAGE_MAP ? (JSON.parse(readFileSync(process.env.BASE_IMAGE_MAP, 'utf8')) as Record<string, string>) : {};
    expect(bases[0]!.used).toBe(map['golang:1.22-alpine'] ?? 'golang:1.22-alpine');
    expect(bases[1]!.used).toBe('scratch');
  });

  it(OTHER_PLATFORMS ? 'builds linux/arm64 by cross-compiling, an arm64 image sized per platform' : 'says why this engine builds no other platform', async () => {
    const arm = analysis.variants.find((v) => v.kind === 'multi-stage:linux-arm64');
    if (!OTHER_PLATFORMS) {
      expect(arm).toBeUndefined();
      const why =
        ENGINE === 'podman'
          ? /^Other platforms are built with BuildKit, which Podman .+ does not have/
          : /cannot inspect an image of another platform .+ Docker 27\.3\+ \(API 1\.47\) can/;
      expect(analysis.notes ?? []).toEqual([{ topic: 'platforms', message: expect.stringMatching(why) }]);
      return;
    }
    expect(arm?.status).toBe('succeeded');
    expect(arm!.platform).toBe('linux/arm64');
    expect(docker('image', 'inspect', '--format', '{{.Os}}/{{.Architecture}}', arm!.imageId!)).toBe('linux/arm64');
    expect(docker('image', 'inspect', '--format', '{{.Architecture}}', analysis.variants.find((v) => v.kind === 'multi-stage')!.imageId!)).toBe('amd64');
    const layers = arm!.layers.filter((l) => !l.empty);
    expect(layers.length).toBe(2);
    if (IMAGE_STORE === 'containerd') {
      // not unpacked on an amd64 engine: history says 0 B everywhere, so the size is computed
      expect(
        docker('history', '--human=false', '--format', '{{.Size}}', arm!.imageId!)
          .split('\n')
          .every((size) => size === '0'),
      ).toBe(true);
      expect(arm!.sizeSource).toBe('computed');
      const files = await (await import('@/lib/image-files/stored-files')).fileStateAt(arm!.id, 0);
      const fileBytes = [...files.values()].filter((f) => f.type === 'file').reduce((sum, f) => sum + f.size, 0);
      expect(Number(arm!.sizeBytes)).toBe(fileBytes);
      expect(layers.reduce((sum, l) => sum + Number(l.sizeBytes), 0)).toBe(fileBytes);
    } else {
      expect(arm!.sizeSource).toBe('engine');
      expect(Number(arm!.sizeBytes)).toBe(Number(docker('image', 'inspect', '--format', '{{.Size}}', arm!.imageId!)));
    }
    // about the amd64 binary's size, and far from the single-stage image
    const multi = analysis.variants.find((v) => v.kind === 'multi-stage')!;
    expect(Number(arm!.sizeBytes)).toBeGreaterThan(Number(multi.sizeBytes) / 2);
    expect(Number(arm!.sizeBytes)).toBeLessThan(Number(multi.sizeBytes) * 2);
    const { toAnalysisJson } = await import('@/lib/analyses/analysis-json');
    const json = toAnalysisJson(analysis, 'http://localhost');
    expect(json.platforms.map((p) => [p.platform, p.native, p.sizeBytes])).toEqual([
      ['linux/amd64', true, Number(multi.sizeBytes)],
      ['linux/arm64', false, Number(arm!.sizeBytes)],
    ]);
  });

  it('stores the whole analysis in at most 1 MB of database, its every file kept', async () => {
    const { getDb, databaseKind } = await import('@/lib/db');
    const stored = databaseKind() === 'postgresql' ? await postgresBytes(getDb()) : await sqliteBytes();
    console.log(`the Go sample's analysis takes ${stored} bytes of database`);
    expect(stored).toBeLessThanOrEqual(1024 * 1024);
    // and every file is there: the single-stage image's files, the Go toolchain among them
    const { fileStateAt } = await import('@/lib/image-files/stored-files');
    const single = analysis.variants.find((v) => v.kind === 'single-stage')!;
    const files = await fileStateAt(single.id, 0);
    expect(files.size).toBeGreaterThan(10_000);
    expect([...files.keys()].some((file) => file.endsWith('/bin/go'))).toBe(true);

    /** PostgreSQL: the analysis's rows as stored (pg_column_size counts a value compressed, as TOAST keeps it) */
    async function postgresBytes(db: { $queryRawUnsafe<T>(sql: string, ...values: unknown[]): Promise<T> }): Promise<number> {
      const [row] = await db.$queryRawUnsafe<{ bytes: bigint | number }[]>(
        `SELECT (SELECT COALESCE(sum(pg_column_size(a.*)), 0) FROM "Analysis" a WHERE a."id" = $1)
              + (SELECT COALESCE(sum(pg_column_size(v.*)), 0) FROM "Variant" v WHERE v."analysisId" = $1)
              + (SELECT COALESCE(sum(pg_column_size(l.*)), 0) FROM "Layer" l JOIN "Variant" v ON v."id" = l."variantId" WHERE v."analysisId" = $1)
              + (SELECT COALESCE(sum(pg_column_size(f.*)), 0) FROM "FileChange" f JOIN "Variant" v ON v."id" = f."variantId" WHERE v."analysisId" = $1) AS "bytes"`,
        analysis.id,
      );
      return Number(row!.bytes);
    }
  });

  /** SQLite: the file of this analysis alone, compacted, against an empty one */
  async function sqliteBytes(): Promise<number> {
    const { getSettings } = await import('@/lib/env');
    const { getDb, createDb } = await import('@/lib/db');
    const compactSize = async (file: string, db: { $executeRawUnsafe(sql: string): Promise<number> }) => {
      await db.$executeRawUnsafe('PRAGMA wal_checkpoint(TRUNCATE)');
      await db.$executeRawUnsafe('VACUUM');
      await db.$executeRawUnsafe('PRAGMA wal_checkpoint(TRUNCATE)');
      return statSync(file).size;
    };
    const emptyFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'shipshape-empty-')), 'empty.db');
    const empty = createDb(emptyFile);
    const emptySize = await compactSize(emptyFile, empty);
    await empty.$disconnect();
    return (await compactSize(getSettings().databaseFile, getDb())) - emptySize;
  }
});
