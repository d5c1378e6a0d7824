import { generateDockerfiles } from '@/lib/stacks/detect';
import { describe, expect, it } from 'vitest';
import { writeTree } from '../../../tests/helpers/write-tree';
import { chooseGoVersion, detectGo, parseGoMod } from '@/lib/stacks/go/detect-go';
import { detectStack } from '@/lib/stacks/detect';

const mainGo = 'package main\n\nfunc main() {}\n';

describe('parseGoMod', () => {
  it('reads module, go line and requirements in both forms', () => {
    const mod = parseGoMod(`module example.com/shop/api // the API

go 1.21.5

require github.com/a/b v1.0.0
require (
\tgithub.com/c/d v1.2.0
\tgithub.com/e/f v0.1.0 // indirect
)
`);
    expect(mod).toEqual({ module: 'example.com/shop/api', goVersion: '1.21.5', requires: 3 });
  });
});

describe('chooseGoVersion', () => {
  it('keeps the catalog Go unless go.mod asks for a newer release', () => {
    expect(chooseGoVersion(null)).toBe('1.22');
    expect(chooseGoVersion('1.19')).toBe('1.22');
    expect(chooseGoVersion('1.22.7')).toBe('1.22');
    expect(chooseGoVersion('1.23.4')).toBe('1.23');
    expect(chooseGoVersion('2.0')).toBe('2.0');
  });
});

describe('detectGo', () => {
  it('returns null without go.mod or a Go program in the root', () => {
    expect(detectGo(writeTree({ 'README.md': '# hi\n', 'tools/main.go': mainGo }))).toBeNull();
  });

  it('a program without go.mod that imports only the standard library: the build starts a module for it', () => {
    const root = writeTree({ 'main.go': 'package main\n\nimport (\n\t"fmt"\n\t"net/http"\n)\n\nfunc main() { fmt.Println(http.ListenAndServe(":80", nil)) }\n' });
    const stack = detectGo(root)!;
    expect(stack).toMatchObject({ hasGoMod: false, binary: 'app', entryPoint: '.', port: 80, hasDependencies: false });
    const { singleStage, multiStage } = generateDockerfiles(stack);
    for (const text of [singleStage, multiStage]) {
      expect(text).toContain('RUN go mod init app\nCOPY . .');
      expect(text).not.toContain('COPY go.mod');
    }
  });

  it('a program without go.mod that imports other modules is refused with what to add', () => {
    const root = writeTree({ 'main.go': 'package main\n\nimport "github.com/go-chi/chi/v5"\n\nfunc main() { _ = chi.NewRouter() }\n' });
    expect(() => detectGo(root)).toThrow(/without go\.mod, importing github\.com\/go-chi\/chi\/v5.*Add go\.mod and go\.sum/);
  });

  it('finds package main in the root and names the binary after the module', () => {
    const stack = detectGo(writeTree({ 'go.mod': 'module github.com/acme/hello-svc\n\ngo 1.22\n', 'main.go': mainGo.replace('{}', '{ http.ListenAndServe(":9090", nil) }') }));
    expect(stack).toMatchObject({ entryPoint: '.', binary: 'hello-svc', hasGoSum: false, hasDependencies: false, vendored: false, port: 9090, usesCgo: false });
  });

  it('finds cmd/<name> packages, chooses the first and lists the others', () => {
    const stack = detectGo(
      writeTree({
        'go.mod': 'module example.com/tools\ngo 1.22\n',
        'cmd/worker/main.go': mainGo,
        'cmd/api/main.go': mainGo,
        'cmd/lib/lib.go': 'package lib\n',
        'internal/x/x.go': 'package x\n',
      }),
    );
    expect(stack?.entryPoint).toBe('./cmd/api');
    expect(stack?.entryPoints).toEqual(['./cmd/api', './cmd/worker']);
    expect(stack?.binary).toBe('api');
  });

  it('builds the entry point the user chose, and refuses one that does not exist', () => {
    const root = writeTree({ 'go.mod': 'module example.com/tools\n', 'cmd/worker/main.go': mainGo, 'cmd/api/main.go': mainGo });
    const stack = detectGo(root, { entryPoint: './cmd/worker' });
    expect(stack).toMatchObject({ entryPoint: './cmd/worker', binary: 'worker', entryPoints: ['./cmd/worker', './cmd/api'], sourceFile: 'cmd/worker/main.go' });
    expect(() => detectGo(root, { entryPoint: './cmd/nope' })).toThrow('The entry point "./cmd/nope" was not found. Choose one of: ./cmd/api, ./cmd/worker.');
  });

  it('ignores tests when looking for package main', () => {
    expect(() => detectGo(writeTree({ 'go.mod': 'module m\n', 'lib.go': 'package m\n', 'main_test.go': mainGo }))).toThrow(/no main package/);
  });

  it('honours vendor/, go.sum and requirements', () => {
    const stack = detectGo(
      writeTree({
        'go.mod': 'module m\ngo 1.22\nrequire github.com/a/b v1.0.0\n',
        'go.sum': 'github.com/a/b v1.0.0 h1:x\n',
        'vendor/modules.txt': '# github.com/a/b v1.0.0\n',
        'main.go': mainGo,
      }),
    );
    expect(stack).toMatchObject({ vendored: true, hasGoSum: true, hasDependencies: true });
    expect(stack?.reasons.join(' ')).toMatch(/vendor/);
  });

  it('notices cgo', () => {
    const stack = detectGo(writeTree({ 'go.mod': 'module m\n', 'main.go': 'package main\n\n// #include <stdio.h>\nimport "C"\n\nfunc main() {}\n' }));
    expect(stack?.usesCgo).toBe(true);
  });
});

describe('detectStack', () => {
  it('says what it looked for when nothing is recognisable', () => {
    expect(() => detectStack(writeTree({ 'README.md': '# hi' }))).toThrow(
      'No supported stack found. Looked for: go.mod (Go), Cargo.toml (Rust), pom.xml or build.gradle(.kts) (Java/Kotlin), requirements.txt or pyproject.toml (Python), package.json (Node.js).',
    );
  });
});
