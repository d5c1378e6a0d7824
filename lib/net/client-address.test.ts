import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSettings, SettingsError } from '@/lib/env';
import { useFreshSettings } from '../../tests/helpers/test-settings';

// Real sockets on loopback: a server in this process is stamped like the web server
// (watchRequests), and clients connect from 127.0.0.1 or 127.0.0.2 with whatever
// X-Forwarded-* headers they like.

const { watchRequests } = await import('@/lib/net/socket-address');
const { clientAddressOf } = await import('@/lib/net/client-address');
const { originFromHeaders } = await import('@/lib/api/origin');

let server: http.Server;
let port = 0;

beforeAll(async () => {
  watchRequests();
  server = http.createServer((req, res) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
    res.end(JSON.stringify({ client: clientAddressOf(headers) ?? null, origin: originFromHeaders(headers, 'http://fallback.test') }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

function ask(from: string, headers: Record<string, string> = {}): Promise<{ client: string | null; origin: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, localAddress: from, agent: false, headers }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve(JSON.parse(body) as { client: string | null; origin: string }));
    });
    request.on('error', reject);
    request.end();
  });
}

describe('the client address', () => {
  it('is the socket’s without a trusted proxy, whatever X-Forwarded-For and x-shipshape-socket say', async () => {
    useFreshSettings();
    expect(await ask('127.0.0.1')).toMatchObject({ client: '127.0.0.1' });
    expect(await ask('127.0.0.2', { 'X-Forwarded-For': '203.0.113.7', 'X-Shipshape-Socket': 'forged 198.51.100.1' })).toMatchObject({ client: '127.0.0.2' });
  });

  it('is the right-most untrusted X-Forwarded-For entry when the socket is a trusted proxy', async () => {
    useFreshSettings({ TRUSTED_PROXIES: '127.0.0.2, 10.0.0.0/8' });
    // a proxy appends what it saw; what the client wrote itself further left proves nothing
    expect(await ask('127.0.0.2', { 'X-Forwarded-For': '198.51.100.1, 203.0.113.7, 10.1.2.3' })).toMatchObject({ client: '203.0.113.7' });
    expect(await ask('127.0.0.2', { 'X-Forwarded-For': '::ffff:203.0.113.8' })).toMatchObject({ client: '203.0.113.8' });
    expect(await ask('127.0.0.2')).toMatchObject({ client: '127.0.0.2' });
    expect(await ask('127.0.0.2', { 'X-Forwarded-For': 'garbage' })).toMatchObject({ client: '127.0.0.2' });
    // 127.0.0.1 is not a trusted proxy: its header is ignored
    expect(await ask('127.0.0.1', { 'X-Forwarded-For': '203.0.113.7' })).toMatchObject({ client: '127.0.0.1' });
  });

  it('is unknown for a request that did not come through the server', () => {
    expect(clientAddressOf(new Headers({ 'x-forwarded-for': '203.0.113.7', 'x-shipshape-socket': 'forged 203.0.113.7' }))).toBeUndefined();
  });
});

describe('the origin of absolute links', () => {
  it('takes X-Forwarded-Host and -Proto only from a trusted proxy, else the Host header', async () => {
    useFreshSettings({ TRUSTED_PROXIES: '127.0.0.2' });
    const forged = { 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-Proto': 'https', Host: 'shipshape.lan:3000' };
    expect(await ask('127.0.0.1', forged)).toMatchObject({ origin: 'http://shipshape.lan:3000' });
    expect(await ask('127.0.0.2', forged)).toMatchObject({ origin: 'https://evil.example' });
    expect(await ask('127.0.0.1', { Host: 'evil.example/path?' })).toMatchObject({ origin: 'http://fallback.test' });
  });

  it('is PUBLIC_URL when it is set', async () => {
    useFreshSettings({ TRUSTED_PROXIES: '127.0.0.2', PUBLIC_URL: 'https://shipshape.example.com/' });
    expect(await ask('127.0.0.2', { 'X-Forwarded-Host': 'other.example' })).toMatchObject({ origin: 'https://shipshape.example.com' });
  });
});

describe('TRUSTED_PROXIES', () => {
  it('takes addresses and CIDR ranges, and refuses anything else with its reason', () => {
    expect(parseSettings({ TRUSTED_PROXIES: '10.0.0.5 172.18.0.0/16,::1' }).auth.trustedProxies.map((p) => `${p.address.toString()}/${p.prefix}`)).toEqual([
      '10.0.0.5/32',
      '172.18.0.0/16',
      '::1/128',
    ]);
    expect(() => parseSettings({ TRUSTED_PROXIES: 'proxy.internal' })).toThrow(SettingsError);
    expect(() => parseSettings({ TRUSTED_PROXIES: '10.0.0.0/33' })).toThrow(/TRUSTED_PROXIES: "10.0.0.0\/33" is not an address or CIDR range/);
  });
});
