import { getDb } from '@/lib/db';
import { variantLogFrom, variantLogLengths } from '@/lib/db/dialect';
import { onAnalysisChange } from '@/lib/db/notifications';
import { NotFoundError } from '@/lib/errors';
import { TERMINAL_STATUSES, type AnalysisProgress } from '@/lib/analyses/kinds';
import { log } from '@/lib/log';

// Server-sent events for one analysis: `state` (status, progress, the variants'
// steps) whenever it changes, `log` with each variant's build log (first what is
// stored, then the new text as it comes), and `end` once the analysis has ended.
// The database is the source (a worker may be another process), read twice a second
// with short queries, and at once when PostgreSQL announces a change (LISTEN/NOTIFY):
// only the part of each log not yet sent is read.

const POLL_MS = 500;
const KEEPALIVE_MS = 15_000;

export interface StateEvent {
  status: string;
  error: string | null;
  progress: AnalysisProgress | null;
  variants: { kind: string; status: string; step: number | null; total: number | null }[];
}

export interface LogEvent {
  variant: string;
  /** the log starts again (it was rewritten, e.g. cut at the cap) */
  reset?: boolean;
  text: string;
}

interface VariantRow {
  kind: string;
  status: string;
  stepCurrent: number | null;
  stepTotal: number | null;
  len: number | bigint;
}

function encode(event: string, data: unknown): Uint8Array {
  return new TextEncoder().encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/**
 * The stream of one analysis's events; it closes at the end, or when `signal` aborts or
 * the reader cancels. `onClose` runs once, however it closes; polling stops with it.
 */
export async function analysisEvents(id: string, signal: AbortSignal, onClose: () => void = () => {}): Promise<ReadableStream<Uint8Array>> {
  const db = getDb();
  if (!(await db.analysis.findUnique({ where: { id }, select: { id: true } }))) throw new NotFoundError(`No analysis with id "${id}".`);
  const sent = new Map<string, number>();
  let lastState = '';
  let timer: NodeJS.Timeout | undefined;
  let lastWrite = Date.now();
  let closed = false;
  let unsubscribe = () => {};
  /** stops polling and gives the slot back; the stream itself is closed by the caller if need be */
  const stop = () => {
    if (closed) return false;
    closed = true;
    clearTimeout(timer);
    unsubscribe();
    signal.removeEventListener('abort', onAbort);
    onClose();
    return true;
  };
  let onAbort = () => {};

  return new ReadableStream<Uint8Array>({
    start(controller) {
      const close = () => {
        if (!stop()) return;
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      const send = (event: string, data: unknown) => {
        if (closed) return;
        controller.enqueue(encode(event, data));
        lastWrite = Date.now();
      };
      onAbort = close;
      if (signal.aborted) return close();
      signal.addEventListener('abort', onAbort, { once: true });

      const poll = async () => {
        const analysis = await db.analysis.findUnique({ where: { id }, select: { status: true, error: true, progress: true } });
        if (closed) return;
        if (!analysis) return close();
        const variants: VariantRow[] = await variantLogLengths(id);
        for (const variant of variants) {
          const len = Number(variant.len);
          const from = sent.get(variant.kind) ?? 0;
          if (len === from) continue;
          const reset = len < from;
          const start = reset ? 0 : from;
          const text = await variantLogFrom(id, variant.kind, start);
          sent.set(variant.kind, start + [...text].length); // both databases count code points
          send('log', { variant: variant.kind, text, ...(reset ? { reset: true } : {}) } satisfies LogEvent);
        }
        const state: StateEvent = {
          status: analysis.status,
          error: analysis.error,
          progress: analysis.progress,
          variants: variants.map((v) => ({ kind: v.kind, status: v.status, step: v.stepCurrent, total: v.stepTotal })),
        };
        const stateText = JSON.stringify(state);
        if (stateText !== lastState) {
          lastState = stateText;
          send('state', state);
        }
        if (TERMINAL_STATUSES.has(analysis.status)) {
          send('end', { status: analysis.status });
          return close();
        }
        if (Date.now() - lastWrite > KEEPALIVE_MS) {
          controller.enqueue(new TextEncoder().encode(': keep-alive\n\n'));
          lastWrite = Date.now();
        }
      };

      let polling = false;
      let again = false;
      const loop = () => {
        // one read at a time; a change announced meanwhile is read right after
        if (polling) {
          again = true;
          return;
        }
        polling = true;
        clearTimeout(timer);
        poll()
          .catch((error: unknown) => {
            if (closed) return;
            try {
              send('error', { message: 'The progress could not be read; reload the page.' });
            } catch {
              // the reader is gone
            }
            log.error({ err: error }, 'event stream failed');
            close();
          })
          .finally(() => {
            polling = false;
            if (closed) return;
            if (again) {
              again = false;
              loop();
            } else timer = setTimeout(loop, POLL_MS);
          });
      };
      // on PostgreSQL a change is announced the moment any process writes it
      unsubscribe = onAnalysisChange(id, loop);
      loop();
    },
    cancel() {
      // the reader went away (the page closed): no more polling, the slot is free
      stop();
    },
  });
}
