import { baseImages } from '@/lib/base-images/catalog';
import type { GeneratedDockerfiles, GoStack } from '@/lib/stacks/types';

function copyModuleFiles(stack: GoStack): string {
  return stack.hasGoSum ? 'COPY go.mod go.sum ./' : 'COPY go.mod ./';
}

/** `go mod download` only when there is something to download and no vendor/ directory. */
function downloadStep(stack: GoStack): string[] {
  if (stack.vendored || !stack.hasDependencies) return [];
  return ['RUN go mod download'];
}

export function generateGo(stack: GoStack): GeneratedDockerfiles {
  const mod = stack.vendored ? ' -mod=vendor' : '';
  const expose = stack.port ? [`EXPOSE ${stack.port}`] : [];
  const bin = stack.binary;

  const singleStage = [
    '# Single-stage: the whole Go SDK ships with the binary',
    `FROM ${baseImages.goSdk(stack.goVersion)}`,
    'WORKDIR /app',
    copyModuleFiles(stack),
    ...downloadStep(stack),
    'COPY . .',
    `RUN go build${mod} -o ${bin} ${stack.entryPoint}`,
    ...expose,
    `CMD ["./${bin}"]`,
    '',
  ].join('\n');

  const multiStage = [
    '# Stage 1: build',
    `FROM ${baseImages.goBuilder(stack.goVersion)} AS builder`,
    'WORKDIR /app',
    copyModuleFiles(stack),
    ...downloadStep(stack),
    'COPY . .',
    '# CGO_ENABLED=0: a static binary that runs on scratch; -s -w: no debug symbols',
    `RUN CGO_ENABLED=0 GOOS=linux go build${mod} -ldflags="-s -w" -o ${bin} ${stack.entryPoint}`,
    '',
    '# Stage 2: only the binary and the CA certificates',
    `FROM ${baseImages.staticFinal}`,
    `COPY --from=builder /app/${bin} /${bin}`,
    'COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/',
    ...expose,
    `CMD ["/${bin}"]`,
    '',
  ].join('\n');

  return {
    singleStage,
    multiStage,
    finalBase: {
      image: baseImages.staticFinal,
      reason: 'A Go binary built with CGO_ENABLED=0 is static: it needs no C library, so the final stage is scratch (empty) plus the CA certificates for HTTPS calls.',
    },
  };
}
