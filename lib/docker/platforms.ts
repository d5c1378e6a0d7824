import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BaseImageUse } from '@/lib/base-images/rewrite-from';
import { BuildFailedError, buildImage, removeImage } from '@/lib/docker/build-image';
import { getDocker, LABELS } from '@/lib/docker/client';
import { platformNeeds } from '@/lib/stacks/platform-needs';

export type PlatformCheck = { ok: true } | { ok: false; reason: string };

interface LocalImage {
  platform: string;
  layers: string[];
}

/** The engine's own copy of an image: its platform (the default one on the containerd store) and layers. */
async function localImage(ref: string): Promise<LocalImage | null> {
  try {
    const info = await getDocker().getImage(ref).inspect();
    return { platform: `${info.Os}/${info.Architecture}`, layers: info.RootFS?.Layers ?? [] };
  } catch {
    return null;
  }
}

/**
 * Builds a one-step probe for `platform`; the engine's own words when it cannot. With
 * `from`, the probe is also refused when it stands on the engine's copy of that image
 * for another platform: BuildKit on the containerd store (measured on Docker 28.5)
 * takes a local amd64 image for a linux/arm64 build and labels the result arm64.
 */
async function probe(platform: string, dockerfile: string, from?: string): Promise<string | null> {
  const tag = `shipshape-probe/platform:${platform.replace(/\W+/g, '-')}`;
  const context = mkdtempSync(path.join(os.tmpdir(), 'shipshape-probe-'));
  try {
    const built = await buildImage({ contextDir: context, dockerfile, tag, labels: { [LABELS.managed]: 'true' }, builder: 'buildkit', platform });
    const local = from ? await localImage(from) : null;
    const probed = local && local.platform !== platform ? await localImage(built.imageId) : null;
    await removeImage(tag);
    if (local && probed && local.layers.length && local.layers.every((layer, i) => probed.layers[i] === layer)) {
      return `the engine has it for ${local.platform} only, and would put those files into a ${platform} image`;
    }
    return null;
  } catch (error) {
    return (error instanceof BuildFailedError ? error.message : (error as Error).message).trim().replace(/\.$/, '');
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
}

/**
 * Can this engine build `dockerfile` (as the engine reads it, after the base-image map)
 * for `platform`? It tries exactly what the file needs there: each stage of the target
 * platform needs its base image published for it, and a RUN step in such a stage needs
 * the engine's host to run the target's programs (emulation on another CPU). Stages
 * `FROM --platform=$BUILDPLATFORM` (cross-compiling builders) and scratch need neither.
 */
export async function checkPlatform(platform: string, dockerfile: string, baseImages: BaseImageUse[]): Promise<PlatformCheck> {
  const needs = platformNeeds(dockerfile);
  const requested = (image: string) => baseImages.find((b) => b.used === image)?.requested ?? image;
  const named = (image: string) => (requested(image) === image ? image : `${requested(image)} (${image} on this engine, through BASE_IMAGE_MAP)`);
  for (const stage of needs.targetStages) {
    const words = await probe(platform, `FROM ${stage.image}\nLABEL io.shipshape.probe=base\n`, stage.image);
    if (words !== null) {
      return {
        ok: false,
        reason: `This engine cannot build ${platform}: the final image starts from ${named(stage.image)}, and no ${platform} image of it is on the engine or could be pulled (${words}). Pull or load one for ${platform} (docker pull --platform ${platform} ${requested(stage.image)}), or map the name in BASE_IMAGE_MAP to an image published for ${platform}.`,
      };
    }
  }
  if (needs.runsOnTarget) {
    const { image, command } = needs.runsOnTarget;
    const words = await probe(platform, `FROM ${image}\nRUN true\n`);
    if (words !== null) {
      const arch = platform.split('/')[1] ?? platform;
      const step = command.length > 80 ? `${command.slice(0, 77)}...` : command;
      return {
        ok: false,
        reason: `This engine cannot build ${platform}: the build runs "${step}" in a stage of ${platform}, and the engine's host cannot run ${platform} programs (${words}). Install qemu-user-static and binfmt-support on the engine's host (or register QEMU with: docker run --privileged --rm tonistiigi/binfmt --install ${arch}), then analyse again.`,
      };
    }
  }
  return { ok: true };
}
