import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker } from '../helpers/docker-cli';
import { useFreshSettings } from '../helpers/test-settings';
import { ENGINE } from '../helpers/engine';

// Other platforms without emulation (this engine's host has no QEMU): what the
// generated multi-stage files need for linux/arm64, checked for real, in words a user
// can act on; and on the main engine, proof that the generated builders cross-compile
// (Go with cgo, Rust: Debian's cross compilers and the target's standard library).

useFreshSettings();
const { buildImage } = await import('@/lib/docker/build-image');
const { checkPlatform } = await import('@/lib/docker/platforms');
const { detectStack, generateDockerfiles } = await import('@/lib/stacks/detect');
const { rewriteFromLines } = await import('@/lib/base-images/rewrite-from');
const { getSettings } = await import('@/lib/env');

const LABELS = { 'io.shipshape.test': 'platforms' };
const FIXTURES = path.join(process.cwd(), 'tests', 'fixtures');
const ARM_BASE = 'shipshape-test/busybox:arm64';
const tags: string[] = [ARM_BASE];

/** The multi-stage file for a fixture, as the engine reads it (after the base-image map). */
function multiStageOf(fixture: string) {
  return rewriteFromLines(generateDockerfiles(detectStack(path.join(FIXTURES, fixture), {})).multiStage, getSettings().baseImageMap);
}

async function build(dockerfile: string, tag: string, contextDir = mkdtempSync(path.join(os.tmpdir(), 'shipshape-platform-'))) {
  tags.push(tag);
  return buildImage({ contextDir, dockerfile, tag, labels: LABELS, builder: 'buildkit', platform: 'linux/arm64', timeoutSeconds: 600 });
}

/** The ELF machine of a file in an image: 0xb7 is aarch64, 0x3e x86-64. */
function elfMachine(image: string, file: string): number {
  const container = docker('create', image, '/none');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'shipshape-elf-'));
  try {
    docker('cp', `${container}:${file}`, path.join(dir, 'binary'));
    return readFileSync(path.join(dir, 'binary')).readUInt16LE(18);
  } finally {
    docker('rm', container);
    rmSync(dir, { recursive: true, force: true });
  }
}

beforeAll(async () => {
  // an arm64 image with a shell, made without running anything of arm64: Debian's
  // busybox-static for arm64, unpacked by an amd64 stage
  await build(
    [
      'FROM --platform=$BUILDPLATFORM standin/debian:bookworm-slim AS fetch',
      'RUN dpkg --add-architecture arm64 && apt-get update && cd /tmp && apt-get download busybox-static:arm64 && dpkg-deb -x busybox-static_*_arm64.deb /out',
      'FROM scratch',
      'COPY --from=fetch /out/bin/busybox /bin/sh',
    ].join('\n'),
    ARM_BASE,
  );
}, 600_000);

afterAll(() => {
  for (const tag of tags) docker('image', 'rm', '--force', tag);
});

describe('building for linux/arm64 on an amd64 engine without emulation', () => {
  it('the Go multi-stage file needs nothing of arm64: its builder cross-compiles and its final stage is scratch', async () => {
    expect(await checkPlatform('linux/arm64', multiStageOf('go-vendored').dockerfile, [])).toEqual({ ok: true });
  });

  it('the Rust file needs distroless/cc for arm64, and the note says so and how to get it', async () => {
    const { dockerfile, baseImages } = multiStageOf('rust-bin');
    const check = await checkPlatform('linux/arm64', dockerfile, baseImages);
    expect(check.ok).toBe(false);
    const reason = check.ok ? '' : check.reason;
    expect(reason).toMatch(
      /^This engine cannot build linux\/arm64: the final image starts from gcr\.io\/distroless\/cc-debian12 \(standin\/distroless\/cc-debian12:latest on this engine, through BASE_IMAGE_MAP\), and no linux\/arm64 image of it is on the engine or could be pulled \(.+\)\. /,
    );
    expect(reason).toContain('docker pull --platform linux/arm64 gcr.io/distroless/cc-debian12');
  });

  it('a base that exists for arm64 passes; a RUN step there needs emulation, and the note says what to install', async () => {
    expect(await checkPlatform('linux/arm64', `FROM ${ARM_BASE}\nCOPY a /a\n`, [])).toEqual({ ok: true });
    const check = await checkPlatform(
      'linux/arm64',
      `FROM --platform=$BUILDPLATFORM standin/debian:bookworm-slim AS builder\nRUN true\nFROM ${ARM_BASE}\nRUN echo hi > /greeting\n`,
      [],
    );
    expect(check.ok).toBe(false);
    const reason = check.ok ? '' : check.reason;
    expect(reason).toMatch(
      /^This engine cannot build linux\/arm64: the build runs "echo hi > \/greeting" in a stage of linux\/arm64, and the engine's host cannot run linux\/arm64 programs \(.+\)\. /,
    );
    expect(reason).toContain("Install qemu-user-static and binfmt-support on the engine's host");
  });
});

// The cross-compiling builders themselves, proven on the main engine only (they
// download Debian's cross toolchains; the engine does not change what a compiler makes)
if (ENGINE === 'main')
  describe('the generated builders cross-compile for arm64', () => {
    /** The fixture's multi-stage file with scratch as the final base: an arm64 image of the binary alone. */
    const onScratch = (fixture: string) => multiStageOf(fixture).dockerfile.replace(/^FROM standin\/distroless\/cc-debian12:latest$/m, 'FROM scratch');

    it("Go with cgo: Debian's aarch64 gcc and C library", async () => {
      const built = await build(onScratch('go-cgo'), 'shipshape-test/go-cgo:arm64', path.join(FIXTURES, 'go-cgo'));
      expect(docker('image', 'inspect', '--format', '{{.Architecture}}', built.imageId)).toBe('arm64');
      const binary = generateDockerfiles(detectStack(path.join(FIXTURES, 'go-cgo'), {})).multiStage.match(/^CMD \["(.+)"\]$/m)![1]!;
      expect(elfMachine(built.imageId, binary)).toBe(0xb7);
    }, 600_000);

    it("Rust: the target's standard library (Debian's, for its rustc) and the aarch64 linker", async () => {
      const built = await build(onScratch('rust-bin'), 'shipshape-test/rust-bin:arm64', path.join(FIXTURES, 'rust-bin'));
      expect(docker('image', 'inspect', '--format', '{{.Architecture}}', built.imageId)).toBe('arm64');
      expect(elfMachine(built.imageId, '/greet')).toBe(0xb7);
    }, 600_000);
  });
