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
    expect(multiStage).toContain('FROM golang:1.22-alpine AS builder');
    expect(multiStage).toContain('RUN CGO_ENABLED=0 GOOS=linux go build -ldflags="-s -w" -o api ./cmd/api');
    expect(multiStage).toContain('FROM scratch\nCOPY --from=builder /app/api /api\nCOPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/');
    expect(multiStage).toContain('EXPOSE 8080');
    expect(multiStage).toContain('CMD ["/api"]');
    expect(multiStage).not.toMatch(/COPY --from=builder \/app \/app/);
    expect(finalBase.image).toBe('scratch');
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
    expect(multiStage).toContain('FROM golang:1.23-alpine AS builder');
  });
});
