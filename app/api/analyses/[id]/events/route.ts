import { withErrors } from '@/lib/api/errors';
import { analysisEvents } from '@/lib/analyses/event-stream';
import { requireActor } from '@/lib/auth/current-user';

export const dynamic = 'force-dynamic';

// GET /api/analyses/:id/events - server-sent events: `state`, `log`, then `end`
export const GET = withErrors(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  await requireActor(request, 'view');
  const { id } = await params;
  const stream = await analysisEvents(id, request.signal);
  return new Response(stream, {
    headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' },
  });
});
