import { builderImages, FINAL_BASES, type FinalBase } from '@/lib/base-images/catalog';
import { cacheMounts, dockerfile, dockerignoreFor, execForm } from '@/lib/stacks/dockerfile-text';
import type { GeneratedDockerfiles, RustStack } from '@/lib/stacks/types';

const REGISTRY = '/usr/local/cargo/registry';

function buildCommand(stack: RustStack): string {
  return `cargo build --release${stack.workspace ? ` -p ${stack.package}` : ''} --bin ${stack.binary}`;
}

function multiStage(stack: RustStack, base: FinalBase): string {
  const bin = stack.binary;
  const build = buildCommand(stack);
  const builder = stack.simpleLayout
    ? [
        stack.hasLock ? 'COPY Cargo.toml Cargo.lock ./' : 'COPY Cargo.toml ./',
        '# Cache dependencies by building a placeholder project first',
        `RUN mkdir src && echo "fn main() {}" > src/main.rs${stack.hasLib ? ' && touch src/lib.rs' : ''}`,
        `RUN ${cacheMounts(REGISTRY)}${build} && rm -f target/release/${bin}`,
        '# Now build the real application (touch: newer than the placeholder build)',
        'COPY src ./src',
        `RUN ${cacheMounts(REGISTRY)}touch src/main.rs${stack.hasLib ? ' src/lib.rs' : ''} && ${build}`,
      ]
    : ['COPY . .', `RUN ${cacheMounts(REGISTRY)}${build}`];
  return dockerfile(
    '# Stage 1: build',
    `FROM ${builderImages.rust} AS builder`,
    'WORKDIR /app',
    builder,
    '',
    `# Stage 2: the binary alone, on ${base.image}`,
    `FROM ${base.image}`,
    `COPY --from=builder /app/target/release/${bin} /${bin}`,
    `CMD ${execForm([`/${bin}`])}`,
  );
}

export function generateRust(stack: RustStack): GeneratedDockerfiles {
  const singleStage = dockerfile(
    '# Single-stage: the Rust toolchain and target/ ship with the binary',
    `FROM ${builderImages.rust}`,
    'WORKDIR /app',
    'COPY . .',
    `RUN ${buildCommand(stack)}`,
    `CMD ${execForm([`./target/release/${stack.binary}`])}`,
  );
  const base = FINAL_BASES.distrolessCc;
  return {
    singleStage,
    multiStage: multiStage(stack, base),
    finalBase: {
      base,
      reason:
        'Rust binaries built with the default toolchain link glibc dynamically, so scratch (no libc) would not run them. distroless/cc has the minimal C library and nothing else: no shell, no package manager.',
    },
    alternatives: [FINAL_BASES.debianSlim].map((b) => ({ base: b, dockerfile: multiStage(stack, b) })),
    dockerignore: dockerignoreFor(['target/', 'Dockerfile*']),
  };
}
