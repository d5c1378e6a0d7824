import { builderImages, FINAL_BASES, nonRootLines, type FinalBase } from '@/lib/base-images/catalog';
import { cacheMounts, dockerfile, dockerignoreFor, execForm } from '@/lib/stacks/dockerfile-text';
import type { FinalBaseChoice, GeneratedDockerfiles, GoStack } from '@/lib/stacks/types';

// Go module and build caches of the official images (GOPATH=/go).
const MOD_CACHE = '/go/pkg/mod';
const BUILD_CACHE = '/root/.cache/go-build';

function moduleFiles(stack: GoStack): string {
  if (stack.hasGoMod === false) return '# no go.mod in the repository: a module of its own (it imports only the standard library)\nRUN go mod init app';
  return stack.hasGoSum ? 'COPY go.mod go.sum ./' : 'COPY go.mod ./';
}

/** `go mod download` only when there is something to download and no vendor/ directory. */
function needsDownload(stack: GoStack): boolean {
  return !stack.vendored && stack.hasDependencies;
}

export function chooseGoFinalBase(stack: GoStack): FinalBaseChoice {
  if (stack.usesCgo) {
    return {
      base: FINAL_BASES.distrolessCc,
      reason:
        'The code imports "C" (cgo), so the binary links against the C library: on scratch it would not start ("no such file or directory"). The final stage is distroless/cc, which has glibc and nothing else.',
    };
  }
  return {
    base: FINAL_BASES.scratch,
    reason: 'A Go binary built with CGO_ENABLED=0 is static: it needs no C library, so the final stage is scratch (empty) plus the CA certificates for HTTPS calls.',
  };
}

/**
 * cgo for another CPU: Debian's cross compiler and the target's C library, installed
 * only when the target is not the engine's own platform; `target-cc` is the compiler
 * either way.
 */
const CGO_CROSS_COMPILER = [
  "# cgo for another CPU: Debian's cross compiler and C library for the target (nothing to add for the engine's own)",
  'RUN if [ "$TARGETARCH" = "$BUILDARCH" ]; then ln -s "$(command -v gcc)" /usr/local/bin/target-cc; else \\',
  '      case "$TARGETARCH" in arm64) triple=aarch64-linux-gnu ;; amd64) triple=x86_64-linux-gnu ;; *) echo "no Debian cross compiler for $TARGETARCH" >&2; exit 1 ;; esac && \\',
  '      apt-get update && apt-get install -y --no-install-recommends "gcc-$(echo "$triple" | tr _ -)" "libc6-dev-$TARGETARCH-cross" && \\',
  '      ln -s "/usr/bin/$triple-gcc" /usr/local/bin/target-cc; fi',
];

function multiStage(stack: GoStack, base: FinalBase): string {
  const bin = stack.binary;
  const mod = stack.vendored ? ' -mod=vendor' : '';
  const cgo = stack.usesCgo;
  return dockerfile(
    "# Stage 1: build on the engine's own platform; Go cross-compiles for the target ($TARGETOS/$TARGETARCH)",
    `FROM --platform=$BUILDPLATFORM ${cgo ? builderImages.goSdk(stack.goVersion) : builderImages.goBuilder(stack.goVersion)} AS builder`,
    'ARG TARGETOS',
    'ARG TARGETARCH',
    cgo && 'ARG BUILDARCH',
    'WORKDIR /app',
    cgo && CGO_CROSS_COMPILER,
    moduleFiles(stack),
    needsDownload(stack) && `RUN ${cacheMounts(MOD_CACHE)}go mod download`,
    'COPY . .',
    cgo
      ? '# cgo: linked against glibc, so the final stage needs it (distroless/cc); -s -w: no debug symbols; -trimpath: no build paths'
      : '# CGO_ENABLED=0: a static binary that runs on scratch; -s -w: no debug symbols; -trimpath: no build paths',
    `RUN ${cacheMounts(MOD_CACHE, BUILD_CACHE)}CGO_ENABLED=${cgo ? '1 CC=target-cc' : 0} GOOS=$TARGETOS GOARCH=$TARGETARCH go build${mod} -trimpath -ldflags="-s -w" -o ${bin} ${stack.entryPoint}`,
    '',
    `# Stage 2: only the binary and the CA certificates, on ${base.image}`,
    `FROM ${base.image}`,
    `COPY --from=builder /app/${bin} /${bin}`,
    'COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/',
    nonRootLines(base),
    listenEnv(stack),
    stack.port !== null && `EXPOSE ${stack.port}`,
    `CMD ${execForm([`/${bin}`, ...(stack.listen?.args ?? [])])}`,
  );
}

/** ENV lines that make the server listen on all interfaces (see lib/stacks/listen-address.ts). */
function listenEnv(stack: GoStack): string[] {
  return Object.entries(stack.listen?.env ?? {}).map(([name, value]) => `ENV ${name}=${value}`);
}

export function generateGo(stack: GoStack): GeneratedDockerfiles {
  const bin = stack.binary;
  const singleStage = dockerfile(
    '# Single-stage: the whole Go SDK ships with the binary',
    `FROM ${builderImages.goSdk(stack.goVersion)}`,
    'WORKDIR /app',
    moduleFiles(stack),
    needsDownload(stack) && 'RUN go mod download',
    'COPY . .',
    `RUN go build${stack.vendored ? ' -mod=vendor' : ''} -o ${bin} ${stack.entryPoint}`,
    listenEnv(stack),
    stack.port !== null && `EXPOSE ${stack.port}`,
    `CMD ${execForm([`./${bin}`, ...(stack.listen?.args ?? [])])}`,
  );
  const finalBase = chooseGoFinalBase(stack);
  const others = stack.usesCgo ? [FINAL_BASES.debianSlim] : [FINAL_BASES.distrolessStatic, FINAL_BASES.alpine, FINAL_BASES.debianSlim];
  return {
    singleStage,
    multiStage: multiStage(stack, finalBase.base),
    finalBase,
    alternatives: others.map((base) => ({ base, dockerfile: multiStage(stack, base) })),
    dockerignore: dockerignoreFor(['Dockerfile*', 'docker-compose*.yml', '*.test', 'coverage.out']),
  };
}
