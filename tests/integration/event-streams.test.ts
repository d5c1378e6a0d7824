import { describe, expect, it, vi } from 'vitest';
import { useFreshSettings } from '../helpers/test-settings';

// Live progress streams per user are capped (EVENT_STREAMS_PER_USER); a stream that
// closes, by the client going away or by the reader cancelling, gives its slot back
// and stops reading the database. No worker runs: the analysis stays queued, so its
// streams stay open until closed.

useFreshSettings({ RUN_WORKER: '0', EVENT_STREAMS_PER_USER: '3' });
const events = await import('@/app/api/analyses/[id]/events/route');
const { createAnalysis } = await import('@/lib/analyses/create-analysis');
const { openStreams } = await import('@/lib/analyses/stream-slots');
const { getDb } = await import('@/lib/db');

const KEY = 'address:unknown'; // SINGLE_USER=1, and no socket: the one local client
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function open(id: string, signal: AbortSignal) {
  return events.GET(new Request(`http://shipshape.test/api/analyses/${id}/events`, { signal }), { params: Promise.resolve({ id }) });
}

describe('event streams', () => {
  it('are capped per user, and a closed stream frees its slot and stops polling', async () => {
    const { id } = await createAnalysis({ type: 'sample', name: 'go' });
    const controllers = [new AbortController(), new AbortController(), new AbortController()];
    const streams = await Promise.all(controllers.map((c) => open(id, c.signal)));
    expect(streams.map((s) => s.status)).toEqual([200, 200, 200]);
    const readers = streams.map((s) => s.body!.getReader());
    for (const reader of readers) expect(new TextDecoder().decode((await reader.read()).value)).toContain('event: state');
    expect(openStreams(KEY)).toBe(3);

    const fourth = await open(id, new AbortController().signal);
    expect(fourth.status).toBe(429);
    expect((await fourth.json()).error).toMatchObject({ code: 'too_many_streams', message: expect.stringMatching(/3 live progress streams.*EVENT_STREAMS_PER_USER/) });

    // the client goes away (the request's signal), or the reader cancels
    controllers[0]!.abort();
    await readers[1]!.cancel();
    await sleep(50);
    expect(openStreams(KEY)).toBe(1);
    const replacement = await open(id, new AbortController().signal);
    expect(replacement.status).toBe(200);
    await replacement.body!.cancel();

    // the last open stream polls the database; once it closes, nothing does
    const queries = vi.spyOn(getDb(), '$queryRaw');
    await sleep(700);
    expect(queries).toHaveBeenCalled();
    controllers[2]!.abort();
    await sleep(50);
    expect(openStreams(KEY)).toBe(0);
    queries.mockClear();
    await sleep(1500);
    expect(queries).not.toHaveBeenCalled();
    // an unknown analysis gives its slot back too
    expect((await open('nope', new AbortController().signal)).status).toBe(404);
    expect(openStreams(KEY)).toBe(0);
  });
});
