import { afterAll, describe, expect, it } from 'vitest';
import { removeAnalysisImages } from '../helpers/docker-cli';
import { analyseFiles } from '../helpers/analyse';
import { useFreshSettings } from '../helpers/test-settings';

// Every image built is started once and watched (lib/docker/run-check.ts): small Go
// repositories of our own, a server whose address flag defaults to localhost (the
// images give it all interfaces), one whose address is written in its code (it answers
// nobody, and the page says so), and a program that ends.

useFreshSettings({ ALLOW_LOCAL_SOURCES: '1' });

const created: string[] = [];
afterAll(() => removeAnalysisImages(created));

const LONG = 10 * 60_000;

const analyse = (main: string) => analyseFiles({ 'go.mod': 'module example.com/app\n\ngo 1.22\n', 'main.go': main }, created);

/** A small server; flagged: its address comes from -addr (default localhost:8080), else it is written in the code. */
const server = (flagged: boolean) => `package main

import (
	${flagged ? '"flag"\n\t' : ''}"fmt"
	"net/http"
)
${flagged ? '\nvar addr = flag.String("addr", "localhost:8080", "http service address")\n' : ''}
func main() {
	${flagged ? 'flag.Parse()\n\t' : ''}http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprintln(w, "hello")
	})
	fmt.Println("listening")
	_ = http.ListenAndServe(${flagged ? '*addr' : '"localhost:8080"'}, nil)
}
`;

describe('the run check', () => {
  it(
    'proves a server whose -addr defaults to localhost answers on all interfaces, in both images alike',
    async () => {
      const analysis = await analyse(server(true));
      expect(analysis.status).toBe('succeeded');
      expect(analysis.stack?.reasons.join('\n')).toMatch(/-addr flag defaults to localhost:8080.*-addr=:8080/);
      for (const kind of ['single-stage', 'multi-stage']) {
        const variant = analysis.variants.find((v) => v.kind === kind)!;
        expect(variant.dockerfile).toMatch(/CMD \[".*app", "-addr=:8080"\]/);
        expect(variant.runCheck, kind).toMatchObject({
          outcome: 'running',
          ports: [{ port: 8080, loopbackOnly: false }],
          http: { status: 200, contentType: 'text/plain', bytes: 6 },
        });
      }
      expect(analysis.variants.find((v) => v.kind === 'multi-stage')!.runCheckComparisons).toEqual([{ against: 'single-stage', same: true, differences: [] }]);
      expect(analysis.warnings).toEqual([]);
    },
    LONG,
  );

  it(
    'shows a server whose address is written in its code listening on loopback only, and warns',
    async () => {
      const analysis = await analyse(server(false));
      const multi = analysis.variants.find((v) => v.kind === 'multi-stage')!;
      expect(multi.runCheck).toMatchObject({ outcome: 'running', ports: [{ port: 8080, address: '127.0.0.1', loopbackOnly: true }], http: { status: null } });
      expect(analysis.stack?.reasons.join('\n')).toMatch(/listens on localhost:8080, written in its code/);
      expect(analysis.warnings).toContainEqual({
        topic: 'run-check',
        message: expect.stringMatching(/^The multi-stage image listens on 127\.0\.0\.1:8080 only: nothing outside the container reaches it/),
      });
    },
    LONG,
  );

  it(
    'records a program that ends: its exit code and first lines, like the single-stage image',
    async () => {
      const analysis = await analyse('package main\n\nimport (\n\t"fmt"\n\t"os"\n)\n\nfunc main() {\n\tfmt.Println("hello from a program")\n\tos.Exit(3)\n}\n');
      for (const kind of ['single-stage', 'multi-stage']) {
        expect(analysis.variants.find((v) => v.kind === kind)!.runCheck, kind).toMatchObject({
          outcome: 'exited',
          exitCode: 3,
          output: 'hello from a program\n',
          ports: [],
          http: null,
        });
      }
      expect(analysis.variants.find((v) => v.kind === 'multi-stage')!.runCheckComparisons).toEqual([{ against: 'single-stage', same: true, differences: [] }]);
    },
    LONG,
  );
});
