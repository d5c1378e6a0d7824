import { describe, expect, it } from 'vitest';
import { redactUrl } from '@/lib/sources/git-url';
import { normaliseGitUrl, repositoryKey, repositoryKeyOfRow } from '@/lib/analyses/repository-key';

describe('normaliseGitUrl', () => {
  it('drops credentials, query and fragment, lower-cases the host, drops .git and trailing slashes, keeps the scheme', () => {
    const same = [
      'https://github.com/owner/service',
      'https://github.com/owner/service.git',
      'https://github.com/owner/service/',
      'https://github.com/owner/service.git/',
      'https://GitHub.COM/owner/service.git',
      'https://x-access-token:ghp_secret@github.com/owner/service.git',
      'https://github.com:443/owner/service',
      'https://github.com/owner/service.git?private_token=abc#main',
      '  https://github.com/owner/service  ',
    ];
    for (const url of same) expect(normaliseGitUrl(url), url).toBe('https://github.com/owner/service');
    expect(normaliseGitUrl('https://ghp_secret@github.com/o/r')).not.toContain('ghp_secret');
    // the scheme, the port and the path's case make other repositories
    expect(normaliseGitUrl('http://github.com/owner/service')).toBe('http://github.com/owner/service');
    expect(normaliseGitUrl('https://git.example.com:8443/owner/service.git')).toBe('https://git.example.com:8443/owner/service');
    expect(normaliseGitUrl('https://github.com/Owner/Service')).toBe('https://github.com/Owner/Service');
  });

  it('reads scp-like git@host:path as ssh://git@host/path', () => {
    const key = 'ssh://github.com/owner/service';
    for (const url of [
      'git@github.com:owner/service.git',
      'git@GitHub.com:owner/service',
      'ssh://git@github.com/owner/service.git',
      'ssh://git@github.com:22/owner/service/',
      'ssh://github.com/owner/service',
    ]) {
      expect(normaliseGitUrl(url), url).toBe(key);
    }
    expect(normaliseGitUrl('git@host.example:/srv/git/app.git')).toBe('ssh://host.example/srv/git/app');
    expect(normaliseGitUrl('ssh://git@host.example:2222/app.git')).toBe('ssh://host.example:2222/app');
    expect(normaliseGitUrl('git@[::1]:app.git')).toBe('ssh://[::1]/app');
  });

  it('keys local repositories (ALLOW_LOCAL_SOURCES) on their path', () => {
    expect(normaliseGitUrl('/srv/repos/app/')).toBe('file:///srv/repos/app');
    expect(normaliseGitUrl('file:///srv/repos/../repos/app/.git')).toBe('file:///srv/repos/app');
  });

  it('gives the same key for a URL and the credential-free label stored for it', () => {
    for (const url of ['https://user:tok@Example.com/a/b.git', 'ssh://git@example.com/a/b.git', 'git@example.com:a/b.git']) {
      expect(normaliseGitUrl(redactUrl(url))).toBe(normaliseGitUrl(url));
    }
  });
});

describe('repositoryKey', () => {
  it('adds the subdir to a git key, written any way', () => {
    const key = repositoryKey({ type: 'git', url: 'https://github.com/o/r.git', subdir: 'cmd/api' }, 'ada@example.com', 'a1');
    expect(key).toBe('git:https://github.com/o/r#cmd/api');
    for (const subdir of ['./cmd/api/', '/cmd/api', 'cmd//api']) expect(repositoryKey({ type: 'git', url: 'https://github.com/o/r', subdir }, 'max@example.com', 'a2')).toBe(key);
    expect(repositoryKey({ type: 'git', url: 'https://github.com/o/r', subdir: '' }, null, 'a3')).toBe('git:https://github.com/o/r');
    expect(repositoryKey({ type: 'git', url: 'https://github.com/o/r', subdir: 'cmd/web' }, null, 'a3')).not.toBe(key);
  });

  it("never matches two people's uploads or samples of the same name", () => {
    const ada = repositoryKey({ type: 'archive', filename: 'app.tar.gz' }, 'ada@example.com', 'a1');
    const max = repositoryKey({ type: 'archive', filename: 'app.tar.gz' }, 'max@example.com', 'a2');
    expect(ada).not.toBe(max);
    expect(repositoryKey({ type: 'archive', filename: 'app.tar.gz' }, 'ada@example.com', 'a9')).toBe(ada);
    expect(repositoryKey({ type: 'sample', name: 'go' }, 'ada@example.com', 'a1')).not.toBe(repositoryKey({ type: 'sample', name: 'go' }, 'max@example.com', 'a2'));
    // an upload is never a git repository, whatever its name
    expect(repositoryKey({ type: 'archive', filename: 'https://github.com/o/r' }, 'ada@example.com', 'a1')).not.toBe(
      repositoryKey({ type: 'git', url: 'https://github.com/o/r' }, 'ada@example.com', 'a1'),
    );
    // a name cannot pose as another owner
    expect(repositoryKey({ type: 'archive', filename: 'x:app.tar.gz' }, 'ada@example.com', 'a1')).not.toBe(
      repositoryKey({ type: 'archive', filename: 'app.tar.gz' }, 'ada@example.com:x', 'a1'),
    );
    // nobody known: the analysis's own key
    expect(repositoryKey({ type: 'archive', filename: 'app.tar.gz' }, null, 'a1')).not.toBe(repositoryKey({ type: 'archive', filename: 'app.tar.gz' }, null, 'a2'));
  });

  it('is the same computed from a stored row as at submission', () => {
    const submitted = repositoryKey({ type: 'git', url: 'https://u:p@github.com/o/r.git', subdir: 'svc' }, 'ada@example.com', 'a1');
    expect(repositoryKeyOfRow({ id: 'a1', sourceType: 'git', sourceLabel: redactUrl('https://u:p@github.com/o/r.git'), sourceSubdir: 'svc', submittedBy: 'ada@example.com' })).toBe(
      submitted,
    );
    expect(repositoryKeyOfRow({ id: 'a1', sourceType: 'sample', sourceLabel: 'sample:go', sourceSubdir: null, submittedBy: 'local' })).toBe(
      repositoryKey({ type: 'sample', name: 'go' }, 'local', 'a1'),
    );
    expect(repositoryKeyOfRow({ id: 'a1', sourceType: 'archive', sourceLabel: 'app.tar.gz', sourceSubdir: null, submittedBy: 'ada@example.com' })).toBe(
      repositoryKey({ type: 'archive', filename: 'app.tar.gz' }, 'ada@example.com', 'a1'),
    );
  });
});
