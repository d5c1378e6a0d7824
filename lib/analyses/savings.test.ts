import { describe, expect, it } from 'vitest';
import { baseBytesOf, savingSplits } from '@/lib/analyses/savings';
import { finalBaseImage } from '@/lib/docker/base-layers';

/** An image of layers given bottom first, `base` of them its base image's. */
const image = (kind: string, bottomFirst: number[], base: number | null) => ({
  kind,
  sizeBytes: bottomFirst.reduce((a, b) => a + b, 0),
  baseLayers: base,
  layers: bottomFirst.map((sizeBytes, i) => ({ position: bottomFirst.length - 1 - i, sizeBytes })),
});

describe('where a saving comes from', () => {
  it('splits it into a smaller base and less added on top', () => {
    const repository = image('repository', [80_000_000, 5_000_000, 400_000_000, 20_000_000], 2);
    const multi = image('multi-stage', [8_000_000, 0, 12_000_000], 1);
    expect(baseBytesOf(repository)).toBe(85_000_000);
    expect(baseBytesOf(multi)).toBe(8_000_000);
    expect(savingSplits([repository, multi])).toEqual([{ against: 'repository', fromBaseBytes: 77_000_000, fromLayersBytes: 408_000_000 }]);
    // scratch: no base layer at all
    expect(baseBytesOf(image('multi-stage', [5_000_000], 0))).toBe(0);
    // a base that could not be told gives no split
    expect(savingSplits([image('single-stage', [1, 2], null), multi])).toEqual([]);
  });

  it('finds the final stage’s base through the stages it names', () => {
    expect(finalBaseImage('FROM golang:1.22 AS builder\nRUN go build\nFROM scratch\nCOPY --from=builder /app /app\n')).toBe('scratch');
    expect(finalBaseImage('FROM node:22 AS base\nFROM base AS deps\nRUN npm ci\nFROM deps\nCMD ["node", "x"]\n')).toBe('node:22');
    expect(finalBaseImage('FROM --platform=$BUILDPLATFORM golang:1.22 AS b\nFROM gcr.io/distroless/static-debian12\n')).toBe('gcr.io/distroless/static-debian12');
    expect(finalBaseImage('ARG BASE=alpine\nFROM ${BASE}\n')).toBeNull();
  });
});
