import { getDocker } from '@/lib/docker/client';

export interface ImageLayer {
  /** the history entry's id, or "<missing>" for layers built elsewhere */
  historyId: string;
  createdBy: string;
  sizeBytes: number;
  /** the step added no bytes (docker history shows 0B) */
  empty: boolean;
  createdAt: Date | null;
}

export interface ImageFacts {
  id: string;
  /** exactly `docker image inspect --format '{{.Size}}'` */
  sizeBytes: number;
  /** newest first, exactly as `docker history` lists them */
  layers: ImageLayer[];
}

export async function inspectImage(ref: string): Promise<ImageFacts> {
  const image = getDocker().getImage(ref);
  const [info, history] = await Promise.all([image.inspect(), image.history() as Promise<HistoryEntry[]>]);
  return {
    id: info.Id,
    sizeBytes: info.Size,
    layers: history.map((entry) => ({
      historyId: entry.Id,
      createdBy: entry.CreatedBy,
      sizeBytes: entry.Size,
      empty: entry.Size === 0,
      createdAt: entry.Created ? new Date(entry.Created * 1000) : null,
    })),
  };
}

interface HistoryEntry {
  Id: string;
  Created: number;
  CreatedBy: string;
  Size: number;
}
