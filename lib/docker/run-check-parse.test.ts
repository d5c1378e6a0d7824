import { describe, expect, it } from 'vitest';
import { parseHttpAnswer, parseListening } from '@/lib/docker/run-check-parse';

// /proc/net/tcp and tcp6 as a container's network namespace shows them (lines from a
// Go server on :8080, one on localhost:9090, Docker's DNS resolver, an open connection)
const PROC = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0B00007F:8D6F 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 51231 1 0000000000000000 100 0 0 10 0
   1: 0100007F:2382 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 51232 1 0000000000000000 100 0 0 10 0
   2: 020012AC:1F90 010012AC:B4F2 01 00000000:00000000 00:00000000 00000000     0        0 51233 1 0000000000000000 20 4 30 10 -1
  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000000000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 51230 1 0000000000000000 100 0 0 10 0
   1: 00000000000000000000000001000000:1F91 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 51234 1 0000000000000000 100 0 0 10 0
`;

describe('the run check probe', () => {
  it('reads the listening ports and where they are bound, leaving out the engine’s DNS resolver', () => {
    expect(parseListening(PROC)).toEqual([
      { port: 8080, address: '::', loopbackOnly: false },
      { port: 8081, address: '::1', loopbackOnly: true },
      { port: 9090, address: '127.0.0.1', loopbackOnly: true },
    ]);
    expect(parseListening('')).toEqual([]);
  });

  it('reads an HTTP answer: status, content type and the bytes of its body', () => {
    const answer = 'HTTP/1.0 200 OK\r\nContent-Type: application/json\r\nDate: Mon, 30 Nov 2026 22:00:00 GMT\r\n\r\n{"hello":"from a multi-stage build"}\n';
    expect(parseHttpAnswer(8080, `bytes ${Buffer.byteLength(answer)}\n${answer}`)).toEqual({
      port: 8080,
      status: 200,
      contentType: 'application/json',
      bytes: 37,
      error: null,
    });
    expect(parseHttpAnswer(8080, 'bytes 0\n')).toMatchObject({ status: null, error: expect.stringMatching(/refused/) });
    expect(parseHttpAnswer(6379, 'bytes 10\n-ERR wrong')).toMatchObject({ status: null, bytes: 10, error: 'the answer is not HTTP' });
  });
});
