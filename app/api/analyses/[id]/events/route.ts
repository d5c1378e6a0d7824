import { withErrors } from '@/lib/api/errors';
import { analysisEvents } from '@/lib/analyses/event-stream';
import { takeStreamSlot } from '@/lib/analyses/stream-slots';
import { requireActor } from '@/lib/auth/current-user';
import { quotaKey } from '@/lib/auth/rate-limits';

export const dynamic = 'force-dynamic';

// GET /api/analyses/:id/events - server-sent events: `state`, `log`, then `end`; 429 past EVENT_STREAMS_PER_USER open streams
export const GET = withErrors(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor(request, 'view');
  const { id } = await params;
  const release = takeStreamSlot(quotaKey(actor, request.headers));
  let stream: ReadableStream<Uint8Array>;
  try {
    stream = await analysisEvents(id, request.signal, release);
  } catch (error) {
    release();
    throw error;
  }
  return new Response(stream, {
    headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' },
  });
});
