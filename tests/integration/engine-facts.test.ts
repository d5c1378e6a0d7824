import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { docker, savedManifest } from '../helpers/docker-cli';
import { writeTree } from '../helpers/write-tree';
import { useFreshSettings } from '../helpers/test-settings';
import { BUILDERS, ENGINE, ENGINE_HOST, IMAGE_STORE } from '../helpers/engine';

// What Shipshape knows of the engine under test, against what the engine says of
// itself; and, on the containerd store, a zstd image read from the engine's export.

useFreshSettings();
const { engineFacts } = await import('@/lib/docker/engine-facts');
const health = await import('@/app/api/health/route');

const BUILDX = '/opt/shipshape-engines/modern/usr/libexec/docker/cli-plugins/docker-buildx';
const zstdTag = `shipshape-test/zstd:${Date.now()}`;
afterAll(() => {
  if (ENGINE === 'modern') execFileSync(process.env.DOCKER_CLI!, ['-H', ENGINE_HOST, 'image', 'rm', '-f', zstdTag], { stdio: 'ignore' });
});

describe('the engine', () => {
  it('is known for what it is: Docker or Podman, its image store, its API version and builders', async () => {
    const facts = await engineFacts();
    expect(facts.kind).toBe(ENGINE === 'podman' ? 'podman' : 'docker');
    expect(facts.imageStore).toBe(IMAGE_STORE);
    expect(facts.builders).toEqual([...BUILDERS]);
    expect(facts.apiVersion).toBe(docker('version', '--format', '{{.Server.APIVersion}}'));
  });

  it('/api/health says so for every engine', async () => {
    const response = await health.GET();
    expect(response.status).toBe(200);
    const body = (await response.json()) as { engines: { reachable: boolean; kind: string; imageStore: string; builders: string[]; caveats: string[] }[] };
    expect(body.engines[0]).toMatchObject({ reachable: true, kind: ENGINE === 'podman' ? 'podman' : 'docker', imageStore: IMAGE_STORE, builders: [...BUILDERS] });
    const caveats = body.engines[0]!.caveats.join(' ');
    if (IMAGE_STORE === 'containerd') expect(caveats).toMatch(/Containerd image store: `docker image inspect` reports the compressed content/);
    if (ENGINE === 'podman') expect(caveats).toMatch(/Builds run through Buildah/);
    if (ENGINE === 'main') expect(caveats).toMatch(/takes no ulimits: BUILD_DISK_MB binds the classic builder's steps only here/);
    if (ENGINE === 'modern') expect(caveats).not.toMatch(/takes no ulimits/);
  });

  // only the modern engine's buildx writes zstd layers
  if (ENGINE === 'modern')
    it("reads an image whose layers the engine keeps as zstd, with the blobs' own sizes", async () => {
      expect(existsSync(BUILDX), `${BUILDX} (engine-up.sh modern installs it)`).toBe(true);
      const context = writeTree({ Dockerfile: 'FROM standin/alpine:3.21\nCOPY hello.txt /hello.txt\n', 'hello.txt': 'hello zstd\n' });
      execFileSync(BUILDX, ['build', '-q', '--output', `type=image,name=${zstdTag},compression=zstd,force-compression=true`, context], {
        env: { ...process.env, DOCKER_HOST: ENGINE_HOST, HOME: mkdtempSync(path.join(os.tmpdir(), 'shipshape-buildx-')) },
        stdio: 'ignore',
      });
      const { readImageExport } = await import('@/lib/image-files/read-image-export');
      const { exportImage } = await import('@/lib/docker/export-image');
      const exported = await readImageExport(await exportImage(zstdTag), { compressed: true });
      expect(exported.layers.map((l) => l.encoding)).toEqual(exported.layers.map(() => 'zstd'));
      expect(exported.layers.every((l) => l.compressedSource === 'engine')).toBe(true);
      const top = exported.layers.at(-1)!;
      expect(top.listing.entries).toContainEqual(expect.objectContaining({ path: '/hello.txt', size: 'hello zstd\n'.length }));
      const rootfs = JSON.parse(docker('image', 'inspect', '--format', '{{json .RootFS.Layers}}', zstdTag)) as string[];
      expect(exported.layers.map((l) => l.diffId)).toEqual(rootfs);
      // the witness: the manifest's own layer sizes, as `docker save` holds them
      const manifest = savedManifest(zstdTag);
      expect(manifest.layers.every((l) => l.mediaType.endsWith('zstd'))).toBe(true);
      expect(exported.layers.map((l) => l.compressedBytes)).toEqual(manifest.layers.map((l) => l.size));
    }, 120_000);
});
