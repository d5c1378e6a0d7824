'use client';

import { callApi } from '@/components/api-client';
import { useEffect, useRef, useState } from 'react';
import type { AnalysisJson } from '@/lib/analyses/analysis-json';
import type { LogEvent, StateEvent } from '@/lib/analyses/event-stream';

const TERMINAL = new Set(['succeeded', 'failed', 'canceled']);
const POLL_MS = 1500;

export interface LiveAnalysis {
  analysis: AnalysisJson;
  stale: boolean;
  /** build logs as streamed, per variant kind (only with live events) */
  logs: Record<string, string>;
}

async function fetchJson(url: string, signal?: AbortSignal): Promise<AnalysisJson | null> {
  const result = await callApi<AnalysisJson>(url, { cache: 'no-store', signal });
  return result.ok ? result.data : null;
}

/**
 * The analysis until it ends. With `eventsUrl`, progress and build logs arrive as
 * server-sent events, and the whole analysis is fetched again when a variant's state
 * changes; without (share pages), it is polled.
 */
export function useAnalysis(initial: AnalysisJson, url: string, eventsUrl?: string): LiveAnalysis {
  const [analysis, setAnalysis] = useState(initial);
  const [stale, setStale] = useState(false);
  const [logs, setLogs] = useState<Record<string, string>>({});
  const variantStates = useRef('');
  const done = TERMINAL.has(analysis.status);

  useEffect(() => {
    if (done || !eventsUrl) return;
    const source = new EventSource(eventsUrl);
    const refresh = () =>
      fetchJson(url)
        .then((fresh) => fresh && setAnalysis(fresh))
        .catch(() => undefined);
    source.addEventListener('state', (event) => {
      const state = JSON.parse((event as MessageEvent<string>).data) as StateEvent;
      setStale(false);
      setAnalysis((current) => ({
        ...current,
        status: state.status as AnalysisJson['status'],
        error: state.error,
        progress: state.progress,
        variants: current.variants.map((v) => {
          const live = state.variants.find((s) => s.kind === v.kind);
          return live ? { ...v, status: live.status as typeof v.status, steps: live.step && live.total ? { current: live.step, total: live.total } : v.steps } : v;
        }),
      }));
      const states = state.variants.map((v) => `${v.kind}:${v.status}`).join(',');
      if (states !== variantStates.current) {
        variantStates.current = states;
        void refresh();
      }
    });
    source.addEventListener('log', (event) => {
      const log = JSON.parse((event as MessageEvent<string>).data) as LogEvent;
      setLogs((current) => ({ ...current, [log.variant]: (log.reset ? '' : (current[log.variant] ?? '')) + log.text }));
    });
    source.addEventListener('end', () => {
      source.close();
      void refresh();
    });
    source.onerror = () => setStale(source.readyState !== EventSource.OPEN);
    return () => source.close();
  }, [url, eventsUrl, done]);

  useEffect(() => {
    if (done || eventsUrl) return;
    let timer: ReturnType<typeof setTimeout>;
    const controller = new AbortController();
    const poll = async () => {
      try {
        const fresh = await fetchJson(url, controller.signal);
        if (fresh) {
          setAnalysis(fresh);
          setStale(false);
        } else setStale(true);
      } catch {
        if (controller.signal.aborted) return;
        setStale(true);
      }
      timer = setTimeout(poll, POLL_MS);
    };
    timer = setTimeout(poll, POLL_MS);
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [url, eventsUrl, done]);

  return { analysis, stale, logs };
}
