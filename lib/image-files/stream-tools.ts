import { Transform, type TransformCallback, type Writable } from 'node:stream';

// Small stream parts for reading an image export as it streams.

/** Passes bytes through and counts them; `total` settles once the input has ended. */
export class ByteCounter extends Transform {
  private bytes = 0;
  readonly total: Promise<number>;
  private settle!: (bytes: number) => void;

  constructor() {
    super({ highWaterMark: 1024 * 1024 });
    this.total = new Promise((resolve) => (this.settle = resolve));
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.settle(this.bytes);
    callback();
  }
}

/** Feeds one source to several sinks (a tar-stream entry pipes to one destination only). */
export function tee(source: NodeJS.ReadableStream, first: Buffer, sinks: Writable[]): void {
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
