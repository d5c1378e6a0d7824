import { describe, expect, it } from 'vitest';
import { readDockerfileRefs, replaceSpans } from '@/lib/build-policy/dockerfile-refs';

describe('readDockerfileRefs', () => {
  it('finds the images a Dockerfile reads, with ARG defaults, and leaves its own stages out', () => {
    const text = [
      'ARG BASE=golang:1.22',
      'FROM ${BASE} AS build',
      'RUN --mount=type=cache,target=/root/.cache --mount=type=bind,from=team/secret:1,target=/s true',
      'COPY --from=build /a /b',
      'COPY --from=other/image:2 /c /d',
      'FROM 0 AS again',
      'FROM scratch',
      'COPY --from=1 /x /y',
    ].join('\n');
    const refs = readDockerfileRefs(text);
    expect(refs.images.map((i) => [i.via, i.ref, i.line])).toEqual([
      ['FROM', 'golang:1.22', 2],
      ['RUN --mount', 'team/secret:1', 3],
      ['COPY --from', 'other/image:2', 5],
      ['FROM', 'scratch', 7],
    ]);
    expect(refs.buildkitFeatures).toEqual(['RUN --mount']);
    expect(
      replaceSpans(
        text,
        refs.images.map((i) => ({ span: i.span, text: `<${i.ref}>` })),
      ),
    ).toContain('FROM <golang:1.22> AS build');
  });

  it('chooses the builder from instructions, never from comments', () => {
    expect(readDockerfileRefs('FROM a\n# RUN --mount=type=cache,target=/x true\nRUN echo --mount=no\n').buildkitFeatures).toEqual([]);
    expect(readDockerfileRefs('FROM a\nRUN <<EOF\necho hi\nEOF\n').buildkitFeatures).toEqual(['RUN with a heredoc']);
    expect(readDockerfileRefs('FROM a\nCOPY --chmod=755 x /x\n').buildkitFeatures).toEqual(['COPY --chmod']);
  });

  it('finds a # syntax= frontend and ADD of URLs and git repositories', () => {
    const refs = readDockerfileRefs(
      '# syntax=docker/dockerfile:1\nFROM a\nADD --chown=1:1 https://example.com/x.tgz ./local.txt /dst/\nADD git@github.com:o/r.git /src\nADD ["http://10.0.0.1/y", "/y"]\n',
    );
    expect(refs.images.filter((i) => i.via === 'syntax')).toMatchObject([{ ref: 'docker/dockerfile:1', line: 1 }]);
    expect(refs.adds.map((a) => [a.line, a.sources.map((s) => s.remote?.kind ?? 'local'), a.destination])).toEqual([
      [3, ['http', 'local'], '/dst/'],
      [4, ['git'], '/src'],
      [5, ['http'], '/y'],
    ]);
    expect(refs.adds[0]!.flags).toEqual([{ name: 'chown', value: '1:1' }]);
  });
});

describe('stages the final image does not need', () => {
  it('are those the last stage does not lead to through FROM, COPY --from or RUN --mount', () => {
    const refs = readDockerfileRefs(
      [
        'FROM golang:1.22 AS build',
        'RUN go build -o /app .',
        'FROM build AS dev-envs',
        'COPY --from=other-team/tools /x /x',
        'RUN <<EOF',
        'echo dev',
        'EOF',
        'FROM node:22 AS assets',
        'RUN echo assets > /a',
        'FROM scratch',
        'COPY --from=build /app /app',
        'RUN --mount=from=assets,target=/m true',
        '',
      ].join('\n'),
    );
    expect(refs.unneededStages).toEqual([{ index: 1, name: 'dev-envs', startLine: 2, endLine: 6 }]);
    expect(refs.images.find((i) => i.ref === 'other-team/tools')).toMatchObject({ stage: 1 });
  });
});
