// Servers that listen where they can be reached. A program that binds localhost:8080
// inside a container answers nobody outside it: the run check shows it (a port bound to
// a loopback address), and where the program takes its address from a flag or a
// variable, the generated Dockerfiles give it all interfaces.

export interface ListenFix {
  /** arguments added to the command, e.g. ["-addr=:8080"] */
  args: string[];
  /** variables set, e.g. { HOST: "0.0.0.0" } */
  env: Record<string, string>;
  /** why, in the words shown with the stack */
  reason: string;
}

const LOOPBACK = '(?:localhost|127\\.0\\.0\\.1|\\[::1\\])';

/**
 * Go: a flag (`flag.String("addr", "localhost:8080", …)`, `flag.StringVar(&a, "http", …)`)
 * whose default is a loopback address gets `-<flag>=:<port>`; a HOST variable read with a
 * loopback fallback gets HOST=0.0.0.0. A literal address in the code cannot be changed
 * from outside: that is said, and left to the run check.
 */
export function goListenFix(texts: string[]): ListenFix | null {
  const flag = new RegExp(`flag\\.String(?:Var)?\\(\\s*(?:&[\\w.]+\\s*,\\s*)?"([\\w-]+)"\\s*,\\s*"(${LOOPBACK}:(\\d{2,5}))"`);
  const hostVar = new RegExp(`os\\.Getenv\\("(HOST|[A-Z_]*HOST)"\\)[\\s\\S]{0,120}?"${LOOPBACK}"`);
  const literal = new RegExp(`(?:ListenAndServe(?:TLS)?|net\\.Listen\\("tcp",)\\(?\\s*"(${LOOPBACK}:\\d{2,5})"`);
  for (const text of texts) {
    const f = flag.exec(text);
    if (f) {
      const [, name, address, port] = f;
      return {
        args: [`-${name}=:${port}`],
        env: {},
        reason: `The program's -${name} flag defaults to ${address}, which nothing outside a container reaches: the images run it with -${name}=:${port} (all interfaces).`,
      };
    }
    const h = hostVar.exec(text);
    if (h) {
      return {
        args: [],
        env: { [h[1]!]: '0.0.0.0' },
        reason: `The program listens on ${h[1]} and falls back to a loopback address: the images set ${h[1]}=0.0.0.0 (all interfaces).`,
      };
    }
  }
  for (const text of texts) {
    const l = literal.exec(text);
    if (l) {
      return {
        args: [],
        env: {},
        reason: `The program listens on ${l[1]}, written in its code: nothing outside a container reaches it, and no flag or variable changes it. Listen on :${l[1]!.split(':').pop()} instead (the run check shows what it does).`,
      };
    }
  }
  return null;
}
