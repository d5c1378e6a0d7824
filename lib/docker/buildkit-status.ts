import protobuf from 'protobufjs';

// BuildKit reports progress as {"id":"moby.buildkit.trace","aux":"<base64 protobuf>"}:
// a StatusResponse of vertexes (steps), their logs and errors. The fields read here,
// from moby/buildkit's api/services/control/control.proto (field numbers are the wire
// contract; unknown fields are skipped by the decoder).
const STATUS_PROTO = {
  nested: {
    StatusResponse: {
      fields: {
        vertexes: { rule: 'repeated', type: 'Vertex', id: 1 },
        logs: { rule: 'repeated', type: 'VertexLog', id: 3 },
      },
    },
    Vertex: {
      fields: {
        digest: { type: 'string', id: 1 },
        name: { type: 'string', id: 3 },
        cached: { type: 'bool', id: 4 },
        started: { type: 'Timestamp', id: 5 },
        completed: { type: 'Timestamp', id: 6 },
        error: { type: 'string', id: 7 },
      },
    },
    VertexLog: {
      fields: {
        vertex: { type: 'string', id: 1 },
        msg: { type: 'bytes', id: 4 },
      },
    },
    Timestamp: {
      fields: {
        seconds: { type: 'int64', id: 1 },
        nanos: { type: 'int32', id: 2 },
      },
    },
  },
};

export interface BuildkitVertex {
  digest: string;
  name: string;
  cached: boolean;
  started: boolean;
  completed: boolean;
  error: string;
}

export interface BuildkitStatus {
  vertexes: BuildkitVertex[];
  logs: { vertex: string; text: string }[];
}

let statusType: protobuf.Type | undefined;

function loadStatusType(): protobuf.Type {
  statusType ??= protobuf.Root.fromJSON(STATUS_PROTO).lookupType('StatusResponse');
  return statusType;
}

interface RawStatus {
  vertexes?: { digest?: string; name?: string; cached?: boolean; started?: unknown; completed?: unknown; error?: string }[];
  logs?: { vertex?: string; msg?: Uint8Array }[];
}

export function decodeBuildkitStatus(base64: string): BuildkitStatus {
  if (!base64) return { vertexes: [], logs: [] };
  const type = loadStatusType();
  const raw = type.toObject(type.decode(Buffer.from(base64, 'base64'))) as RawStatus;
  return {
    vertexes: (raw.vertexes ?? []).map((v) => ({
      digest: v.digest ?? '',
      name: v.name ?? '',
      cached: !!v.cached,
      started: !!v.started,
      completed: !!v.completed,
      error: v.error ?? '',
    })),
    logs: (raw.logs ?? []).map((l) => ({ vertex: l.vertex ?? '', text: Buffer.from(l.msg ?? new Uint8Array()).toString('utf8') })),
  };
}

/** A step of the Dockerfile ("[builder 2/6] RUN ..."), as opposed to internal vertexes. */
export const STEP_NAME = /^\[[^\]]*?\d+\/\d+\]/;

/**
 * Folds status messages into a log and a step counter: a step counts once it
 * completes, out of every step announced so far (BuildKit announces all up front).
 */
export class BuildkitProgress {
  private readonly steps = new Map<string, { name: string; done: boolean }>();
  private readonly announced = new Set<string>();

  /** Returns the log text this message adds. */
  apply(status: BuildkitStatus): string {
    let text = '';
    for (const v of status.vertexes) {
      if (STEP_NAME.test(v.name)) {
        const step = this.steps.get(v.digest) ?? { name: v.name, done: false };
        step.done ||= v.completed && !v.error;
        this.steps.set(v.digest, step);
      }
      if (v.started && !this.announced.has(v.digest) && v.name) {
        this.announced.add(v.digest);
        text += `#${this.announced.size} ${v.name}${v.cached ? ' (cached)' : ''}\n`;
      }
      if (v.error) text += `ERROR ${v.name}: ${v.error}\n`;
    }
    for (const log of status.logs) text += log.text;
    return text;
  }

  get progress(): { step: number; total: number } | undefined {
    if (this.steps.size === 0) return undefined;
    const done = [...this.steps.values()].filter((s) => s.done).length;
    return { step: done, total: this.steps.size };
  }
}
