import { describe, expect, it } from 'vitest';
import { checkGitUrl, parseGitUrl, redactText, redactUrl } from '@/lib/sources/git-url';
import { submissionSchema } from '@/lib/sources/source-input';

describe('checkGitUrl', () => {
  it('accepts http(s) git URLs', () => {
    expect(checkGitUrl('https://github.com/owner/repo.git', false)).toBe('https://github.com/owner/repo.git');
    expect(checkGitUrl('http://git.example.com/repo', false)).toBe('http://git.example.com/repo');
  });

  it('accepts ssh:// and scp-like git URLs', () => {
    expect(checkGitUrl('ssh://git@github.com/owner/repo.git', false)).toBe('ssh://git@github.com/owner/repo.git');
    expect(checkGitUrl('ssh://git@git.example.com:2222/repo', false)).toBe('ssh://git@git.example.com:2222/repo');
    expect(checkGitUrl('git@github.com:owner/repo.git', false)).toBe('git@github.com:owner/repo.git');
    expect(parseGitUrl('git@[2001:db8::1]:repo.git', false)).toEqual({ kind: 'ssh', url: 'git@[2001:db8::1]:repo.git', host: '2001:db8::1', port: 22 });
    expect(parseGitUrl('ssh://git@example.com:2222/r', false)).toMatchObject({ host: 'example.com', port: 2222 });
  });

  it('hands git the normalised URL, so git and the host check read the same host', () => {
    expect(checkGitUrl('HTTP://Example.COM:80/a/../repo.git', false)).toBe('http://example.com/repo.git');
    expect(checkGitUrl('http://evil.example\\@127.0.0.1/', false)).toBe('http://evil.example/@127.0.0.1/');
    expect(checkGitUrl('http://0x7f.1/repo.git', false)).toBe('http://127.0.0.1/repo.git');
  });

  it('refuses other schemes, option-like URLs and non-URLs', () => {
    expect(() => checkGitUrl('ftp://example.com/repo', false)).toThrow('Git URLs must use http or https, not ftp.');
    expect(() => checkGitUrl('git+ssh://example.com/repo', false)).toThrow('Git URLs must use http or https, not git+ssh.');
    expect(() => checkGitUrl('--upload-pack=touch /tmp/x', false)).toThrow(/must not start with "-"/);
    expect(() => checkGitUrl('github.com/owner/repo', false)).toThrow(/not a URL/);
    expect(() => checkGitUrl('host:repo', false)).toThrow(/not a URL/);
  });

  it('refuses <transport>:: URLs, which make git run a helper program', () => {
    expect(() => checkGitUrl('ext::sh -c touch% /tmp/pwned', false)).toThrow(
      '"ext::" git URLs make git run a helper program on this server and are refused. Give an http(s) or ssh git URL.',
    );
    expect(() => checkGitUrl('fd::3', false)).toThrow(/"fd::"/);
    expect(() => checkGitUrl('EXT::x', true)).toThrow(/"EXT::"/);
    expect(() => checkGitUrl('my-helper+x.1::address', false)).toThrow(/"my-helper\+x\.1::"/);
  });

  it('refuses option-like hosts, users and paths, also percent-encoded', () => {
    for (const url of [
      'ssh://-oProxyCommand=x/y',
      'ssh://%2DoProxyCommand=x/y',
      'ssh://-l@host/y',
      'ssh://git@host/-y',
      'git@-oProxyCommand=x:repo',
      'git@host:-repo',
      '-oProxyCommand=x@host:repo',
      'https://-host.example/repo',
      'https://-user@host.example/repo',
      'https://host.example/%2Drepo',
    ]) {
      expect(() => checkGitUrl(url, false), url).toThrow(/must not start with "-"/);
    }
  });

  it('refuses whitespace and control characters anywhere', () => {
    for (const url of ['https://example.com/re po', 'https://example.com/repo\n', 'git@host:repo\u0000', 'https://example.com/\u0085x']) {
      expect(() => checkGitUrl(url, false), JSON.stringify(url)).toThrow(/spaces or control characters/);
    }
  });

  it('allows local paths and file:// only when the operator turned them on', () => {
    expect(() => checkGitUrl('/srv/repos/app', false)).toThrow(/ALLOW_LOCAL_SOURCES=1/);
    expect(() => checkGitUrl('file:///srv/repos/app', false)).toThrow(/ALLOW_LOCAL_SOURCES=1/);
    expect(checkGitUrl('/srv/repos/app', true)).toBe('/srv/repos/app');
    expect(checkGitUrl('file:///srv/repos/app', true)).toBe('/srv/repos/app');
  });
});

describe('redaction', () => {
  it('removes credentials from URLs and from text', () => {
    expect(redactUrl('https://user:s3cret@github.com/o/r.git')).toBe('https://github.com/o/r.git');
    expect(redactUrl('https://github.com/o/r.git')).toBe('https://github.com/o/r.git');
    expect(redactText("fatal: could not read from 'https://x-token:ghp_abc123@github.com/o/r'", ['ghp_abc123'])).toBe("fatal: could not read from 'https://github.com/o/r'");
    expect(redactText('token ghp_abc123 leaked', ['ghp_abc123'])).toBe('token *** leaked');
  });
});

describe('submissionSchema', () => {
  const parse = (source: unknown) => submissionSchema.safeParse({ source });

  it('takes git, sample and optional ref/subdir; blank optional fields are absent', () => {
    expect(parse({ type: 'git', url: 'https://x/y.git', ref: 'v1.2.0', subdir: './services/api/' }).data?.source).toEqual({
      type: 'git',
      url: 'https://x/y.git',
      ref: 'v1.2.0',
      subdir: 'services/api',
    });
    expect(parse({ type: 'git', url: 'https://x/y.git', ref: '', subdir: ' ' }).data?.source).toEqual({ type: 'git', url: 'https://x/y.git' });
    expect(parse({ type: 'sample', name: 'go' }).success).toBe(true);
  });

  it('refuses refs git could read as options and folders outside the repository', () => {
    expect(parse({ type: 'git', url: 'https://x/y.git', ref: '--upload-pack=evil' }).success).toBe(false);
    expect(parse({ type: 'git', url: 'https://x/y.git', ref: 'main..evil' }).success).toBe(false);
    expect(parse({ type: 'git', url: 'https://x/y.git', subdir: '../etc' }).success).toBe(false);
    expect(parse({ type: 'git', url: 'https://x/y.git', subdir: '/etc' }).success).toBe(false);
    expect(parse({ type: 'sample', name: 'cobol' }).success).toBe(false);
    expect(parse({ type: 'svn', url: 'x' }).success).toBe(false);
  });
});
