import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { SourceFetchError, SourceRejectedError } from '@/lib/sources/errors';

// A git URL makes this server open a connection: without this check anyone who can
// submit a URL could reach the loopback interface, the private network or the cloud
// metadata service (169.254.169.254) from inside. Every address a host resolves to
// must be public, unless the operator allowlisted the name, the address or its range.

/** A host that may be fetched from, with the addresses that were checked (to pin them). */
export interface CheckedHost {
  /** lower case, without brackets or a trailing dot */
  host: string;
  /** the host is an IP address itself (nothing to resolve or pin) */
  literal: boolean;
  addresses: string[];
}

type Address = ipaddr.IPv4 | ipaddr.IPv6;

// Names that mean this machine or the cloud's metadata service whatever DNS says.
const LOCAL_NAMES = [/^localhost$/, /\.localhost$/, /^metadata$/, /^metadata\.google\.internal$/, /^metadata\.goog$/, /^instance-data(\.ec2\.internal)?$/];

const RANGE_LABELS: Record<string, string> = {
  loopback: 'loopback',
  private: 'private network',
  linkLocal: 'link-local, where cloud metadata services answer',
  uniqueLocal: 'unique-local IPv6',
  unspecified: 'unspecified',
  carrierGradeNat: 'carrier-grade NAT',
  multicast: 'multicast',
  broadcast: 'broadcast',
  reserved: 'reserved',
};

const ALLOW_HINT = 'Only public hosts are fetched from; the operator can allow it with SOURCE_HOST_ALLOWLIST.';

export function normalizeHost(host: string): string {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return bare.toLowerCase().replace(/\.$/, '');
}

/** The IPv4 address an IPv6 address carries and is routed to, if it is of such a kind. */
function embeddedIpv4(address: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const parts = address.parts;
  const fromWords = (high: number, low: number) => new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
  switch (address.range()) {
    case 'ipv4Mapped':
    case 'rfc6145':
      return fromWords(parts[6]!, parts[7]!);
    case 'rfc6052':
      // 64:ff9b::/96 is NAT64 to the public IPv4 Internet; 64:ff9b:1::/48 is local use.
      return parts[2] === 0 ? fromWords(parts[6]!, parts[7]!) : undefined;
    case '6to4':
      return fromWords(parts[1]!, parts[2]!);
    default:
      return undefined;
  }
}

/** Why an address is not public (a short label), or undefined when it is public. */
export function nonPublicReason(address: Address): string | undefined {
  if (address.kind() === 'ipv6') {
    const v6 = address as ipaddr.IPv6;
    const v4 = embeddedIpv4(v6);
    if (v4) return nonPublicReason(v4);
    // ::/96 held "IPv4-compatible" addresses; nothing public lives there.
    if (v6.parts.slice(0, 6).every((p) => p === 0)) return RANGE_LABELS[v6.range()] ?? 'IPv4-compatible';
  }
  const range = address.range();
  if (range === 'unicast') return undefined;
  return RANGE_LABELS[range] ?? 'not publicly routable';
}

function parseAddress(text: string): Address | undefined {
  try {
    return ipaddr.parse(text.replace(/%.*$/, ''));
  } catch {
    return undefined;
  }
}

/** Mapped IPv6 addresses compare as the IPv4 address they are. */
function plain(address: Address): Address {
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) return (address as ipaddr.IPv6).toIPv4Address();
  return address;
}

function allowlistCoversAddress(allowlist: string[], address: Address): boolean {
  const target = plain(address);
  for (const entry of allowlist) {
    if (entry.includes('/')) {
      let cidr: [Address, number];
      try {
        cidr = ipaddr.parseCIDR(entry);
      } catch {
        continue;
      }
      const base = plain(cidr[0]);
      // a range written as ::ffff:a.b.c.d/n covers the IPv4 addresses of its last 32 bits
      const bits = base.kind() === cidr[0].kind() ? cidr[1] : cidr[1] - 96;
      if (bits >= 0 && base.kind() === target.kind() && target.match(base, bits)) return true;
    } else {
      const allowed = parseAddress(normalizeHost(entry));
      if (allowed && plain(allowed).toString() === target.toString()) return true;
    }
  }
  return false;
}

function allowlistCoversName(allowlist: string[], host: string): boolean {
  return allowlist.some((entry) => normalizeHost(entry) === host);
}

async function resolve(host: string, subject: string): Promise<string[]> {
  try {
    const found = await lookup(host, { all: true, verbatim: true });
    if (found.length) return found.map((a) => a.address);
  } catch {
    // reported below, the same way as an empty answer
  }
  throw new SourceFetchError(`${subject} names the host "${host}", which does not resolve. Check the URL.`);
}

/**
 * Resolves `host` (a name or an IP address, brackets allowed) and refuses it when any
 * of its addresses is not public, unless the allowlist covers it. `subject` names
 * what pointed there, for the message (e.g. `https://example.com/repo.git`).
 */
export async function checkHost(rawHost: string, allowlist: string[], subject: string): Promise<CheckedHost> {
  const host = normalizeHost(rawHost);
  const literal = parseAddress(host);
  const nameAllowed = !literal && allowlistCoversName(allowlist, host);
  if (!literal && !nameAllowed && LOCAL_NAMES.some((name) => name.test(host))) {
    throw new SourceRejectedError(`${subject} points to ${host}, a name of this server or of a cloud metadata service (a private address). ${ALLOW_HINT}`);
  }
  const addresses = literal ? [host] : await resolve(host, subject);
  if (nameAllowed) return { host, literal: false, addresses };
  for (const text of addresses) {
    const address = parseAddress(text);
    if (!address) throw new SourceFetchError(`${subject} names the host "${host}", which resolves to "${text}", not an IP address. Check the URL.`);
    const reason = nonPublicReason(address);
    if (reason === undefined || allowlistCoversAddress(allowlist, address)) continue;
    const what = literal ? `${host}, a private address (${reason})` : `${host}, which resolves to a private address (${reason})`;
    throw new SourceRejectedError(`${subject} points to ${what}. ${ALLOW_HINT}`);
  }
  return { host, literal: !!literal, addresses };
}
