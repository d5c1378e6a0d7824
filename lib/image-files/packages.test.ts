import { describe, expect, it } from 'vitest';
import type { FinalFile } from '@/lib/image-files/analyse-layers';
import { imagePackages, isPackageDatabase } from '@/lib/image-files/packages';

const file = (size: number): FinalFile => ({ size, type: 'file', layer: 0 });
const tree = (entries: Record<string, number>) => new Map(Object.entries(entries).map(([p, s]) => [p, file(s)]));

describe('bytes per package', () => {
  it('picks the package databases to read, and nothing else', () => {
    for (const yes of [
      '/var/lib/dpkg/status',
      '/var/lib/dpkg/status.d/libc6',
      '/var/lib/dpkg/info/gcc-12.list',
      '/lib/apk/db/installed',
      '/usr/local/lib/python3.12/site-packages/flask-3.0.0.dist-info/RECORD',
      '/app/node_modules/express/package.json',
      '/app/node_modules/@types/node/package.json',
      '/usr/local/go/VERSION',
    ])
      expect(isPackageDatabase(yes), yes).toBe(true);
    for (const no of ['/app/package.json', '/app/node_modules/express/lib/package.json', '/var/lib/dpkg/info/gcc-12.md5sums', '/etc/passwd'])
      expect(isPackageDatabase(no), no).toBe(false);
  });

  it('dpkg: each installed package weighs its listed files as the image has them; a status without lists gives its declared size', () => {
    const files = tree({ '/usr/bin/gcc-12': 1_000_000, '/usr/lib/gcc/cc1': 30_000_000, '/usr/lib/go-1.22/bin/go': 15_000_000, '/usr/lib/go-1.22/pkg/tool/compile': 20_000_000 });
    const contents = new Map([
      [
        '/var/lib/dpkg/status',
        'Package: gcc-12\nStatus: install ok installed\nVersion: 12.2.0-14\nDescription: the GNU C compiler\n continued line\n\nPackage: golang-1.22-go\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.22.12-3\n\nPackage: removed-one\nStatus: deinstall ok config-files\nVersion: 1\n',
      ],
      ['/var/lib/dpkg/info/gcc-12.list', '/.\n/usr\n/usr/bin/gcc-12\n/usr/lib/gcc/cc1\n/usr/share/doc/gone\n'],
      ['/var/lib/dpkg/info/golang-1.22-go:amd64.list', '/usr/lib/go-1.22/bin/go\n/usr/lib/go-1.22/pkg/tool/compile\n'],
      ['/var/lib/dpkg/status.d/tzdata', 'Package: tzdata\nVersion: 2024a\nInstalled-Size: 3\n'],
    ]);
    expect(imagePackages(files, contents)).toEqual([
      { name: 'golang-1.22-go', version: '1.22.12-3', manager: 'dpkg', bytes: 35_000_000, bytesFrom: 'files' },
      { name: 'gcc-12', version: '12.2.0-14', manager: 'dpkg', bytes: 31_000_000, bytesFrom: 'files' },
      { name: 'tzdata', version: '2024a', manager: 'dpkg', bytes: 3072, bytesFrom: 'declared' },
    ]);
  });

  it('apk, Python, npm, a Go toolchain of its own and jars', () => {
    const files = tree({
      '/lib/libz.so.1.3': 100_000,
      '/usr/lib/python3.12/site-packages/flask/app.py': 50_000,
      '/usr/lib/python3.12/site-packages/flask-3.0.0.dist-info/METADATA': 2_000,
      '/usr/bin/flask': 300,
      '/app/node_modules/express/index.js': 4_000,
      '/app/node_modules/express/package.json': 1_000,
      '/app/node_modules/express/node_modules/debug/src/index.js': 700,
      '/app/node_modules/express/node_modules/debug/package.json': 100,
      '/app/node_modules/@scope/tool/package.json': 50,
      '/usr/local/go/VERSION': 20,
      '/usr/local/go/bin/go': 14_000_000,
      '/app/lib/guava-33.0.0-jre.jar': 3_000_000,
    });
    const contents = new Map([
      ['/lib/apk/db/installed', 'C:Q1abc=\nP:zlib\nV:1.3.1-r0\nF:lib\nR:libz.so.1.3\nR:gone.so\n\nP:musl\nV:1.2.5-r0\n'],
      ['/usr/lib/python3.12/site-packages/flask-3.0.0.dist-info/RECORD', 'flask/app.py,sha256=x,50000\nflask-3.0.0.dist-info/METADATA,sha256=y,2000\n../../../bin/flask,,\n'],
      ['/app/node_modules/express/package.json', '{"name":"express","version":"4.19.2"}'],
      ['/app/node_modules/express/node_modules/debug/package.json', '{"name":"debug","version":"2.6.9"}'],
      ['/app/node_modules/@scope/tool/package.json', 'not json'],
      ['/usr/local/go/VERSION', 'go1.22.5\ntime 2024-06-01\n'],
    ]);
    const byName = Object.fromEntries(imagePackages(files, contents).map((p) => [p.name, p]));
    expect(byName.zlib).toMatchObject({ manager: 'apk', version: '1.3.1-r0', bytes: 100_000 });
    expect(byName.musl).toMatchObject({ manager: 'apk', bytes: 0 });
    expect(byName.flask).toMatchObject({ manager: 'python', version: '3.0.0', bytes: 50_000 + 2_000 + 300 });
    expect(byName.express).toMatchObject({ manager: 'npm', version: '4.19.2', bytes: 5_000 });
    expect(byName.debug).toMatchObject({ manager: 'npm', version: '2.6.9', bytes: 800 });
    expect(byName['@scope/tool']).toMatchObject({ manager: 'npm', version: null, bytes: 50 });
    expect(byName.go).toMatchObject({ manager: 'go', version: '1.22.5', bytes: 14_000_020 });
    expect(byName.guava).toMatchObject({ manager: 'jar', version: '33.0.0-jre', bytes: 3_000_000 });
  });
});
