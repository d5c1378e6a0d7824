import { describe, expect, it } from 'vitest';
import { platformNeeds } from '@/lib/stacks/platform-needs';

describe('platformNeeds', () => {
  it('a cross-compiling builder and a scratch final stage need nothing of the target', () => {
    const file = 'FROM --platform=$BUILDPLATFORM golang:1.22 AS builder\nRUN go build -o /app .\nFROM scratch\nCOPY --from=builder /app /app\n';
    expect(platformNeeds(file)).toEqual({ targetStages: [], runsOnTarget: null });
  });

  it('a final stage of the target needs its base for the target, and a RUN there needs to execute on it', () => {
    const file = [
      'FROM --platform=${BUILDPLATFORM} maven:3 AS builder',
      'RUN mvn package',
      'FROM eclipse-temurin:21-jre',
      'RUN useradd app \\',
      '    --uid 1001',
      'COPY --from=builder /app/app.jar app.jar',
    ].join('\n');
    expect(platformNeeds(file)).toEqual({
      targetStages: [{ image: 'eclipse-temurin:21-jre', line: 3, firstRun: 'useradd app --uid 1001' }],
      runsOnTarget: { image: 'eclipse-temurin:21-jre', command: 'useradd app --uid 1001' },
    });
  });

  it('a builder without --platform runs on the target (pip, npm: what they install is per CPU)', () => {
    const file = 'FROM python:3.12-slim AS builder\nRUN pip install -r requirements.txt\nFROM python:3.12-slim\nCOPY --from=builder /install /usr/local\n';
    const needs = platformNeeds(file);
    expect(needs.targetStages.map((s) => s.image)).toEqual(['python:3.12-slim']);
    expect(needs.runsOnTarget).toEqual({ image: 'python:3.12-slim', command: 'pip install -r requirements.txt' });
  });

  it('a stage FROM another stage runs where that one does', () => {
    const file = 'FROM --platform=$BUILDPLATFORM debian:12 AS base\nFROM base AS builder\nRUN make\nFROM debian:12-slim\n';
    expect(platformNeeds(file)).toEqual({ targetStages: [{ image: 'debian:12-slim', line: 4, firstRun: null }], runsOnTarget: null });
  });
});
