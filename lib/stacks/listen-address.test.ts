import { describe, expect, it } from 'vitest';
import { goListenFix } from '@/lib/stacks/listen-address';

describe('servers that listen where they can be reached', () => {
  it('give a Go flag that defaults to a loopback address all interfaces', () => {
    expect(goListenFix(['var addr = flag.String("addr", "localhost:8080", "http service address")'])).toMatchObject({ args: ['-addr=:8080'], env: {} });
    expect(goListenFix(['flag.StringVar(&cfg.listen, "http", "127.0.0.1:6060", "listen address")'])).toMatchObject({ args: ['-http=:6060'] });
    expect(goListenFix(['var addr = flag.String("addr", ":8080", "http service address")'])).toBeNull();
  });

  it('set HOST where the program reads it with a loopback fallback', () => {
    const code = 'host := os.Getenv("HOST")\nif host == "" {\n\thost = "localhost"\n}';
    expect(goListenFix([code])).toMatchObject({ args: [], env: { HOST: '0.0.0.0' } });
  });

  it('say so where the address is written in the code', () => {
    const fix = goListenFix(['log.Fatal(http.ListenAndServe("localhost:8080", nil))']);
    expect(fix).toMatchObject({ args: [], env: {} });
    expect(fix!.reason).toMatch(/listens on localhost:8080, written in its code.*Listen on :8080 instead/);
  });
});
