import { builderImages, FINAL_BASES, nonRootLines, type FinalBase } from '@/lib/base-images/catalog';
import { cacheMounts, dockerfile, dockerignoreFor, execForm } from '@/lib/stacks/dockerfile-text';
import type { GeneratedDockerfiles, RustStack } from '@/lib/stacks/types';

const REGISTRY = '/usr/local/cargo/registry';

/**
 * For another CPU: the target's standard library (rustup's where the toolchain is
 * rustup's, else Debian's package of it) and Debian's cross linker; /cross.env tells the
 * build steps the target (CARGO_BUILD_TARGET) and where the binary lands ($OUT). For
 * the engine's own platform nothing is installed and the build is the usual one.
 */
const CROSS_TOOLCHAIN = [
  "# another CPU: the target's standard library and Debian's cross linker (nothing to add for the engine's own)",
  'RUN if [ "$TARGETARCH" = "$BUILDARCH" ]; then echo "OUT=target/release" > /cross.env; else \\',
  '      case "$TARGETARCH" in arm64) triple=aarch64-linux-gnu; rust=aarch64-unknown-linux-gnu ;; amd64) triple=x86_64-linux-gnu; rust=x86_64-unknown-linux-gnu ;; *) echo "no cross toolchain for $TARGETARCH" >&2; exit 1 ;; esac && \\',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own ${field} format, for the shell
  '      if command -v rustup >/dev/null; then rustup target add "$rust" && std=; else dpkg --add-architecture "$TARGETARCH" && std="$(dpkg-query -W -f=\'${db:Status-Abbrev}${Package}:\'"$TARGETARCH"\'=${Version}\\n\' \'libstd-rust*-dev\' | sed -n \'s/^ii *//p\' | head -n1)"; fi && \\',
  '      apt-get update && apt-get install -y --no-install-recommends "gcc-$(echo "$triple" | tr _ -)" "libc6-dev-$TARGETARCH-cross" $std && \\',
  '      printf \'export CARGO_BUILD_TARGET=%s CARGO_TARGET_%s_LINKER=%s-gcc\\nOUT=target/%s/release\\n\' "$rust" "$(echo "$rust" | tr a-z- A-Z_)" "$triple" "$rust" > /cross.env; fi',
];

function buildCommand(stack: RustStack): string {
  return `cargo build --release${stack.workspace ? ` -p ${stack.package}` : ''} --bin ${stack.binary}`;
}

function multiStage(stack: RustStack, base: FinalBase): string {
  const bin = stack.binary;
  const build = `. /cross.env && ${buildCommand(stack)}`;
  const keep = `mkdir -p /out && cp "$OUT/${bin}" /out/`;
  const builder = stack.simpleLayout
    ? [
        stack.hasLock ? 'COPY Cargo.toml Cargo.lock ./' : 'COPY Cargo.toml ./',
        '# Cache dependencies by building a placeholder project first',
        `RUN mkdir src && echo "fn main() {}" > src/main.rs${stack.hasLib ? ' && touch src/lib.rs' : ''}`,
        `RUN ${cacheMounts(REGISTRY)}${build} && rm -f "$OUT/${bin}"`,
        '# Now build the real application (touch: newer than the placeholder build)',
        'COPY src ./src',
        `RUN ${cacheMounts(REGISTRY)}touch src/main.rs${stack.hasLib ? ' src/lib.rs' : ''} && ${build} && ${keep}`,
      ]
    : ['COPY . .', `RUN ${cacheMounts(REGISTRY)}${build} && ${keep}`];
  return dockerfile(
    "# Stage 1: build on the engine's own platform; cargo cross-compiles for the target ($TARGETARCH)",
    `FROM --platform=$BUILDPLATFORM ${builderImages.rust} AS builder`,
    'ARG TARGETARCH',
    'ARG BUILDARCH',
    CROSS_TOOLCHAIN,
    'WORKDIR /app',
    builder,
    '',
    `# Stage 2: the binary alone, on ${base.image}`,
    `FROM ${base.image}`,
    `COPY --from=builder /out/${bin} /${bin}`,
    nonRootLines(base),
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
