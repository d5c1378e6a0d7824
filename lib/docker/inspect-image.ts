import { getDocker } from '@/lib/docker/client';
import type { EngineFacts } from '@/lib/docker/engine-facts';

export interface ImageLayer {
  /** the history entry's id, or "<missing>" for layers built elsewhere */
  historyId: string;
  createdBy: string;
  /** exactly what `docker history` lists: the layer unpacked */
  sizeBytes: number;
  /** the step added no bytes (docker history shows 0B) */
  empty: boolean;
  createdAt: Date | null;
}

/** The engine's own figures for an image, as its CLI would show them. */
export interface EngineSizes {
  /** `docker image inspect --format '{{.Size}}'` */
  inspect: number;
  /** what `docker image ls` shows */
  list: number | null;
  /** containerd store: the compressed content (blobs) the engine keeps for the image */
  content?: number;
  /** containerd store: the image unpacked (its snapshots) */
  unpacked?: number;
}

export interface ImageFacts {
  id: string;
  /**
   * the image unpacked: `image inspect .Size` on the legacy store and Podman; on the
   * containerd store (where .Size is the compressed content) the sum of the layers'
   * unpacked sizes as `docker history` lists them
   */
  sizeBytes: number;
  /**
   * engine: the figures above are the engine's. computed: the engine has none (the
   * containerd store does not unpack an image of another platform: its history lists
   * 0 B for every step), so the sizes are to be computed from the image's export
   */
  sizeSource: 'engine' | 'computed';
  /** newest first, exactly as `docker history` lists them */
  layers: ImageLayer[];
  engineSizes: EngineSizes;
}

interface HistoryEntry {
  Id: string;
  Created: number;
  CreatedBy: string;
  Size: number;
}

interface ListedImage {
  Id: string;
  Size: number;
  RepoTags?: string[] | null;
  Manifests?: {
    Kind?: string;
    Available?: boolean;
    Size?: { Content?: number; Total?: number };
    ImageData?: { Platform?: { os?: string; architecture?: string; variant?: string }; Size?: { Unpacked?: number } };
  }[];
}

/**
 * The containerd store's figures for one image: `GET /images/json?manifests=1` (API
 * 1.47+) gives per platform the content and the unpacked size; the top-level Size is
 * what `docker image ls` shows (content + unpacked).
 */
async function containerdSizes(id: string, ref: string, platform: string | undefined): Promise<{ list: number | null; content?: number; unpacked?: number }> {
  const filters = ref.startsWith('sha256:') ? {} : { reference: [ref] };
  const listed = (await getDocker().listImages({ manifests: true, filters: JSON.stringify(filters) } as object)) as unknown as ListedImage[];
  const image = listed.find((i) => i.Id === id);
  if (!image) return { list: null };
  const [os, arch] = (platform ?? '').split('/');
  const manifests = (image.Manifests ?? []).filter((m) => m.Kind === 'image' && m.Available !== false);
  const manifest = manifests.find((m) => !platform || (m.ImageData?.Platform?.os === os && m.ImageData?.Platform?.architecture === arch)) ?? manifests[0];
  return { list: image.Size, content: manifest?.Size?.Content, unpacked: manifest?.ImageData?.Size?.Unpacked };
}

/** The image's size and layers as the engine reports them, with one meaning on every store. */
export async function inspectImage(ref: string, facts: Pick<EngineFacts, 'imageStore'>, platform?: string): Promise<ImageFacts> {
  const image = getDocker().getImage(ref);
  const [info, history] = await Promise.all([image.inspect(), image.history() as Promise<HistoryEntry[]>]);
  const layers = history.map((entry) => ({
    historyId: entry.Id,
    createdBy: entry.CreatedBy,
    sizeBytes: entry.Size,
    empty: entry.Size === 0,
    createdAt: entry.Created ? new Date(entry.Created * 1000) : null,
  }));
  if (facts.imageStore !== 'containerd') {
    return { id: info.Id, sizeBytes: info.Size, sizeSource: 'engine', layers, engineSizes: { inspect: info.Size, list: info.Size } };
  }
  // The layers' unpacked sizes (snapshot disk usage, in 4 KiB blocks) are stable; the
  // per-platform Unpacked figure of API 1.47+ can count a few blocks more (measured:
  // 32 KiB on a 718 MB image, varying with what else shares the snapshots), and older
  // APIs do not give it. Both are kept for the page.
  const sizes = await containerdSizes(info.Id, ref, platform);
  const unpacked = layers.reduce((sum, layer) => sum + layer.sizeBytes, 0);
  // an image of another platform is kept as content only: nothing unpacked, no figure
  const notUnpacked = platform !== undefined && unpacked === 0 && !sizes.unpacked && (sizes.content ?? info.Size) > 0;
  return { id: info.Id, sizeBytes: unpacked, sizeSource: notUnpacked ? 'computed' : 'engine', layers, engineSizes: { inspect: info.Size, ...sizes } };
}
