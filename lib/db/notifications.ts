import pg from 'pg';
import { databaseKind } from '@/lib/db';
import { getSettings } from '@/lib/env';

// On PostgreSQL, a trigger tells listeners which analysis changed (NOTIFY
// shipshape_analysis, see prisma/postgres/migrations): a live progress stream then
// reads the new state at once, whichever process wrote it. On SQLite (one machine)
// the streams poll.

type Listener = () => void;

interface Hub {
  listeners: Map<string, Set<Listener>>;
  client: pg.Client | null;
  connecting: Promise<void> | null;
}

const cache = globalThis as unknown as { shipshapeNotifications?: Hub };

function hub(): Hub {
  cache.shipshapeNotifications ??= { listeners: new Map(), client: null, connecting: null };
  return cache.shipshapeNotifications;
}

async function connect(state: Hub): Promise<void> {
  const settings = getSettings();
  if (settings.database.kind !== 'postgresql') return;
  const client = new pg.Client({ connectionString: settings.database.url });
  client.on('notification', (message) => {
    for (const listener of state.listeners.get(message.payload ?? '') ?? []) listener();
  });
  client.on('error', () => {
    // the connection dropped: streams keep polling; the next subscriber connects again
    state.client = null;
    state.connecting = null;
  });
  await client.connect();
  await client.query('LISTEN shipshape_analysis');
  state.client = client;
}

/** Calls `listener` whenever the analysis changes (PostgreSQL); returns the unsubscribe. */
export function onAnalysisChange(id: string, listener: Listener): () => void {
  if (databaseKind() !== 'postgresql') return () => undefined;
  const state = hub();
  const set = state.listeners.get(id) ?? new Set();
  set.add(listener);
  state.listeners.set(id, set);
  if (!state.client && !state.connecting)
    state.connecting = connect(state).catch(() => {
      state.connecting = null;
    });
  return () => {
    set.delete(listener);
    if (!set.size) state.listeners.delete(id);
  };
}
