import { describe, expect, it } from 'vitest';
import { compareRunChecks, runCheckSummary } from '@/lib/analyses/run-check-words';
import type { RunCheck } from '@/lib/docker/run-check';

const server = (status: number | null, contentType: string | null, ports = [{ port: 8080, address: '::', loopbackOnly: false }]): RunCheck => ({
  outcome: 'running',
  reason: null,
  exitCode: null,
  output: '2026/11/30 22:00:01 listening on :8080\n',
  seconds: 1.4,
  ports,
  http: { port: 8080, status, contentType, bytes: 37, error: status ? null : 'no answer: the connection was closed or refused' },
});
const program = (exitCode: number, output: string): RunCheck => ({ outcome: 'exited', reason: null, exitCode, output, seconds: 0.3, ports: [], http: null });

describe('run checks in words', () => {
  it('say what an image did', () => {
    expect(runCheckSummary(server(200, 'application/json; charset=utf-8'))).toBe('answers HTTP 200 (application/json) on :8080');
    expect(runCheckSummary(program(0, 'hello\n'))).toBe('ran and exited 0 after 0.3 s');
    expect(runCheckSummary(server(null, null, [{ port: 8080, address: '127.0.0.1', loopbackOnly: true }]))).toBe(
      'listens on 127.0.0.1:8080 only: nothing outside the container reaches it',
    );
    expect(runCheckSummary({ ...program(0, ''), outcome: 'not-started', exitCode: null, reason: 'exec /app: exec format error' })).toBe(
      'did not start: exec /app: exec format error',
    );
  });

  it('find two images alike when they answer the same, whatever the times in their logs', () => {
    const twin = { ...server(200, 'application/json'), output: '2026/11/30 22:07:45 listening on :8080\n' };
    expect(compareRunChecks(server(200, 'application/json'), twin, 'single-stage')).toEqual({ against: 'single-stage', same: true, differences: [] });
    expect(compareRunChecks(program(0, 'out\nerr\n'), program(0, 'err\nout\n'), 'single-stage').same).toBe(true);
  });

  it('say what differs', () => {
    expect(compareRunChecks(server(404, 'text/plain'), server(200, 'application/json'), 'single-stage').differences).toEqual([
      'it answers HTTP 404; the single-stage image answers 200',
      'it answers text/plain; the single-stage image application/json',
    ]);
    const hidden = server(null, null, [{ port: 8080, address: '127.0.0.1', loopbackOnly: true }]);
    expect(compareRunChecks(hidden, server(200, 'text/plain'), 'single-stage').differences).toEqual([
      'this image listens on 127.0.0.1:8080 only: nothing outside the container reaches it; the single-stage image answers HTTP 200 (text/plain) on :8080',
    ]);
    expect(compareRunChecks(program(1, 'boom\n'), program(0, 'hello\n'), 'single-stage').differences).toEqual([
      'it exited 1; the single-stage image exited 0',
      "its output differs from the single-stage image's",
    ]);
    expect(compareRunChecks(program(0, ''), server(200, 'text/plain'), 'repository').same).toBe(false);
  });
});
