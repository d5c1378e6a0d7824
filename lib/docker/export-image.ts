import type { Readable } from 'node:stream';
import { getDocker } from '@/lib/docker/client';

/** The `docker save` tar of an image, as a stream (nothing is held in memory). */
export async function exportImage(ref: string): Promise<Readable> {
  return (await getDocker().getImage(ref).get()) as unknown as Readable;
}
