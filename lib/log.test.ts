import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLog } from '@/lib/log';

// The server log is JSON lines with the analysis id and the stack, and no secret.

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { log: createLog(stream), lines };
}

describe('the log', () => {
  it('carries the analysis id and the error with its stack', () => {
    const { log, lines } = capture();
    log.child({ analysisId: 'a1' }).error({ err: new Error('the engine went away') }, 'analysis failed unexpectedly');
    expect(lines[0]).toMatchObject({ level: 50, analysisId: 'a1', msg: 'analysis failed unexpectedly', err: { message: 'the engine went away', type: 'Error' } });
    expect((lines[0]!.err as { stack: string }).stack).toMatch(/log\.test\.ts/);
  });

  it('never holds a password, a token or the credentials of a URL', () => {
    const { log, lines } = capture();
    log.info({ password: 'hunter2', source: { token: 'ghp_secret', url: 'https://ada:ghp_inline@git.example.com/r.git' } }, 'cloning https://bob:s3cret@git.example.com/x.git');
    log.error({ err: new Error('connect to postgresql://shipshape:pg-password@db:5432/shipshape refused') }, 'database down');
    const text = JSON.stringify(lines);
    for (const secret of ['hunter2', 'ghp_secret', 'ghp_inline', 's3cret', 'pg-password']) expect(text).not.toContain(secret);
    expect(lines[0]).toMatchObject({ password: '<redacted>', msg: 'cloning https://<credentials>@git.example.com/x.git' });
  });
});
