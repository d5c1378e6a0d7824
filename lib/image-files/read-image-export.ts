import path from 'node:path';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import tarStream from 'tar-stream';
import { GzipSizeCounter } from '@/lib/image-files/gzip-size';
import { readLayer, type LayerListing } from '@/lib/image-files/read-layer';

// Reads the `docker save` tar (image.get()) as it streams, never holding the image:
// each layer tar is listed on the fly (and, when asked, its gzip size computed on
// worker threads); the manifest, which comes last, then says in which order the
// layers stack. Both the classic layout (<id>/layer.tar) and the OCI layout
// (blobs/sha256/<digest>) are understood: a layer is any entry that is a tar.

export interface ImageConfig {
  config?: { User?: string };
  history?: { created_by?: string; empty_layer?: boolean }[];
  rootfs?: { diff_ids?: string[] };
}

export interface ExportedLayer {
  /** the layer tar's bytes (= uncompressed size with tar headers) */
  tarBytes: number;
  /** gzipped, as a registry push sends it; null when not asked for */
  compressedBytes: number | null;
  diffId: string | null;
  listing: LayerListing;
}

export interface ImageExport {
  config: ImageConfig;
  /** bottom first, as the manifest stacks them */
  layers: ExportedLayer[];
}

const TAR_MAGIC_OFFSET = 257;
const JSON_LIMIT = 16 * 1024 * 1024;

/** A tar starts with a ustar header, or (an empty layer) with the zero block that ends a tar. */
function isTar(head: Buffer): boolean {
  if (head.length >= TAR_MAGIC_OFFSET + 5 && head.subarray(TAR_MAGIC_OFFSET, TAR_MAGIC_OFFSET + 5).toString('latin1') === 'ustar') return true;
  return head.length >= 512 && head.subarray(0, 512).every((b) => b === 0);
}

/** Feeds one source to several sinks (a tar-stream entry pipes to one destination only). */
function tee(source: NodeJS.ReadableStream, first: Buffer, sinks: Writable[]): void {
  let waiting = 0;
  const write = (chunk: Buffer) => {
    for (const sink of sinks) {
      if (!sink.write(chunk)) {
        waiting += 1;
        source.pause();
        sink.once('drain', () => {
          waiting -= 1;
          if (waiting === 0) source.resume();
        });
      }
    }
  };
  write(first);
  source.on('data', (chunk: unknown) => write(chunk as Buffer));
  source.on('end', () => {
    for (const sink of sinks) sink.end();
  });
}

export async function readImageExport(input: Readable, options: { compressed: boolean; onBytes?: (bytes: number) => void }): Promise<ImageExport> {
  const texts = new Map<string, string>();
  const layers = new Map<string, Promise<Omit<ExportedLayer, 'diffId'>>>();
  // a layer the export already holds is written once, and linked from its other names
  const links = new Map<string, string>();
  const extract = tarStream.extract();
  let read = 0;
  input.on('data', (chunk: Buffer) => {
    read += chunk.length;
    options.onBytes?.(read);
  });

  extract.on('entry', (header, entry, next) => {
    if ((header.type === 'symlink' || header.type === 'link') && header.linkname) {
      const target = header.type === 'symlink' ? path.posix.normalize(path.posix.join(path.posix.dirname(header.name), header.linkname)) : header.linkname;
      links.set(header.name, target);
    }
    if (header.type !== 'file' && header.type !== 'contiguous-file') {
      entry.on('end', () => next());
      return entry.resume();
    }
    // Decide from the first bytes whether this is a layer (a tar) or metadata (JSON).
    const head: Buffer[] = [];
    let headBytes = 0;
    let routed = false;
    const route = (ended: boolean) => {
      if (routed) return;
      routed = true;
      entry.removeListener('data', onData);
      entry.removeListener('end', onEnd);
      const first = Buffer.concat(head);
      if (isTar(first)) {
        const body = new PassThrough({ highWaterMark: 1024 * 1024 });
        const counter = options.compressed ? new GzipSizeCounter() : null;
        const listing = readLayer(body);
        if (ended) {
          body.end(first);
          counter?.end(first);
        } else tee(entry as unknown as NodeJS.ReadableStream, first, counter ? [body, counter] : [body]);
        const compressed = counter ? counter.size : Promise.resolve(null);
        layers.set(
          header.name,
          Promise.all([listing, compressed]).then(([l, c]) => ({ tarBytes: header.size ?? 0, compressedBytes: c, listing: l })),
        );
        if (ended) return next();
        entry.on('end', () => next());
        entry.on('error', (error) => next(error));
        return;
      }
      const keep = (header.size ?? 0) <= JSON_LIMIT;
      const parts: Buffer[] = keep ? [first] : [];
      const done = () => {
        if (keep) texts.set(header.name, Buffer.concat(parts).toString('utf8'));
        next();
      };
      if (ended) return done();
      entry.on('data', (chunk: unknown) => {
        if (keep) parts.push(chunk as Buffer);
      });
      entry.on('end', done);
    };
    const onData = (data: unknown) => {
      const chunk = data as Buffer;
      head.push(chunk);
      headBytes += chunk.length;
      if (headBytes >= TAR_MAGIC_OFFSET + 5) route(false);
    };
    const onEnd = () => route(true);
    entry.on('data', onData);
    entry.on('end', onEnd);
  });

  await new Promise<void>((resolve, reject) => {
    extract.on('finish', resolve);
    extract.on('error', reject);
    input.on('error', reject);
    input.pipe(extract);
  });

  const manifest = JSON.parse(texts.get('manifest.json') ?? 'null') as { Config?: string; Layers?: string[] }[] | null;
  const entry = manifest?.[0];
  if (!entry?.Layers) throw new Error('The image export has no manifest.json with layers.');
  const config = JSON.parse(texts.get(entry.Config ?? '') ?? '{}') as ImageConfig;
  const diffIds = config.rootfs?.diff_ids ?? [];
  const ordered: ExportedLayer[] = [];
  for (const [i, name] of entry.Layers.entries()) {
    let resolved = name;
    for (let hops = 0; !layers.has(resolved) && links.has(resolved) && hops < 10; hops++) resolved = links.get(resolved)!;
    const layer = layers.get(resolved);
    if (!layer) throw new Error(`The image export lists ${name} but does not contain it.`);
    ordered.push({ ...(await layer), diffId: diffIds[i] ?? null });
  }
  return { config, layers: ordered };
}
