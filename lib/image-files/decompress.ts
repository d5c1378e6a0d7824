import { Transform, type TransformCallback } from 'node:stream';
import zlib from 'node:zlib';
import { Decompress } from 'fzstd';

// How a layer blob is stored, from its first bytes: OCI layouts (the containerd image
// store's `docker save`) hold gzip or zstd blobs for layers built there and plain tars
// for layers loaded from a tar; the classic `docker save` and Podman hold plain tars.

export type BlobEncoding = 'tar' | 'gzip' | 'zstd' | 'other';

const TAR_MAGIC_OFFSET = 257;
/** bytes needed to tell the encodings apart */
export const SNIFF_BYTES = TAR_MAGIC_OFFSET + 5;

export function blobEncoding(head: Buffer): BlobEncoding {
  if (head.length >= 3 && head[0] === 0x1f && head[1] === 0x8b && head[2] === 0x08) return 'gzip';
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
  if (head.length >= SNIFF_BYTES && head.subarray(TAR_MAGIC_OFFSET, SNIFF_BYTES).toString('latin1') === 'ustar') return 'tar';
  // an empty layer is a tar of nothing but the zero blocks that end it
  if (head.length >= 512 && head.subarray(0, 512).every((b) => b === 0)) return 'tar';
  return 'other';
}

/** zstd through fzstd (Node 20's zlib has no zstd), as a stream. */
class ZstdDecompress extends Transform {
  private readonly decoder = new Decompress((chunk) => {
    this.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  });

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.decoder.push(chunk);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      this.decoder.push(new Uint8Array(0), true);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }
}

/** A stream that turns the blob back into its layer tar. */
export function decompressor(encoding: 'gzip' | 'zstd'): Transform {
  return encoding === 'gzip' ? zlib.createGunzip() : new ZstdDecompress();
}
