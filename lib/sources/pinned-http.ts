import { readFileSync } from 'node:fs';
import type { LookupFunction } from 'node:net';
import tls from 'node:tls';

// Connections to hosts that were checked (lib/sources/host-check.ts) go to the very
// addresses that were checked: the lookup answers with them, so DNS cannot change its
// answer between the check and the connection.

/** A lookup that answers with the addresses already checked, so the connection goes there. */
export function pinnedLookup(addresses: string[]): LookupFunction {
  const answers = addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  return ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    const first = answers[0]!;
    if (options.all) callback(null, answers);
    else callback(null, first.address, first.family);
  }) as LookupFunction;
}

/** git's CA file, when the operator set one, on top of Node's own roots. */
export function extraCa(): string[] | undefined {
  const file = process.env.GIT_SSL_CAINFO;
  if (!file) return undefined;
  try {
    return [...tls.rootCertificates, readFileSync(file, 'utf8')];
  } catch {
    return undefined;
  }
}
