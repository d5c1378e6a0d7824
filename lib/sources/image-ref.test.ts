import { describe, expect, it } from 'vitest';
import { parseImageRef } from '@/lib/sources/image-ref';

describe('image references', () => {
  it('reads registry, repository, tag and digest as Docker does', () => {
    expect(parseImageRef('registry.example.com/team/api:1.4')).toMatchObject({
      registry: 'registry.example.com',
      repository: 'team/api',
      tag: '1.4',
      ref: 'registry.example.com/team/api:1.4',
    });
    expect(parseImageRef('127.0.0.1:5000/team/api')).toMatchObject({ registry: '127.0.0.1:5000', repository: 'team/api', ref: '127.0.0.1:5000/team/api:latest' });
    expect(parseImageRef('localhost/api:v1')).toMatchObject({ registry: 'localhost', repository: 'api' });
    expect(parseImageRef('node:22')).toMatchObject({ registry: 'docker.io', repository: 'library/node', tag: '22', ref: 'node:22' });
    expect(parseImageRef('team/api')).toMatchObject({ registry: 'docker.io', repository: 'team/api', ref: 'team/api:latest' });
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(parseImageRef(`ghcr.io/o/r@${digest}`)).toMatchObject({ registry: 'ghcr.io', digest, ref: `ghcr.io/o/r@${digest}` });
  });

  it('refuses what is not a reference', () => {
    for (const bad of ['', 'Team/Api', '-rf', 'a b', 'api:', 'api@sha256:xyz', '../etc/passwd', 'host:99999999/a', 'a//b', `x:${'t'.repeat(200)}`]) {
      expect(parseImageRef(bad), bad).toBeNull();
    }
  });
});
