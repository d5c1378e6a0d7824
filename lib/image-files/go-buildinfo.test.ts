import { describe, expect, it } from 'vitest';
import { BuildInfoScanner, parseBuildInfo } from '@/lib/image-files/go-buildinfo';

/** The bytes Go 1.18+ links into a binary: magic, pointer size, flags (inline strings), then two varint-framed strings. */
function buildInfoBytes(goVersion: string, modinfo: string): Buffer {
  const header = Buffer.alloc(32);
  Buffer.from('\xff Go buildinf:', 'latin1').copy(header);
  header[14] = 8;
  header[15] = 0x2;
  const framed = (text: string) => {
    const body = Buffer.from(text, 'utf8');
    return Buffer.concat([Buffer.from([(body.length & 0x7f) | (body.length > 127 ? 0x80 : 0), ...(body.length > 127 ? [body.length >> 7] : [])]), body]);
  };
  const sentinel = 'x'.repeat(16);
  return Buffer.concat([header, framed(goVersion), framed(`${sentinel}${modinfo}${sentinel}`)]);
}

const MODINFO =
  'path\texample.com/hello\nmod\texample.com/hello\t(devel)\t\ndep\tgithub.com/go-chi/chi/v5\tv5.0.12\th1:abc=\ndep\tgolang.org/x/sys\tv0.20.0\th1:def=\nbuild\t-trimpath=true\n';

describe("Go's build information", () => {
  it('reads the Go version, the main module and every module compiled in', () => {
    expect(parseBuildInfo(buildInfoBytes('go1.22.12', MODINFO))).toEqual({
      goVersion: 'go1.22.12',
      main: { path: 'example.com/hello', version: '(devel)' },
      deps: [
        { path: 'github.com/go-chi/chi/v5', version: 'v5.0.12' },
        { path: 'golang.org/x/sys', version: 'v0.20.0' },
      ],
    });
  });

  it('is found in a binary streamed in chunks, the magic split between two of them', () => {
    const binary = Buffer.concat([Buffer.alloc(5000, 1), buildInfoBytes('go1.22.12', MODINFO), Buffer.alloc(3000, 2)]);
    const scanner = new BuildInfoScanner();
    for (let at = 0; at < binary.length; at += 5005) scanner.push(binary.subarray(at, at + 5005));
    expect(scanner.found()?.main?.path).toBe('example.com/hello');
    const none = new BuildInfoScanner();
    none.push(Buffer.alloc(10_000, 3));
    expect(none.found()).toBeNull();
  });

  it('the layout before Go 1.18 (pointers instead of strings) is not guessed at', () => {
    const old = buildInfoBytes('go1.17', MODINFO);
    old[15] = 0;
    expect(parseBuildInfo(old)).toBeNull();
  });
});
