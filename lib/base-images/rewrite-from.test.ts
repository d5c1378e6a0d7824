import { describe, expect, it } from 'vitest';
import { resolveBaseImage, rewriteFromLines } from '@/lib/base-images/rewrite-from';

const map = {
  'golang:1.22-alpine': 'mirror.example/golang:1.22-alpine',
  'golang:1.22': 'mirror.example/golang:1.22',
  'alpine:3': 'mirror.example/alpine:3',
  'gcr.io/distroless/cc-debian12': 'mirror.example/distroless/cc',
};

describe('resolveBaseImage', () => {
  it('maps exact names, :latest aliases, and leaves the rest and scratch alone', () => {
    expect(resolveBaseImage(map, 'golang:1.22')).toBe('mirror.example/golang:1.22');
    expect(resolveBaseImage(map, 'gcr.io/distroless/cc-debian12:latest')).toBe('mirror.example/distroless/cc');
    expect(resolveBaseImage(map, 'python:3.12-slim')).toBe('python:3.12-slim');
    expect(resolveBaseImage(map, 'scratch')).toBe('scratch');
  });
});

describe('rewriteFromLines', () => {
  it('rewrites every FROM of an upstream image, not stage references', () => {
    const dockerfile = [
      'FROM golang:1.22-alpine AS builder',
      'RUN echo FROM golang:1.22',
      'FROM --platform=linux/amd64 golang:1.22 as tools',
      'from builder AS again',
      'FROM scratch',
      'COPY --from=builder /app/x /x',
    ].join('\n');
    const { dockerfile: out, baseImages } = rewriteFromLines(dockerfile, map);
    expect(out.split('\n')).toEqual([
      'FROM mirror.example/golang:1.22-alpine AS builder',
      'RUN echo FROM golang:1.22',
      'FROM --platform=linux/amd64 mirror.example/golang:1.22 as tools',
      'from builder AS again',
      'FROM scratch',
      'COPY --from=builder /app/x /x',
    ]);
    expect(baseImages).toEqual([
      { requested: 'golang:1.22-alpine', used: 'mirror.example/golang:1.22-alpine' },
      { requested: 'golang:1.22', used: 'mirror.example/golang:1.22' },
      { requested: 'scratch', used: 'scratch' },
    ]);
  });

  it('leaves FROM lines that build an image name from arguments alone', () => {
    const { dockerfile, baseImages } = rewriteFromLines('ARG REGISTRY=docker.io\nFROM ${REGISTRY}/alpine:3\n', map);
    expect(dockerfile).toBe('ARG REGISTRY=docker.io\nFROM ${REGISTRY}/alpine:3\n');
    expect(baseImages).toEqual([]);
  });

  it('rewrites the default of a global ARG that a FROM line uses as its image', () => {
    const map = { 'node:22-slim': 'standin/node:22-slim' };
    const file = 'ARG NODE_IMAGE=node:22-slim\nARG OTHER=keep\nFROM ${NODE_IMAGE} AS deps\nARG NODE_IMAGE=late\nFROM $NODE_IMAGE\n';
    const out = rewriteFromLines(file, map);
    expect(out.dockerfile).toBe('ARG NODE_IMAGE=standin/node:22-slim\nARG OTHER=keep\nFROM ${NODE_IMAGE} AS deps\nARG NODE_IMAGE=late\nFROM $NODE_IMAGE\n');
    expect(out.baseImages).toEqual([{ requested: 'node:22-slim', used: 'standin/node:22-slim' }]);
  });
});
