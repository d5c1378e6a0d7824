import { createHash } from 'node:crypto';
import path from 'node:path';
import { PassThrough, Writable, type Readable } from 'node:stream';
import tarStream from 'tar-stream';
import { blobEncoding, decompressor, SNIFF_BYTES } from '@/lib/image-files/decompress';
import { GzipSizeCounter } from '@/lib/image-files/gzip-size';
import { readLayer, type LayerListing } from '@/lib/image-files/read-layer';
import { imageEntry } from '@/lib/image-files/export-manifest';
import { ByteCounter, tee } from '@/lib/image-files/stream-tools';

// Reads the `docker save` tar (image.get()) as it streams, never holding the image:
// each layer is listed on the fly; the manifest, which may come last, then says in
// which order the layers stack. The classic layout (<id>/layer.tar, Podman's too) and
// OCI layouts (blobs/sha256/<digest>, the containerd image store) are understood: a
// layer is any entry that is a tar, or a gzip or zstd blob of one (decided by its
// first bytes). A compressed blob's own size is what a push sends; for a plain tar
// that size is computed (gzip on worker threads) when asked for.

export interface ImageConfig {
  config?: { User?: string };
  history?: { created_by?: string; empty_layer?: boolean }[];
  rootfs?: { diff_ids?: string[] };
}

export type CompressedSource = 'engine' | 'computed';

export interface ExportedLayer {
  /** the layer tar's bytes, uncompressed (with tar headers) */
  tarBytes: number;
  /**
   * what a registry push sends: the blob's own size where the engine keeps the layer
   * compressed, else the gzip size computed from its bytes; null when not asked for
   */
  compressedBytes: number | null;
  compressedSource: CompressedSource | null;
  /** how the engine keeps the blob */
  encoding: 'tar' | 'gzip' | 'zstd';
  diffId: string | null;
  listing: LayerListing;
  /** a cached compressed size did not match this layer's bytes: read again without the cache */
  uncomputed?: boolean;
}

export interface ImageExport {
  config: ImageConfig;
  /** bottom first, as the manifest stacks them */
  layers: ExportedLayer[];
}

const JSON_LIMIT = 16 * 1024 * 1024;

/** Gzip sizes computed before, so the layers of a base image are compressed once. */
export interface LayerSizeCache {
  /** the gzip size of the layer with this diff id */
  byDiffId(diffId: string): Promise<number | null>;
  /** layers of exactly this tar size computed before, with their diff ids */
  bySize(tarBytes: number): Promise<{ diffId: string; compressedBytes: number }[]>;
}

export interface ReadOptions {
  /** compute gzip sizes where the engine keeps layers uncompressed */
  compressed: boolean;
  sizeCache?: LayerSizeCache;
  onBytes?: (bytes: number) => void;
}

/** Layers smaller than this are gzipped every time: it costs less than asking. */
const CACHE_MIN_BYTES = 1024 * 1024;

type CompressedPlan = { kind: 'none' } | { kind: 'gzip' } | { kind: 'cached'; diffId: string; compressedBytes: number; verify: boolean };

/**
 * How a plain layer's compressed size is had: from the cache, or by gzip. An OCI
 * export names a plain layer by its digest (the diff id itself); the legacy layout
 * names it by an id that changes from image to image, so there the size picks the
 * candidate and the layer's digest, computed while it streams, confirms it.
 */
async function planCompressed(encoding: string, name: string, size: number, options: ReadOptions): Promise<CompressedPlan> {
  if (encoding !== 'tar' || !options.compressed) return { kind: 'none' };
  const cache = options.sizeCache;
  if (!cache || size < CACHE_MIN_BYTES) return { kind: 'gzip' };
  const blob = /^blobs\/sha256\/([0-9a-f]{64})$/.exec(name);
  if (blob) {
    const diffId = `sha256:${blob[1]}`;
    const compressedBytes = await cache.byDiffId(diffId);
    return compressedBytes === null ? { kind: 'gzip' } : { kind: 'cached', diffId, compressedBytes, verify: false };
  }
  const candidates = await cache.bySize(size);
  return candidates.length === 1 ? { kind: 'cached', ...candidates[0]!, verify: true } : { kind: 'gzip' };
}

/** A sink that resolves `digest` with the sha256 of what was written ("sha256:<hex>"). */
class Sha256Sink extends Writable {
  private readonly hash = createHash('sha256');
  readonly digest: Promise<string>;
  private settle!: (digest: string) => void;

  constructor() {
    super({ highWaterMark: 4 * 1024 * 1024 });
    this.digest = new Promise((resolve) => (this.settle = resolve));
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.hash.update(chunk);
    callback();
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.settle(`sha256:${this.hash.digest('hex')}`);
    callback();
  }
}

export async function readImageExport(input: Readable, options: ReadOptions): Promise<ImageExport> {
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
      const encoding = blobEncoding(first);
      if (encoding !== 'other') {
        // the layer tar, decompressed where the engine keeps it compressed, is counted and listed
        const body = new PassThrough({ highWaterMark: 1024 * 1024 });
        const counted = new ByteCounter();
        counted.pipe(body);
        const listing = readLayer(body);
        let intake: Writable = counted;
        let compressed: Promise<number | null> = Promise.resolve(null);
        let source: CompressedSource | null = null;
        const sinks: Writable[] = [];
        const start = (plan: CompressedPlan) => {
          if (encoding === 'tar') {
            if (plan.kind === 'gzip') {
              const counter = new GzipSizeCounter();
              sinks.push(counter);
              compressed = counter.size;
              source = 'computed';
            } else if (plan.kind === 'cached') {
              // known from an earlier read of the same bytes (checked against the digest below)
              const hasher = plan.verify ? new Sha256Sink() : null;
              if (hasher) sinks.push(hasher);
              compressed = hasher ? hasher.digest.then((digest) => (digest === plan.diffId ? plan.compressedBytes : null)) : Promise.resolve(plan.compressedBytes);
              source = 'computed';
            }
          } else {
            // the blob is what a push sends: its size is the engine's own figure
            const unpack = decompressor(encoding);
            unpack.on('error', (error) => body.destroy(error));
            unpack.pipe(counted);
            intake = unpack;
            compressed = Promise.resolve(header.size ?? 0);
            source = 'engine';
          }
          sinks.unshift(intake);
          layers.set(
            header.name,
            Promise.all([listing, compressed, counted.total]).then(([l, c, tarBytes]) => ({
              tarBytes,
              compressedBytes: c,
              compressedSource: c === null ? null : source,
              encoding,
              listing: l,
              // a cached size whose digest did not match: the caller reads again without the cache
              ...(plan.kind === 'cached' && c === null ? { uncomputed: true } : {}),
            })),
          );
        };
        if (ended) {
          start(encoding === 'tar' && options.compressed ? { kind: 'gzip' } : { kind: 'none' });
          for (const sink of sinks) sink.end(first);
          return next();
        }
        // What arrives while the cache is asked is held, then the entry flows into its sinks
        // (a tar-stream entry does not stop on pause(): its data must always have a taker).
        const held: Buffer[] = [first];
        let endedEarly = false;
        const hold = (chunk: unknown) => held.push(chunk as Buffer);
        const holdEnd = () => (endedEarly = true);
        entry.on('data', hold);
        entry.on('end', holdEnd);
        entry.on('error', (error) => next(error));
        planCompressed(encoding, header.name, header.size ?? 0, options).then(
          (plan) => {
            entry.removeListener('data', hold);
            entry.removeListener('end', holdEnd);
            start(plan);
            const head = Buffer.concat(held);
            if (endedEarly) {
              for (const sink of sinks) sink.end(head);
              return next();
            }
            entry.on('end', () => next());
            tee(entry as unknown as NodeJS.ReadableStream, head, sinks);
          },
          (error: Error) => next(error),
        );
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
      if (headBytes >= SNIFF_BYTES) route(false);
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

  const entry = imageEntry(texts);
  const config = JSON.parse(texts.get(entry.Config) ?? '{}') as ImageConfig;
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
