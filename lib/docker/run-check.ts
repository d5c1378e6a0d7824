import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import { getDocker } from '@/lib/docker/client';
import { variantLabels } from '@/lib/docker/cleanup';
import { demux, ensureHelperImage, helperImage } from '@/lib/docker/helper-image';
import { parseHttpAnswer, parseListening, type HttpAnswer, type ListeningPort } from '@/lib/docker/run-check-parse';

// The run check: an image built is started once, as `docker run` would start it, and
// watched. It gets an internal network of its own (no route out; nothing but the
// probe reaches it), a memory, CPU and process limit, and a deadline. A program that
// ends gives its exit code and first lines; one still running is looked at by a probe
// container of HELPER_IMAGE that shares its network namespace: the TCP ports it listens
// on (/proc/net/tcp), and an HTTP request to its address on the internal network, as
// anything outside the container would make it.

export type { HttpAnswer, ListeningPort } from '@/lib/docker/run-check-parse';

export interface RunCheck {
  /** exited: it ended within the time; running: still running (a server, or a program that waits); not-started: the engine could not start it */
  outcome: 'exited' | 'running' | 'not-started';
  /** why it did not start */
  reason: string | null;
  exitCode: number | null;
  /** its first lines (stdout and stderr as they came) */
  output: string;
  /** how long it was watched */
  seconds: number;
  /** the TCP ports it listened on when looked at */
  ports: ListeningPort[];
  /** the answer to GET / on the port it was asked on (an EXPOSEd one first), for a program still running that listens */
  http: HttpAnswer | null;
}

export interface RunCheckRequest {
  imageId: string;
  analysisId: string;
  kind: string;
  seconds: number;
  memoryBytes: number;
  signal?: AbortSignal;
}

const OUTPUT_LINES = 40;
const OUTPUT_CHARS = 4000;
const POLL_MS = 500;
/** modest file limits: some hosts refuse Podman's raised defaults ("error setting rlimits") */
const ULIMITS = [
  { Name: 'nofile', Soft: 1024, Hard: 1024 },
  { Name: 'nproc', Soft: 1024, Hard: 1024 },
];

function firstLines(text: string): string {
  const lines = text.split('\n');
  const kept = lines.slice(0, OUTPUT_LINES).join('\n');
  const cut = kept.length > OUTPUT_CHARS ? `${kept.slice(0, OUTPUT_CHARS)}…` : kept;
  return lines.length > OUTPUT_LINES ? `${cut}\n… (${lines.length - OUTPUT_LINES} more lines)` : cut;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const labels = (request: RunCheckRequest) => variantLabels(request.analysisId, request.kind);

/** Runs `script` in a probe container inside `target`'s network namespace; returns what it printed. */
async function probe(docker: Docker, target: string, script: string, request: RunCheckRequest): Promise<string> {
  const container = await docker.createContainer({
    Image: helperImage(),
    Entrypoint: ['sh', '-c'],
    Cmd: [script],
    Labels: labels(request),
    HostConfig: { NetworkMode: `container:${target}`, Memory: 64 * 1024 * 1024, PidsLimit: 64, Ulimits: ULIMITS },
  } as Docker.ContainerCreateOptions);
  try {
    await container.start();
    await container.wait();
    return demux((await container.logs({ stdout: true, stderr: true })) as unknown as Buffer);
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}

/**
 * GET / over HTTP/1.0 with busybox nc; prints the raw answer's size and its first 2 kB.
 * The request side stays open until the server closes the connection (a Node.js server
 * drops its answer when the client half-closes first), at most 5 s.
 */
const httpScript = (address: string, port: number) =>
  [
    `(printf 'GET / HTTP/1.0\\r\\nHost: localhost\\r\\nUser-Agent: shipshape-run-check\\r\\n\\r\\n'; sleep 5) | nc -w 5 ${address} ${port} > /tmp/answer 2>/dev/null &`,
    'i=0; while kill -0 $! 2>/dev/null && [ $i -lt 55 ]; do sleep 0.1; i=$((i+1)); done',
    'echo "bytes $(wc -c < /tmp/answer)"; head -c 2048 /tmp/answer',
  ].join('\n');

/** Which port to ask: an EXPOSEd one it listens on, else the lowest it listens on. */
function portToAsk(ports: ListeningPort[], exposed: number[]): ListeningPort | undefined {
  return ports.find((p) => exposed.includes(p.port)) ?? ports[0];
}

export async function runCheck(request: RunCheckRequest): Promise<RunCheck> {
  const docker = getDocker();
  const started = performance.now();
  const seconds = () => Math.round((performance.now() - started) / 100) / 10;
  const image = await docker.getImage(request.imageId).inspect();
  const exposed = Object.keys(image.Config?.ExposedPorts ?? {})
    .filter((p) => p.endsWith('/tcp'))
    .map((p) => Number.parseInt(p, 10));
  const networkName = `shipshape-check-${request.analysisId}-${randomBytes(4).toString('hex')}`;
  const network = await docker.createNetwork({ Name: networkName, Driver: 'bridge', Internal: true, Labels: labels(request) });
  let container: Docker.Container | undefined;
  try {
    try {
      container = await docker.createContainer({
        Image: request.imageId,
        Labels: labels(request),
        HostConfig: {
          NetworkMode: networkName,
          Memory: request.memoryBytes,
          MemorySwap: request.memoryBytes,
          NanoCpus: 1_000_000_000,
          PidsLimit: 256,
          Ulimits: ULIMITS,
          SecurityOpt: ['no-new-privileges'],
        },
      } as Docker.ContainerCreateOptions);
      await container.start();
    } catch (error) {
      return { outcome: 'not-started', reason: engineReason(error), exitCode: null, output: '', seconds: seconds(), ports: [], http: null };
    }
    await ensureHelperImage(docker);
    // a program that ends between two looks leaves no namespace to probe: the next look tells how it ended
    const running = container;
    const look = (script: string) =>
      probe(docker, running.id, script, request).catch(async (error: unknown) => {
        if ((await running.inspect()).State.Running) throw error;
        return '';
      });
    const deadline = started + request.seconds * 1000;
    let ports: ListeningPort[] = [];
    let lastLook = 0;
    for (;;) {
      request.signal?.throwIfAborted();
      const state = (await container.inspect()).State;
      if (!state.Running) {
        const output = demux((await container.logs({ stdout: true, stderr: true })) as unknown as Buffer);
        return { outcome: 'exited', reason: null, exitCode: state.ExitCode, output: firstLines(output), seconds: seconds(), ports: [], http: null };
      }
      if (performance.now() - lastLook > 1500) {
        lastLook = performance.now();
        ports = parseListening(await look('cat /proc/net/tcp /proc/net/tcp6 2>/dev/null'));
        if (ports.length) break;
      }
      if (performance.now() > deadline) break;
      await sleep(POLL_MS);
    }
    const asked = portToAsk(ports, exposed);
    let http: HttpAnswer | null = null;
    if (asked) {
      // as from outside: to its address on the network (a server on loopback only does not answer there)
      const info = await container.inspect();
      const address = info.NetworkSettings.Networks?.[networkName]?.IPAddress || '127.0.0.1';
      // a server may listen before it answers (a development server compiles first): asked again until the deadline
      for (;;) {
        request.signal?.throwIfAborted();
        http = parseHttpAnswer(asked.port, await look(httpScript(address, asked.port)));
        if (http.status !== null || http.bytes > 0 || asked.loopbackOnly || performance.now() > deadline || !(await container.inspect()).State.Running) break;
        await sleep(1000);
      }
    }
    const output = demux((await container.logs({ stdout: true, stderr: true })) as unknown as Buffer);
    return { outcome: 'running', reason: null, exitCode: null, output: firstLines(output), seconds: seconds(), ports, http };
  } finally {
    await container?.remove({ force: true }).catch(() => undefined);
    await network.remove().catch(() => undefined);
  }
}

function engineReason(error: unknown): string {
  const message = (error as { json?: { message?: string } }).json?.message ?? (error as Error).message;
  return message.replace(/^\(HTTP code \d+\)[^:]*:\s*/, '').trim();
}
