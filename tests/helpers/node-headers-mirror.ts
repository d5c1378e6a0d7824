import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A mirror of nodejs.org's headers for the image's Node version, made from this
 * machine's own headers (same version): node-gyp needs them to compile better-sqlite3
 * and nodejs.org is out of reach here, as on an air-gapped build host.
 */
export async function startHeadersMirror(version: string): Promise<{ url: string; close: () => void }> {
  const headers = ['/usr/include/node', '/usr/local/include/node'].find((dir) => {
    try {
      return statSync(path.join(dir, 'node_version.h')).isFile();
    } catch {
      return false;
    }
  });
  if (!headers) throw new Error('No Node headers on this machine to mirror (looked in /usr/include/node and /usr/local/include/node).');
  const hostVersion = /#define NODE_MAJOR_VERSION (\d+)[\s\S]*#define NODE_MINOR_VERSION (\d+)[\s\S]*#define NODE_PATCH_VERSION (\d+)/.exec(
    readFileSync(path.join(headers, 'node_version.h'), 'utf8'),
  );
  if (!hostVersion || `v${hostVersion[1]}.${hostVersion[2]}.${hostVersion[3]}` !== version) throw new Error(`This machine's Node headers are not ${version}, the image's Node.`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'node-mirror-'));
  const name = `node-${version}`;
  mkdirSync(path.join(dir, name, 'include'), { recursive: true });
  cpSync(headers, path.join(dir, name, 'include', 'node'), { recursive: true });
  const tarball = `${name}-headers.tar.gz`;
  execFileSync('tar', ['czf', path.join(dir, tarball), '-C', dir, name]);
  const sum = createHash('sha256')
    .update(readFileSync(path.join(dir, tarball)))
    .digest('hex');
  const files: Record<string, Buffer> = {
    [`/${version}/${tarball}`]: readFileSync(path.join(dir, tarball)),
    [`/${version}/SHASUMS256.txt`]: Buffer.from(`${sum}  ${tarball}\n`),
  };
  const server = http.createServer((request, response) => {
    const body = files[new URL(request.url ?? '/', 'http://x').pathname];
    if (body) response.writeHead(200).end(body);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
  // the bridge's gateway; an engine whose docker0 was there before it started names only the subnet (its .1 is the gateway)
  const [ipam] = JSON.parse(execFileSync('/usr/bin/docker', ['network', 'inspect', 'bridge', '--format', '{{json .IPAM.Config}}'], { encoding: 'utf8' })) as {
    Gateway?: string;
    Subnet?: string;
  }[];
  const gateway = ipam?.Gateway || ipam?.Subnet?.replace(/\.\d+\/\d+$/, '.1');
  if (!gateway) throw new Error('The engine names no gateway or subnet for its bridge network.');
  return { url: `http://${gateway}:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}
