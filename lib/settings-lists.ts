import ipaddr from 'ipaddr.js';

// The settings that are lists (DOCKER_ENGINES, TRUSTED_PROXIES), parsed for lib/env.ts,
// and the error a setting that cannot be used throws.

export class SettingsError extends Error {
  override name = 'SettingsError';
}

/** One Docker engine Shipshape builds on. */
export interface EngineSetting {
  /** short name shown on pages and stored with each analysis */
  name: string;
  /** unix:///path, tcp://host:port (TLS with DOCKER_CERT_PATH) or ssh://user@host */
  url: string;
}

export const ENGINE_URL = /^(unix|tcp|ssh):\/\/.+/;
export const ENGINE_URL_HINT = 'must look like unix:///var/run/docker.sock, tcp://host:2376 or ssh://user@host';

/** One TRUSTED_PROXIES entry: an address and the length of its prefix (32 or 128 for one address). */
export interface TrustedProxy {
  address: ipaddr.IPv4 | ipaddr.IPv6;
  prefix: number;
}

/**
 * DOCKER_ENGINES: `name=url` pairs (or bare URLs) separated by commas or spaces.
 * Unset: the one engine of DOCKER_HOST, or the local socket.
 */
export function parseEngines(list: string | undefined, dockerHost: string | undefined): EngineSetting[] {
  if (!list) return [{ name: 'local', url: dockerHost ?? 'unix:///var/run/docker.sock' }];
  const engines: EngineSetting[] = [];
  for (const [index, item] of list
    .split(/[\s,]+/)
    .filter(Boolean)
    .entries()) {
    const eq = item.indexOf('=');
    const name = eq > 0 && !item.slice(0, eq).includes('/') ? item.slice(0, eq) : `engine-${index + 1}`;
    const url = eq > 0 && !item.slice(0, eq).includes('/') ? item.slice(eq + 1) : item;
    if (!/^[a-z0-9][a-z0-9_-]{0,31}$/i.test(name)) throw new SettingsError(`DOCKER_ENGINES: "${name}" is not a usable engine name (letters, digits, - and _).`);
    if (!ENGINE_URL.test(url)) throw new SettingsError(`DOCKER_ENGINES: "${name}" ${ENGINE_URL_HINT}.`);
    if (engines.some((e) => e.name === name)) throw new SettingsError(`DOCKER_ENGINES: the name "${name}" is used twice.`);
    engines.push({ name, url });
  }
  if (!engines.length) throw new SettingsError('DOCKER_ENGINES: list at least one engine, e.g. local=unix:///var/run/docker.sock.');
  return engines;
}

function parseProxy(item: string): TrustedProxy {
  if (item.includes('/')) {
    const [address, prefix] = ipaddr.parseCIDR(item);
    return { address, prefix };
  }
  const address = ipaddr.process(item); // ::ffff:10.0.0.5 is 10.0.0.5
  return { address, prefix: address.kind() === 'ipv4' ? 32 : 128 };
}

/** TRUSTED_PROXIES: addresses or CIDR ranges (IPv4 or IPv6) separated by commas or spaces. */
export function parseTrustedProxies(list: string | undefined): TrustedProxy[] {
  return (list ?? '')
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((item) => {
      try {
        return parseProxy(item);
      } catch {
        throw new SettingsError(`TRUSTED_PROXIES: "${item}" is not an address or CIDR range. List your reverse proxies, e.g. 10.0.0.5, 172.18.0.0/16 or ::1.`);
      }
    });
}
