import ipaddr from 'ipaddr.js';
import { getSettings, type TrustedProxy } from '@/lib/env';
import { socketAddressOf } from '@/lib/net/socket-address';

// Who is on the other end: the socket's address, unless the socket is one of the
// reverse proxies listed in TRUSTED_PROXIES. Then X-Forwarded-For is read from the
// right (each proxy appends the address it saw): the first entry that is not a
// trusted proxy is the client. Entries further left were written by the client and
// prove nothing.

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** An address as text, or undefined; IPv4-mapped IPv6 (::ffff:1.2.3.4) becomes IPv4; a port is dropped. */
function parseAddress(text: string): Address | undefined {
  const bare = text
    .trim()
    .replace(/^\[([^\]]+)\](:\d+)?$/, '$1')
    .replace(/^(\d+\.\d+\.\d+\.\d+):\d+$/, '$1');
  if (!ipaddr.isValid(bare)) return undefined;
  return ipaddr.process(bare);
}

function isTrusted(address: Address, proxies: TrustedProxy[]): boolean {
  return proxies.some((proxy) => proxy.address.kind() === address.kind() && address.match(proxy.address, proxy.prefix));
}

/** Whether the request came straight from one of TRUSTED_PROXIES (so its X-Forwarded-* headers count). */
export function fromTrustedProxy(headers: Headers): boolean {
  const socket = socketAddressOf(headers);
  const address = socket === undefined ? undefined : parseAddress(socket);
  return address !== undefined && isTrusted(address, getSettings().auth.trustedProxies);
}

/** The client's address, normalised (IPv4 without ::ffff:); undefined when the socket is not known. */
export function clientAddressOf(headers: Headers): string | undefined {
  const socket = socketAddressOf(headers);
  let client = socket === undefined ? undefined : parseAddress(socket);
  if (!client) return undefined;
  const proxies = getSettings().auth.trustedProxies;
  const hops = (headers.get('x-forwarded-for') ?? '').split(',').filter((hop) => hop.trim());
  while (isTrusted(client, proxies)) {
    const hop = hops.pop();
    const address = hop === undefined ? undefined : parseAddress(hop);
    // no entry left, or one that is not an address: the last trusted hop is all we know
    if (!address) break;
    client = address;
  }
  return client.toString();
}
