// The build information Go (1.18+) writes into every binary it links: the Go version,
// the main module and each module compiled in, as `go version -m` prints them. It sits
// after a 14-byte magic in a data section; the scanner looks for it as the file streams
// past (holding only what straddles two chunks) and keeps the bytes after it.

const MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
/** enough for the header and the module list of a large program */
const KEEP = 256 * 1024;

export interface GoBuildInfo {
  goVersion: string;
  /** the main module's path and version ("(devel)" for a local build) */
  main: { path: string; version: string } | null;
  deps: { path: string; version: string }[];
}

/** Finds the build info's bytes in a stream of chunks: push each chunk, then `found()`. */
export class BuildInfoScanner {
  private tail = Buffer.alloc(0);
  private kept: Buffer[] = [];
  private keptBytes = 0;
  private at = -1;

  push(chunk: Buffer): void {
    if (this.at >= 0) {
      if (this.keptBytes < KEEP) {
        this.kept.push(chunk);
        this.keptBytes += chunk.length;
      }
      return;
    }
    const window = this.tail.length ? Buffer.concat([this.tail, chunk]) : chunk;
    const index = window.indexOf(MAGIC);
    if (index >= 0) {
      this.at = index;
      const rest = window.subarray(index);
      this.kept = [rest];
      this.keptBytes = rest.length;
      return;
    }
    this.tail = Buffer.from(window.subarray(Math.max(0, window.length - (MAGIC.length - 1))));
  }

  found(): GoBuildInfo | null {
    return this.at >= 0 ? parseBuildInfo(Buffer.concat(this.kept)) : null;
  }
}

/** An unsigned varint (as Go's encoding/binary writes it) at `offset`: its value and the offset after it. */
function uvarint(bytes: Buffer, offset: number): [number, number] | null {
  let value = 0;
  let shift = 0;
  for (let i = offset; i < bytes.length && shift < 35; i++) {
    const byte = bytes[i]!;
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return [value, i + 1];
    shift += 7;
  }
  return null;
}

/** The build info from the bytes that start at its magic; null for the pre-1.18 layout (pointers, not inline strings). */
export function parseBuildInfo(bytes: Buffer): GoBuildInfo | null {
  if (bytes.length < 32 || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return null;
  const flags = bytes[15]!;
  if ((flags & 0x2) === 0) return null;
  const read = (offset: number): [string, number] | null => {
    const length = uvarint(bytes, offset);
    if (!length || length[1] + length[0] > bytes.length) return null;
    return [bytes.subarray(length[1], length[1] + length[0]).toString('utf8'), length[1] + length[0]];
  };
  const version = read(32);
  if (!version) return null;
  const modinfo = read(version[1]);
  // the module list is framed by 16-byte sentinels
  const text = modinfo && modinfo[0].length >= 33 ? modinfo[0].slice(16, -16) : '';
  let main: GoBuildInfo['main'] = null;
  const deps: GoBuildInfo['deps'] = [];
  for (const line of text.split('\n')) {
    const [kind, path, moduleVersion] = line.split('\t');
    if (kind === 'mod' && path) main = { path, version: moduleVersion ?? '' };
    else if (kind === 'dep' && path) deps.push({ path, version: moduleVersion ?? '' });
  }
  return { goVersion: version[0], main, deps };
}
