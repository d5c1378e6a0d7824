// The messages of BuildKit's file sync (tonistiigi/fsutil types/wire.proto and
// stat.proto), written and read by hand: two small messages, and Stat's int64
// modTime in nanoseconds does not fit a JavaScript number.
//
//   Packet { PacketType type = 1; Stat stat = 2; uint32 ID = 3; bytes data = 4; }
//   Stat   { string path = 1; uint32 mode = 2; uint32 uid = 3; uint32 gid = 4;
//            int64 size = 5; int64 modTime = 6; string linkname = 7; ... }

export const PacketType = { STAT: 0, REQ: 1, DATA: 2, FIN: 3, ERR: 4 } as const;

export interface Stat {
  path: string;
  /** Go's os.FileMode: permission bits plus type bits (see goFileMode) */
  mode: number;
  size: bigint;
  /** nanoseconds since the epoch */
  modTime: bigint;
  linkname?: string;
}

export interface Packet {
  type: number;
  stat?: Stat;
  id?: number;
  data?: Uint8Array;
}

function varint(value: bigint, out: number[]): void {
  let v = BigInt.asUintN(64, value);
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
}

function tag(field: number, wireType: 0 | 2, out: number[]): void {
  out.push((field << 3) | wireType);
}

function varintField(field: number, value: bigint | number, out: number[]): void {
  const v = BigInt(value);
  if (v === 0n) return; // proto3 leaves out defaults
  tag(field, 0, out);
  varint(v, out);
}

function bytesField(field: number, bytes: Uint8Array, out: number[], chunks: Uint8Array[]): void {
  tag(field, 2, out);
  varint(BigInt(bytes.length), out);
  chunks.push(Uint8Array.from(out.splice(0)), bytes);
}

function encodeStat(stat: Stat): Uint8Array {
  const head: number[] = [];
  const chunks: Uint8Array[] = [];
  bytesField(1, Buffer.from(stat.path), head, chunks);
  varintField(2, stat.mode, head);
  varintField(5, stat.size, head);
  varintField(6, stat.modTime, head);
  if (stat.linkname) bytesField(7, Buffer.from(stat.linkname), head, chunks);
  chunks.push(Uint8Array.from(head));
  return Buffer.concat(chunks);
}

export function encodePacket(packet: Packet): Buffer {
  const head: number[] = [];
  const chunks: Uint8Array[] = [];
  varintField(1, packet.type, head);
  if (packet.stat) bytesField(2, encodeStat(packet.stat), head, chunks);
  varintField(3, packet.id ?? 0, head);
  if (packet.data?.length) bytesField(4, packet.data, head, chunks);
  chunks.push(Uint8Array.from(head));
  return Buffer.concat(chunks);
}

/** Reads the fields a sender needs from the receiver's packets: type, ID and data. */
export function decodePacket(bytes: Uint8Array): Packet {
  const packet: Packet = { type: 0 };
  let at = 0;
  const readVarint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (at >= bytes.length) throw new Error('truncated varint in a file sync packet');
      const b = bytes[at++]!;
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return result;
      shift += 7n;
    }
  };
  while (at < bytes.length) {
    const key = Number(readVarint());
    const field = key >> 3;
    const wireType = key & 7;
    if (wireType === 0) {
      const value = readVarint();
      if (field === 1) packet.type = Number(value);
      else if (field === 3) packet.id = Number(value);
    } else if (wireType === 2) {
      const length = Number(readVarint());
      const value = bytes.subarray(at, at + length);
      at += length;
      if (field === 4) packet.data = value;
    } else if (wireType === 5) at += 4;
    else if (wireType === 1) at += 8;
    else throw new Error(`unexpected wire type ${wireType} in a file sync packet`);
  }
  return packet;
}

// Go's os.FileMode type bits
const GO_MODE_DIR = 2 ** 31;
const GO_MODE_SYMLINK = 2 ** 27;
const GO_MODE_SETUID = 2 ** 23;
const GO_MODE_SETGID = 2 ** 22;
const GO_MODE_STICKY = 2 ** 20;

/** A Unix st_mode as Go's os.FileMode (what fsutil puts in Stat.mode). */
export function goFileMode(kind: 'file' | 'dir' | 'symlink', unixMode: number): number {
  let mode = unixMode & 0o777;
  if (unixMode & 0o4000) mode += GO_MODE_SETUID;
  if (unixMode & 0o2000) mode += GO_MODE_SETGID;
  if (unixMode & 0o1000) mode += GO_MODE_STICKY;
  if (kind === 'dir') mode += GO_MODE_DIR;
  if (kind === 'symlink') mode += GO_MODE_SYMLINK;
  return mode;
}
