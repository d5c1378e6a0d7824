import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';

// Requests as a client on the loopback interface sends them, from a source address of
// the test's choosing (127.0.0.1, 127.0.0.2...), with bodies of any size streamed.

export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** bytes of the body written before the answer came */
  sentBeforeAnswer: number;
}

export interface RawRequest {
  port: number;
  method?: string;
  path: string;
  headers?: Record<string, string | number>;
  /** source address on loopback */
  from?: string;
  body?: Buffer | string;
  /**
   * A body this long, streamed in 1 MB chunks (after `prefix`, before `suffix`) until the
   * server answers. With `waitAfter`, the stream stops once that many bytes are sent and
   * waits up to `waitMs` (5 s) for the answer before it goes on: a server that answers
   * mid-body and closes is then heard for sure. Node destroys a socket whose write fails,
   * and an answer that arrived just before, still unread, goes with it.
   */
  stream?: { bytes: number; prefix?: Buffer; suffix?: Buffer; waitAfter?: number; waitMs?: number };
}

/**
 * One request on its own connection; resolves with the answer even when the server
 * stops reading the body and closes the connection. Streamed bodies go over a plain
 * socket: Node's HTTP client drops an answer that arrived when a later write fails
 * (EPIPE), which is how a server that refuses a body mid-way looks from here.
 */
export function rawRequest(options: RawRequest): Promise<RawAnswer> {
  return options.stream ? streamedRequest(options, options.stream) : plainRequest(options);
}

function plainRequest(options: RawRequest): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: '127.0.0.1', port: options.port, method: options.method ?? 'GET', path: options.path, headers: options.headers, localAddress: options.from, agent: false },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text, sentBeforeAnswer: 0 }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

/** The status, headers and body of a raw HTTP/1.1 answer (chunked or not). */
function parseAnswer(raw: Buffer): Omit<RawAnswer, 'sentBeforeAnswer'> {
  const end = raw.indexOf('\r\n\r\n');
  const [statusLine = '', ...lines] = raw.subarray(0, end).toString('latin1').split('\r\n');
  const headers: http.IncomingHttpHeaders = {};
  for (const line of lines) headers[line.slice(0, line.indexOf(':')).toLowerCase()] = line.slice(line.indexOf(':') + 1).trim();
  let body = raw.subarray(end + 4);
  if (headers['transfer-encoding'] === 'chunked') {
    const parts: Buffer[] = [];
    for (let at = 0; at < body.length; ) {
      const lineEnd = body.indexOf('\r\n', at);
      const size = parseInt(body.subarray(at, lineEnd).toString('latin1'), 16);
      if (!size) break;
      parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
    }
    body = Buffer.concat(parts);
  }
  return { status: Number(statusLine.split(' ')[1]), headers, text: body.toString('utf8') };
}

function streamedRequest(options: RawRequest, stream: NonNullable<RawRequest['stream']>): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const declared = Object.keys(options.headers ?? {}).some((name) => name.toLowerCase() === 'content-length');
    const head = [`${options.method ?? 'POST'} ${options.path} HTTP/1.1`, `Host: 127.0.0.1:${options.port}`, 'Connection: close'];
    for (const [name, value] of Object.entries(options.headers ?? {})) head.push(`${name}: ${value}`);
    if (!declared) head.push('Transfer-Encoding: chunked');
    const socket = net.connect({ host: '127.0.0.1', port: options.port, localAddress: options.from });
    const received: Buffer[] = [];
    let sent = 0;
    let sentBeforeAnswer: number | undefined;
    socket.on('data', (chunk: Buffer) => {
      sentBeforeAnswer ??= sent;
      received.push(chunk);
    });
    // the server closing while the body is still being sent is expected
    socket.on('error', () => {});
    socket.on('close', () => {
      const raw = Buffer.concat(received);
      if (!raw.length) return reject(new Error(`no answer from ${options.path}`));
      resolve({ ...parseAnswer(raw), sentBeforeAnswer: sentBeforeAnswer ?? sent });
    });
    const send = (data: Buffer) => socket.write(declared ? data : Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from('\r\n')]));
    socket.write(`${head.join('\r\n')}\r\n\r\n`);
    if (stream.prefix) send(stream.prefix);
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    let waited = stream.waitAfter === undefined;
    const write = () => {
      while (sentBeforeAnswer === undefined && !socket.destroyed && sent < stream.bytes) {
        if (!waited && sent >= (stream.waitAfter ?? 0)) {
          waited = true;
          return void setTimeout(write, stream.waitMs ?? 5000);
        }
        const part = chunk.subarray(0, Math.min(chunk.length, stream.bytes - sent, waited ? Number.POSITIVE_INFINITY : (stream.waitAfter ?? 0) - sent));
        sent += part.length;
        if (!send(part)) return void socket.once('drain', write);
      }
      if (sentBeforeAnswer !== undefined || socket.destroyed) return;
      if (stream.suffix) send(stream.suffix);
      if (!declared) socket.write('0\r\n\r\n');
    };
    write();
  });
}

/** The resident memory of a process, in MB, from /proc/<pid>/status (0 once it has ended). */
export function rssMb(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return Number(kb ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** Samples a process's memory until stopped; returns the highest growth over the first sample, in MB. */
export function watchMemory(pid: number): { stop: () => number } {
  const start = rssMb(pid);
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 10);
  return {
    stop: () => {
      clearInterval(timer);
      peak = Math.max(peak, rssMb(pid));
      return peak - start;
    },
  };
}

/** Runs `run` while sampling the process's memory; the growth is in MB. */
export async function measureGrowth<T>(pid: number, run: () => Promise<T>): Promise<{ result: T; grew: number }> {
  const memory = watchMemory(pid);
  try {
    const result = await run();
    return { result, grew: memory.stop() };
  } finally {
    memory.stop();
  }
}
