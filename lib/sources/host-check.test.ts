import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { checkHost, nonPublicReason } from '@/lib/sources/host-check';

const reason = (address: string) => nonPublicReason(ipaddr.parse(address));

describe('nonPublicReason', () => {
  it('passes public addresses', () => {
    for (const address of ['8.8.8.8', '140.82.121.4', '2606:4700::1111', '64:ff9b::808:808', '2002:808:808::1', '::ffff:8.8.8.8']) {
      expect(reason(address), address).toBeUndefined();
    }
  });

  it('names every range that is not public, IPv4-mapped and embedding forms included', () => {
    const cases: [string, string][] = [
      ['127.0.0.1', 'loopback'],
      ['127.255.0.9', 'loopback'],
      ['10.0.0.1', 'private network'],
      ['172.16.5.4', 'private network'],
      ['192.168.0.1', 'private network'],
      ['169.254.169.254', 'link-local, where cloud metadata services answer'],
      ['100.64.0.1', 'carrier-grade NAT'],
      ['0.0.0.0', 'unspecified'],
      ['224.0.0.1', 'multicast'],
      ['255.255.255.255', 'broadcast'],
      ['240.0.0.1', 'reserved'],
      ['192.0.2.1', 'reserved'],
      ['::1', 'loopback'],
      ['::', 'unspecified'],
      ['fe80::1', 'link-local, where cloud metadata services answer'],
      ['fd00::1', 'unique-local IPv6'],
      ['ff02::1', 'multicast'],
      ['::ffff:127.0.0.1', 'loopback'],
      ['::ffff:169.254.169.254', 'link-local, where cloud metadata services answer'],
      ['64:ff9b::7f00:1', 'loopback'],
      ['2002:a00:1::', 'private network'],
    ];
    for (const [address, label] of cases) expect(reason(address), address).toBe(label);
    for (const address of ['::7f00:1', '2001::1', '2001:db8::1', '64:ff9b:1::1', 'fec0::1']) expect(reason(address), address).toBeDefined();
  });
});

describe('checkHost', () => {
  it('refuses literal private addresses with the allowlist hint', async () => {
    await expect(checkHost('[::1]', [], 'The git URL http://[::1]/r')).rejects.toThrow(
      'The git URL http://[::1]/r points to ::1, a private address (loopback). Only public hosts are fetched from; the operator can allow it with SOURCE_HOST_ALLOWLIST.',
    );
  });

  it('lets the allowlist open an address, a range (also for mapped addresses) or a name', async () => {
    expect(await checkHost('127.0.0.1', ['127.0.0.1'], 'x')).toEqual({ host: '127.0.0.1', literal: true, addresses: ['127.0.0.1'] });
    expect((await checkHost('10.20.30.40', ['10.0.0.0/8'], 'x')).addresses).toEqual(['10.20.30.40']);
    expect((await checkHost('[::ffff:10.1.1.1]', ['10.0.0.0/8'], 'x')).literal).toBe(true);
    expect((await checkHost('[fd12::1]', ['fd00::/8'], 'x')).literal).toBe(true);
    await expect(checkHost('10.20.30.40', ['10.0.0.0/16', '10.20.30.41', 'not-a-range/99'], 'x')).rejects.toThrow(/private network/);
    expect((await checkHost('LocalHost.', ['localhost'], 'x')).host).toBe('localhost');
  });

  it('refuses local and metadata names before resolving them', async () => {
    for (const host of ['localhost', 'api.localhost', 'metadata.google.internal', 'metadata', 'instance-data']) {
      await expect(checkHost(host, ['127.0.0.1', '169.254.0.0/16'], 'The git URL'), host).rejects.toThrow(/a name of this server or of a cloud metadata service/);
    }
  });

  it('says so when a name does not resolve', async () => {
    await expect(checkHost('no-such-host.invalid', [], 'The git URL https://no-such-host.invalid/r')).rejects.toThrow(
      'The git URL https://no-such-host.invalid/r names the host "no-such-host.invalid", which does not resolve. Check the URL.',
    );
  });
});
