import type Docker from 'dockerode';
import { resolveBaseImage } from '@/lib/base-images/rewrite-from';
import { getSettings } from '@/lib/env';

// HELPER_IMAGE: a small image with a shell for Shipshape's own short containers on an
// engine (BuildKit's limits, the run check's probe), mapped through BASE_IMAGE_MAP.

/** The helper image's name on the engine (through BASE_IMAGE_MAP). */
export function helperImage(): string {
  const settings = getSettings();
  return resolveBaseImage(settings.baseImageMap, settings.helperImage);
}

/** The helper image on the engine, pulled when it is not there yet. */
export async function ensureHelperImage(docker: Docker): Promise<void> {
  const image = helperImage();
  try {
    await docker.getImage(image).inspect();
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode !== 404) throw error;
    const stream = (await docker.pull(image)) as NodeJS.ReadableStream;
    await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (e: Error | null) => (e ? reject(e) : resolve())));
  }
}

/** The text of a non-TTY container log (8-byte frame headers dropped). */
export function demux(buffer: Buffer): string {
  let out = '';
  for (let at = 0; at + 8 <= buffer.length; ) {
    const size = buffer.readUInt32BE(at + 4);
    out += buffer.subarray(at + 8, at + 8 + size).toString('utf8');
    at += 8 + size;
  }
  return out;
}
