// What the run check's probe prints, read: the listening sockets of /proc/net/tcp{,6}
// (in the checked container's network namespace) and a raw HTTP/1.0 answer.

export interface ListeningPort {
  port: number;
  /** the address it is bound to, e.g. 0.0.0.0, ::, 127.0.0.1 */
  address: string;
  /** bound to a loopback address: nothing outside the container reaches it */
  loopbackOnly: boolean;
}

const LISTEN = '0A';

/** An IPv4 address as /proc/net/tcp prints it: 8 hex digits, the bytes in host (little-endian) order. */
function ipv4(hex: string): string {
  const n = Number.parseInt(hex, 16);
  return [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255].join('.');
}

/** An IPv6 address as /proc/net/tcp6 prints it: four 32-bit words, each little-endian. */
function ipv6(hex: string): string {
  const bytes: number[] = [];
  for (let word = 0; word < 4; word++) {
    const w = hex.slice(word * 8, word * 8 + 8);
    for (let b = 3; b >= 0; b--) bytes.push(Number.parseInt(w.slice(b * 2, b * 2 + 2), 16));
  }
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  // the usual short forms of what a listener binds to
  const text = groups.join(':');
  if (text === '0:0:0:0:0:0:0:0') return '::';
  if (text === '0:0:0:0:0:0:0:1') return '::1';
  if (text.startsWith('0:0:0:0:0:ffff:')) return `::ffff:${bytes.slice(12).join('.')}`;
  return text;
}

const isLoopback = (address: string) => address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.');

/** Docker's embedded DNS server listens in every container on a user-defined network: not the program's. */
const ENGINE_DNS = '127.0.0.11';

/** The TCP ports listened on, from the text of /proc/net/tcp and /proc/net/tcp6 (one port once, the widest binding first). */
export function parseListening(text: string): ListeningPort[] {
  const found = new Map<number, ListeningPort>();
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    // "sl local_address rem_address st ...": 0: 0100007F:1F90 00000000:0000 0A ...
    if (fields.length < 4 || fields[3] !== LISTEN || !/^\d+:$/.test(fields[0] ?? '')) continue;
    const [hexAddress, hexPort] = fields[1]!.split(':');
    if (!hexAddress || !hexPort) continue;
    const address = hexAddress.length === 8 ? ipv4(hexAddress) : ipv6(hexAddress);
    if (address === ENGINE_DNS) continue;
    const port = Number.parseInt(hexPort, 16);
    const entry = { port, address, loopbackOnly: isLoopback(address) };
    const seen = found.get(port);
    // a port bound on loopback and on all addresses is reachable
    if (!seen || (seen.loopbackOnly && !entry.loopbackOnly)) found.set(port, entry);
  }
  return [...found.values()].sort((a, b) => a.port - b.port);
}

export interface HttpAnswer {
  port: number;
  /** null when no HTTP answer came (the connection was refused, or what came was not HTTP) */
  status: number | null;
  contentType: string | null;
  /** bytes of the body */
  bytes: number;
  /** why there is no status */
  error: string | null;
}

/** Reads `bytes <n>` then the first bytes of the raw answer, as the probe prints them. */
export function parseHttpAnswer(port: number, printed: string): HttpAnswer {
  const match = /^bytes\s+(\d+)\n([\s\S]*)$/.exec(printed);
  const total = match ? Number(match[1]) : 0;
  const head = match?.[2] ?? '';
  if (total === 0) return { port, status: null, contentType: null, bytes: 0, error: 'no answer: the connection was closed or refused' };
  const status = /^HTTP\/\d(?:\.\d)?\s+(\d{3})/.exec(head);
  if (!status) return { port, status: null, contentType: null, bytes: total, error: 'the answer is not HTTP' };
  const end = head.indexOf('\r\n\r\n');
  const headers = end === -1 ? head : head.slice(0, end);
  const contentType = /^content-type:\s*([^\r\n]+)/im.exec(headers)?.[1]?.trim() ?? null;
  return { port, status: Number(status[1]), contentType, bytes: end === -1 ? 0 : Math.max(0, total - (Buffer.byteLength(head.slice(0, end), 'utf8') + 4)), error: null };
}
