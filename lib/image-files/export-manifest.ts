// Where an image export (`docker save`, the containerd store's OCI layout, Podman's)
// says its config is and in which order its layers stack.

interface OciDescriptor {
  mediaType?: string;
  digest?: string;
  platform?: { os?: string; architecture?: string };
}

const blobPath = (digest: string) => `blobs/${digest.replace(':', '/')}`;

/**
 * The image's config and layers: from manifest.json (docker save, also written by
 * the containerd store and Podman), or else by following an OCI layout's index.json
 * to the first image manifest (through nested indexes, preferring linux images).
 */
export function imageEntry(texts: Map<string, string>): { Config: string; Layers: string[] } {
  const manifest = JSON.parse(texts.get('manifest.json') ?? 'null') as { Config?: string; Layers?: string[] }[] | null;
  const entry = manifest?.[0];
  if (entry?.Layers && entry.Config) return { Config: entry.Config, Layers: entry.Layers };
  let node = JSON.parse(texts.get('index.json') ?? 'null') as { manifests?: OciDescriptor[]; config?: OciDescriptor; layers?: OciDescriptor[] } | null;
  for (let depth = 0; node && depth < 4; depth++) {
    if (node.config?.digest && node.layers) {
      return { Config: blobPath(node.config.digest), Layers: node.layers.map((l) => blobPath(l.digest ?? '')) };
    }
    const next = node.manifests?.find((m) => !m.platform || m.platform.os === 'linux') ?? node.manifests?.[0];
    node = next?.digest ? (JSON.parse(texts.get(blobPath(next.digest)) ?? 'null') as typeof node) : null;
  }
  throw new Error('The image export has neither a manifest.json nor an OCI index.json that leads to an image manifest.');
}
