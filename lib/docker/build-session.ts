import { randomUUID } from 'node:crypto';
import { createReadStream, lstatSync, readdirSync, readlinkSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import * as grpc from '@grpc/grpc-js';
import DockerIgnore from '@balena/dockerignore';
import type Docker from 'dockerode';
import { decodePacket, encodePacket, goFileMode, PacketType, type Packet, type Stat } from '@/lib/docker/fsutil-wire';
import { parentFolders } from '@/lib/docker/build-context';
import type { ExtraFile } from '@/lib/build-policy/prepare-dockerfile';

// A BuildKit session that hands the build its context the way buildx does: the engine
// opens a gRPC channel back to us over a hijacked `POST /session` connection and pulls
// the files it needs through FileSync/DiffCopy (tonistiigi/fsutil's protocol). Engines
// whose BuildKit cannot read an uploaded tar context (Docker 25-27 with the containerd
// image store, moby/moby#47717) build this way; the build request then carries
// `remote=client-session` and the session id instead of a tar body.

/** What one named source of the session holds: a folder (filtered) or one file. */
export type SessionSource = { kind: 'dir'; dir: string; keep: (relative: string) => boolean; extraFiles?: ExtraFile[] } | { kind: 'file'; name: string; text: string };

interface Entry {
  stat: Stat;
  /** where a regular file's bytes come from */
  file?: string;
  text?: Buffer;
}

const CHUNK = 32 * 1024;

/** Every entry of a folder in fsutil's walk order: names sorted bytewise, a folder before its content. */
function walkDir(root: string, keep: (relative: string) => boolean): Entry[] {
  const entries: Entry[] = [];
  const visit = (relativeDir: string) => {
    const names = readdirSync(path.join(root, relativeDir)).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    for (const name of names) {
      const relative = relativeDir ? `${relativeDir}/${name}` : name;
      if (!keep(relative)) continue;
      const full = path.join(root, relative);
      const info: Stats = lstatSync(full);
      const modTime = BigInt(Math.trunc(info.mtimeMs)) * 1_000_000n;
      if (info.isDirectory()) {
        entries.push({ stat: { path: relative, mode: goFileMode('dir', info.mode), size: 0n, modTime } });
        visit(relative);
      } else if (info.isSymbolicLink()) {
        entries.push({ stat: { path: relative, mode: goFileMode('symlink', info.mode), size: 0n, modTime, linkname: readlinkSync(full) } });
      } else if (info.isFile()) {
        entries.push({ stat: { path: relative, mode: goFileMode('file', info.mode), size: BigInt(info.size), modTime }, file: full });
      }
      // sockets, pipes and devices have no place in a build context
    }
  };
  visit('');
  return entries;
}

/**
 * The entries asked for. `include-patterns` and `followpaths` narrow the walk (the
 * frontend first asks for .dockerignore alone); `exclude-patterns` are .dockerignore
 * rules. A kept path brings its parent folders with it.
 */
function selectEntries(all: Entry[], metadata: grpc.Metadata): Entry[] {
  const values = (key: string) =>
    metadata
      .get(key)
      .map(String)
      .flatMap((v) => v.split(','))
      .map((v) => v.trim())
      .filter(Boolean);
  const include = [...values('include-patterns'), ...values('followpaths')];
  const exclude = values('exclude-patterns');
  const excluded = exclude.length ? DockerIgnore({ ignorecase: false }).add(exclude).createFilter() : () => true;
  const included = include.length ? DockerIgnore({ ignorecase: false }).add(include) : null;
  const wanted = new Set<string>();
  for (const entry of all) {
    const p = entry.stat.path;
    if (!excluded(p)) continue;
    if (included && !included.ignores(p)) continue;
    wanted.add(p);
    for (let parent = path.posix.dirname(p); parent !== '.'; parent = path.posix.dirname(parent)) wanted.add(parent);
  }
  return all.filter((e) => wanted.has(e.stat.path));
}

/** fsutil's order for paths: folder by folder, names compared bytewise, a folder before its content. */
function comparePaths(a: string, b: string): number {
  const pa = a.split('/');
  const pb = b.split('/');
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const c = Buffer.compare(Buffer.from(pa[i]!), Buffer.from(pb[i]!));
    if (c !== 0) return c;
  }
  return pa.length - pb.length;
}

/** Files added to the context that are not in the folder (fetched sources), with their folders. */
function extraEntries(extraFiles: ExtraFile[]): Entry[] {
  const now = BigInt(Date.now()) * 1_000_000n;
  const folders = new Set(extraFiles.flatMap((f) => parentFolders(f.relative)));
  return [
    ...[...folders].map((folder) => ({ stat: { path: folder, mode: goFileMode('dir', 0o755), size: 0n, modTime: now } })),
    ...extraFiles.map((f) => ({ stat: { path: f.relative, mode: goFileMode('file', 0o600), size: BigInt(statSync(f.file).size), modTime: now }, file: f.file })),
  ];
}

function entriesOf(source: SessionSource): Entry[] {
  if (source.kind === 'dir') {
    const entries = walkDir(source.dir, source.keep);
    if (!source.extraFiles?.length) return entries;
    return [...entries, ...extraEntries(source.extraFiles)].sort((a, b) => comparePaths(a.stat.path, b.stat.path));
  }
  const text = Buffer.from(source.text);
  return [{ stat: { path: source.name, mode: 0o644, size: BigInt(text.length), modTime: BigInt(Date.now()) * 1_000_000n }, text }];
}

type DiffCopyCall = grpc.ServerDuplexStream<Packet, Packet>;

function send(call: DiffCopyCall, packet: Packet): Promise<void> {
  return new Promise((resolve) => {
    if (call.write(packet)) resolve();
    else call.once('drain', () => resolve());
  });
}

/** fsutil's sender: every stat, an empty stat, then the bytes of each file the engine asks for. */
async function serveDiffCopy(call: DiffCopyCall, sources: Map<string, SessionSource>): Promise<void> {
  const name = String(call.metadata.get('dir-name')[0] ?? '');
  const source = sources.get(name);
  if (!source) {
    call.emit('error', { code: grpc.status.NOT_FOUND, details: `no source named ${name} in this build's session` });
    return;
  }
  const entries = selectEntries(entriesOf(source), call.metadata);
  const requests: number[] = [];
  let wake: (() => void) | null = null;
  let finished = false;
  call.on('data', (packet: Packet) => {
    if (packet.type === PacketType.REQ) requests.push(packet.id ?? 0);
    else if (packet.type === PacketType.FIN || packet.type === PacketType.ERR) finished = true;
    wake?.();
  });
  call.on('end', () => {
    finished = true;
    wake?.();
  });
  call.on('error', () => {
    finished = true;
    wake?.();
  });
  for (const entry of entries) await send(call, { type: PacketType.STAT, stat: entry.stat });
  await send(call, { type: PacketType.STAT });
  for (;;) {
    const id = requests.shift();
    if (id === undefined) {
      if (finished) break;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      continue;
    }
    const entry = entries[id];
    if (entry?.text) for (let at = 0; at < entry.text.length; at += CHUNK) await send(call, { type: PacketType.DATA, id, data: entry.text.subarray(at, at + CHUNK) });
    else if (entry?.file) {
      for await (const chunk of createReadStream(entry.file, { highWaterMark: CHUNK })) await send(call, { type: PacketType.DATA, id, data: chunk as Buffer });
    }
    await send(call, { type: PacketType.DATA, id });
  }
  await send(call, { type: PacketType.FIN });
  call.end();
}

const packetCodec = {
  serialize: (packet: Packet) => encodePacket(packet),
  deserialize: (bytes: Buffer) => decodePacket(bytes),
};

const FILE_SYNC: grpc.ServiceDefinition = {
  DiffCopy: {
    path: '/moby.filesync.v1.FileSync/DiffCopy',
    requestStream: true,
    responseStream: true,
    requestSerialize: packetCodec.serialize,
    requestDeserialize: packetCodec.deserialize,
    responseSerialize: packetCodec.serialize,
    responseDeserialize: packetCodec.deserialize,
  },
};

// grpc.health.v1: BuildKit checks the session's health every few seconds and drops it
// after two failures. The answer is HealthCheckResponse{status: SERVING}.
const SERVING = Buffer.from([0x08, 0x01]);
const HEALTH: grpc.ServiceDefinition = {
  Check: {
    path: '/grpc.health.v1.Health/Check',
    requestStream: false,
    responseStream: false,
    requestSerialize: (b: Buffer) => b,
    requestDeserialize: (b: Buffer) => b,
    responseSerialize: (b: Buffer) => b,
    responseDeserialize: (b: Buffer) => b,
  },
};

export interface BuildSession {
  id: string;
  close: () => void;
}

/**
 * Opens a session on the engine that serves `sources` (BuildKit asks for "context"
 * and "dockerfile"). Close it when the build has ended.
 */
export async function openBuildSession(docker: Docker, sources: Map<string, SessionSource>): Promise<BuildSession> {
  const id = randomUUID();
  const server = new grpc.Server();
  server.addService(FILE_SYNC, {
    // biome-ignore lint/correctness/noComponentHookFactories: a gRPC method (BuildKit's FileSync.DiffCopy), not a component
    DiffCopy: (call: DiffCopyCall) => {
      serveDiffCopy(call, sources).catch((error: Error) => call.destroy(error));
    },
  });
  server.addService(HEALTH, {
    Check: (_call: unknown, callback: grpc.sendUnaryData<Buffer>) => callback(null, SERVING),
  });
  const modem = docker.modem as unknown as { dial: (options: object, callback: (error: Error | null, socket: Duplex) => void) => void };
  const socket = await new Promise<Duplex>((resolve, reject) =>
    modem.dial(
      {
        path: '/session',
        method: 'POST',
        hijack: true,
        // an empty body with a length, not chunked: the connection changes protocol right after
        file: Buffer.alloc(0),
        headers: {
          Upgrade: 'h2c',
          'X-Docker-Expose-Session-Uuid': id,
          'X-Docker-Expose-Session-Name': 'shipshape',
          'X-Docker-Expose-Session-Sharedkey': id,
          'X-Docker-Expose-Session-Grpc-Method': [FILE_SYNC.DiffCopy!.path, HEALTH.Check!.path],
        },
        statusCodes: { 101: true, 200: true, 404: 'the engine has no BuildKit session endpoint', 500: 'server error' },
      },
      (error, sock) => (error ? reject(error) : resolve(sock)),
    ),
  );
  const injector = server.createConnectionInjector(grpc.ServerCredentials.createInsecure());
  injector.injectConnection(socket);
  return {
    id,
    close: () => {
      server.forceShutdown();
      socket.destroy();
    },
  };
}
