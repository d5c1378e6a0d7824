import { describe, expect, it } from 'vitest';
import { generateGo } from '@/lib/stacks/go/generate-go';
import type { GoStack } from '@/lib/stacks/types';

const base: GoStack = {
  language: 'go',
  buildTool: 'go',
  module: 'example.com/app',
  goVersion: '1.22',
  entryPoint: '.',
  entryPoints: ['.'],
  binary: 'app',
  vendored: false,
  hasGoSum: true,
  hasDependencies: true,
  usesCgo: false,
  port: 8080,
  reasons: [],
  sourceFile: 'main.go',
};

describe('generateGo', () => {
  it('writes the single-stage Dockerfile people write first', () => {
    const { singleStage } = generateGo(base);
    expect(singleStage).toContain('FROM golang:1.22\n');
    expect(singleStage).toContain('COPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o app .\n');
    expect(singleStage).toContain('CMD ["./app"]');
    expect(singleStage.match(/^FROM /gm)).toHaveLength(1);
  });

  it('writes the seed multi-stage Dockerfile: static binary on scratch with CA certificates', () => {
    const { multiStage, finalBase } = generateGo({ ...base, entryPoint: './cmd/api', binary: 'api' });
    expect(multiStage).toContain('FROM --platform=$BUILDPLATFORM golang:1.22-alpine AS builder\nARG TARGETOS\nARG TARGETARCH\n');
    expect(multiStage).toContain(
      'RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath -ldflags="-s -w" -o api ./cmd/api',
    );
    expect(multiStage).toContain('RUN --mount=type=cache,target=/go/pkg/mod go mod download');
    expect(multiStage).toContain('FROM scratch\nCOPY --from=builder /app/api /api\nCOPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/');
    expect(multiStage).toContain('EXPOSE 8080');
    expect(multiStage).toContain('CMD ["/api"]');
    // not root: scratch has no way to make a user, so the numeric one distroless calls nonroot
    expect(multiStage).toContain('\nUSER 65532:65532\n');
    expect(multiStage).not.toMatch(/COPY --from=builder \/app \/app/);
    expect(finalBase.base.image).toBe('scratch');
  });

  it('moves a cgo binary off scratch onto distroless/cc, built on the full SDK, and says why', () => {
    const { multiStage, finalBase, alternatives } = generateGo({ ...base, usesCgo: true });
    expect(multiStage).toContain('FROM --platform=$BUILDPLATFORM golang:1.22 AS builder');
    expect(multiStage).toContain('CGO_ENABLED=1 CC=target-cc GOOS=$TARGETOS GOARCH=$TARGETARCH go build');
    // the cross compiler only for another CPU; the engine's own gcc otherwise
    expect(multiStage).toContain('RUN if [ "$TARGETARCH" = "$BUILDARCH" ]; then ln -s "$(command -v gcc)" /usr/local/bin/target-cc; else');
    expect(multiStage).toContain('apt-get install -y --no-install-recommends "gcc-$(echo "$triple" | tr _ -)" "libc6-dev-$TARGETARCH-cross"');
    expect(multiStage).toContain('FROM gcr.io/distroless/cc-debian12\n');
    expect(multiStage).toContain('\nUSER 65532:65532\n');
    expect(multiStage).not.toContain('FROM scratch');
    expect(finalBase.base.id).toBe('distroless-cc');
    expect(finalBase.reason).toMatch(/scratch it would not start/);
    expect(alternatives.map((a) => a.base.image)).toEqual(['debian:bookworm-slim']);
  });

  it("offers the other bases of the seed's table for a static binary", () => {
    const { alternatives } = generateGo(base);
    expect(alternatives.map((a) => a.base.image)).toEqual(['gcr.io/distroless/static-debian12', 'alpine:3.21', 'debian:bookworm-slim']);
    for (const alt of alternatives) expect(alt.dockerfile).toContain(`FROM ${alt.base.image}\nCOPY --from=builder /app/app /app`);
  });

  it('skips the module download for vendored or dependency-free modules', () => {
    const vendored = generateGo({ ...base, vendored: true });
    expect(vendored.multiStage).not.toContain('go mod download');
    expect(vendored.multiStage).toContain('go build -mod=vendor');
    const stdlib = generateGo({ ...base, hasDependencies: false, hasGoSum: false, port: null });
    expect(stdlib.singleStage).toContain('COPY go.mod ./\nCOPY . .');
    expect(stdlib.singleStage).not.toContain('EXPOSE');
  });

  it('uses the Go release detection chose', () => {
    const { singleStage, multiStage } = generateGo({ ...base, goVersion: '1.23' });
    expect(singleStage).toContain('FROM golang:1.23\n');
    expect(multiStage).toContain('FROM --platform=$BUILDPLATFORM golang:1.23-alpine AS builder');
  });

  it("builds on the engine's own platform and leaves only the final stage to the target (no emulation)", async () => {
    const { platformNeeds } = await import('@/lib/stacks/platform-needs');
    expect(platformNeeds(generateGo(base).multiStage)).toEqual({ targetStages: [], runsOnTarget: null });
    const cgo = platformNeeds(generateGo({ ...base, usesCgo: true }).multiStage);
    expect(cgo.targetStages.map((s) => s.image)).toEqual(['gcr.io/distroless/cc-debian12']);
    expect(cgo.runsOnTarget).toBeNull();
  });

  it('runs a server whose address flag defaults to localhost on all interfaces, in both images', () => {
    const { singleStage, multiStage } = generateGo({ ...base, binary: 'api', listen: { args: ['-addr=:8080'], env: {} } });
    expect(singleStage).toContain('CMD ["./api", "-addr=:8080"]');
    expect(multiStage).toContain('CMD ["/api", "-addr=:8080"]');
    const host = generateGo({ ...base, binary: 'api', listen: { args: [], env: { HOST: '0.0.0.0' } } });
    expect(host.multiStage).toContain('ENV HOST=0.0.0.0\n');
    expect(host.singleStage).toContain('ENV HOST=0.0.0.0\n');
  });
});
