'use client';

import { useState } from 'react';
import type { ShareJson } from '@/lib/analyses/analysis-json';
import { formatDate } from '@/lib/format';

const EXPIRY = [
  { label: 'never expires', days: undefined },
  { label: 'expires in 1 day', days: 1 },
  { label: 'expires in 7 days', days: 7 },
  { label: 'expires in 30 days', days: 30 },
] as const;

/** The read-only share link: copy it, revoke it, or make a new one (optionally expiring); the badge for READMEs. */
export function SharePanel({ analysisId, initial }: { analysisId: string; initial: ShareJson }) {
  const [share, setShare] = useState(initial);
  const [expiry, setExpiry] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const call = async (method: 'POST' | 'DELETE') => {
    setBusy(true);
    setError(null);
    const days = EXPIRY[expiry]?.days;
    const response = await fetch(`/api/analyses/${analysisId}/share`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: method === 'POST' ? JSON.stringify(days ? { expiresInDays: days } : {}) : undefined,
    }).catch(() => null);
    setBusy(false);
    if (!response?.ok) {
      const body = (await response?.json().catch(() => null)) as { error?: { message?: string } } | null;
      setError(body?.error?.message ?? 'The server did not answer. Try again.');
      return;
    }
    setShare((await response.json()) as ShareJson);
  };

  return (
    <section className="space-y-2 rounded-lg border border-slate-200 bg-white p-4 text-sm" data-testid="share-panel">
      <label className="font-semibold" htmlFor="share-url">
        Read-only share link
      </label>
      {share.url ? (
        <>
          <input id="share-url" readOnly value={share.url} className="w-full rounded border border-slate-300 px-2 py-1 font-mono text-xs" onFocus={(e) => e.currentTarget.select()} />
          <p className="text-xs text-slate-500">
            Anyone with the link sees this comparison, without an account.{' '}
            {share.expiresAt ? `It expires ${formatDate(share.expiresAt)}.` : 'It does not expire.'}
          </p>
          <label className="block text-xs font-semibold" htmlFor="badge-md">
            Badge for a README (this analysis; or <code>/latest/badge.svg</code> for the newest of this repository)
          </label>
          <input
            id="badge-md"
            readOnly
            value={`[![image size](${share.badgeUrl})](${share.url})`}
            className="w-full rounded border border-slate-300 px-2 py-1 font-mono text-xs"
            onFocus={(e) => e.currentTarget.select()}
          />
        </>
      ) : (
        <p className="text-slate-600" data-testid="share-dead">
          {share.revokedAt ? `Revoked ${formatDate(share.revokedAt)}: the old link shows nothing.` : 'The link has expired.'}
        </p>
      )}
      <div className="flex flex-wrap items-center gap-2">
        {share.url ? (
          <button type="button" disabled={busy} onClick={() => call('DELETE')} className="rounded border border-red-300 px-3 py-1 text-red-700 hover:bg-red-50 disabled:opacity-60">
            Revoke link
          </button>
        ) : null}
        <select aria-label="Expiry of a new link" value={expiry} onChange={(e) => setExpiry(Number(e.target.value))} className="rounded border border-slate-300 px-2 py-1">
          {EXPIRY.map((option, index) => (
            <option key={option.label} value={index}>
              {option.label}
            </option>
          ))}
        </select>
        <button type="button" disabled={busy} onClick={() => call('POST')} className="rounded border border-slate-300 px-3 py-1 hover:bg-slate-50 disabled:opacity-60">
          New link
        </button>
      </div>
      {error ? (
        <p className="text-xs text-red-700" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}
