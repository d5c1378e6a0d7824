import { describe, expect, it } from 'vitest';
import { writeTree } from '../../../tests/helpers/write-tree';
import { expectValidDockerfile } from '../../../tests/helpers/valid-dockerfile';
import { detectRust } from '@/lib/stacks/rust/detect-rust';
import { generateRust } from '@/lib/stacks/rust/generate-rust';

const main = 'fn main() { println!("hi"); }\n';

describe('detectRust', () => {
  it('names the binary after the package for src/main.rs', () => {
    const stack = detectRust(writeTree({ 'Cargo.toml': '[package]\nname = "hello-svc"\nversion = "0.1.0"\n', 'src/main.rs': main }));
    expect(stack).toMatchObject({ binary: 'hello-svc', package: 'hello-svc', workspace: false, hasLock: false, simpleLayout: true, sourceFile: 'src/main.rs' });
  });

  it('uses the [[bin]] name, which is not always the package name', () => {
    const stack = detectRust(
      writeTree({ 'Cargo.toml': '[package]\nname = "my-tool"\nversion = "0.1.0"\n\n[[bin]]\nname = "mt"\npath = "src/main.rs"\n', 'Cargo.lock': '', 'src/main.rs': main }),
    );
    expect(stack).toMatchObject({ binary: 'mt', package: 'my-tool', hasLock: true, simpleLayout: true });
    expect(stack?.reasons.join(' ')).toMatch(/named mt, not after its package my-tool/);
  });

  it('finds binaries of workspace members and builds the chosen one with -p', () => {
    const root = writeTree({
      'Cargo.toml': '[workspace]\nmembers = ["crates/*"]\nresolver = "2"\n',
      'crates/core/Cargo.toml': '[package]\nname = "core"\nversion = "0.1.0"\n',
      'crates/core/src/lib.rs': 'pub fn f() {}\n',
      'crates/server/Cargo.toml': '[package]\nname = "server"\nversion = "0.1.0"\n',
      'crates/server/src/main.rs': main,
      'crates/cli/Cargo.toml': '[package]\nname = "cli-pkg"\nversion = "0.1.0"\n[[bin]]\nname = "ctl"\n',
      'crates/cli/src/bin/ctl.rs': main,
    });
    const stack = detectRust(root, { entryPoint: 'server' })!;
    expect(stack).toMatchObject({ workspace: true, binary: 'server', package: 'server', simpleLayout: false, sourceFile: 'crates/server/src/main.rs' });
    expect(stack.entryPoints.sort()).toEqual(['ctl', 'server']);
    expect(generateRust(stack).multiStage).toContain('cargo build --release -p server --bin server');
  });

  it('refuses a library alone', () => {
    expect(() => detectRust(writeTree({ 'Cargo.toml': '[package]\nname = "lib"\nversion = "0.1.0"\n', 'src/lib.rs': '' }))).toThrow(/no binary/);
  });
});

describe('generateRust', () => {
  it("uses the seed's placeholder trick, cache mounts and distroless/cc", () => {
    const stack = detectRust(writeTree({ 'Cargo.toml': '[package]\nname = "app"\nversion = "0.1.0"\n', 'Cargo.lock': '', 'src/main.rs': main }))!;
    const { singleStage, multiStage, finalBase, alternatives } = generateRust(stack);
    expect(singleStage).toContain('FROM rust:1.87-slim\n');
    expect(singleStage).toContain('CMD ["./target/release/app"]');
    expect(multiStage).toContain('COPY Cargo.toml Cargo.lock ./');
    expect(multiStage).toContain('RUN mkdir src && echo "fn main() {}" > src/main.rs');
    expect(multiStage).toContain('RUN --mount=type=cache,target=/usr/local/cargo/registry . /cross.env && cargo build --release --bin app && rm -f "$OUT/app"');
    expect(multiStage).toContain('touch src/main.rs && . /cross.env && cargo build --release --bin app && mkdir -p /out && cp "$OUT/app" /out/');
    expect(multiStage).toContain('FROM gcr.io/distroless/cc-debian12\nCOPY --from=builder /out/app /app');
    // built on the engine's own platform; for another CPU, the target's std and Debian's cross linker
    expect(multiStage).toContain('FROM --platform=$BUILDPLATFORM rust:1.87-slim AS builder\nARG TARGETARCH\nARG BUILDARCH\n');
    expect(multiStage).toContain('RUN if [ "$TARGETARCH" = "$BUILDARCH" ]; then echo "OUT=target/release" > /cross.env; else');
    expect(multiStage).toContain('rustup target add "$rust"');
    expect(multiStage).toContain('dpkg --add-architecture "$TARGETARCH"');
    expect(finalBase.reason).toMatch(/glibc dynamically/);
    expect(alternatives.map((a) => a.base.image)).toEqual(['debian:bookworm-slim']);
    for (const text of [singleStage, multiStage, ...alternatives.map((a) => a.dockerfile)]) expectValidDockerfile(text);
  });
});
