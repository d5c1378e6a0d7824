'use client';

import { useEffect, useState } from 'react';
import type { AnalysisJson } from '@/lib/analyses/analysis-json';

const TERMINAL = new Set(['succeeded', 'failed', 'canceled']);
const POLL_MS = 1500;

/** The analysis, refreshed from the API until it reaches a final state. */
export function useAnalysis(initial: AnalysisJson, url: string): { analysis: AnalysisJson; stale: boolean } {
  const [analysis, setAnalysis] = useState(initial);
  const [stale, setStale] = useState(false);
  const done = TERMINAL.has(analysis.status);

  useEffect(() => {
    if (done) return;
    let timer: ReturnType<typeof setTimeout>;
    const controller = new AbortController();
    const poll = async () => {
      try {
        const response = await fetch(url, { cache: 'no-store', signal: controller.signal });
        if (response.ok) {
          setAnalysis((await response.json()) as AnalysisJson);
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
  }, [url, done]);

  return { analysis, stale };
}
