import { describe, expect, it } from 'vitest';
import { checkGitUrl, redactText, redactUrl } from '@/lib/sources/git-url';
import { submissionSchema } from '@/lib/sources/source-input';

describe('checkGitUrl', () => {
  it('accepts http(s) git URLs', () => {
    expect(checkGitUrl('https://github.com/owner/repo.git', false)).toBe('https://github.com/owner/repo.git');
    expect(checkGitUrl('http://git.example.com/repo', false)).toBe('http://git.example.com/repo');
  });

  it('refuses other schemes, option-like URLs and non-URLs', () => {
    expect(() => checkGitUrl('ftp://example.com/repo', false)).toThrow('Git URLs must use http or https, not ftp.');
    expect(() => checkGitUrl('ext::sh -c touch% /tmp/pwned', false)).toThrow(/http or https|not a URL/);
    expect(() => checkGitUrl('--upload-pack=touch /tmp/x', false)).toThrow(/must not start with "-"/);
    expect(() => checkGitUrl('github.com/owner/repo', false)).toThrow(/not a URL/);
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
