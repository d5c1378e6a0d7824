import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BuildFailedError, buildImage, removeImage } from '@/lib/docker/build-image';
import { LABELS } from '@/lib/docker/client';

export type PlatformCheck = { ok: true } | { ok: false; reason: string };

/**
 * Can this engine build `platform` from `image`? A one-step BuildKit build says it
 * for real: the base must exist for that platform and RUN must execute (binfmt).
 */
export async function checkPlatform(platform: string, image: string): Promise<PlatformCheck> {
  const tag = `shipshape-probe/platform:${platform.replace(/\W+/g, '-')}`;
  const context = mkdtempSync(path.join(os.tmpdir(), 'shipshape-probe-'));
  try {
    await buildImage({ contextDir: context, dockerfile: `FROM ${image}\nRUN true\n`, tag, labels: { [LABELS.managed]: 'true' }, builder: 'buildkit', platform });
    await removeImage(tag);
    return { ok: true };
  } catch (error) {
    const words = (error instanceof BuildFailedError ? error.message : (error as Error).message).trim().replace(/\.$/, '');
    return {
      ok: false,
      reason: `This engine cannot build ${platform}: ${words}. It needs base images published for ${platform} and, on another CPU, QEMU emulation registered with binfmt on the engine's host.`,
    };
  }
}
