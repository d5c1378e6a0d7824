'use client';

import { callApi } from '@/components/api-client';
import { useState } from 'react';
import type { ShareJson } from '@/lib/share/share-json';
import { formatDate } from '@/lib/format';

export interface SharingRights {
  /** members and admins make and revoke links */
  canShare: boolean;
  /** admins of a team instance: lock and unlock sharing, and share what is locked */
  isAdmin: boolean;
  /** SHARE_DEFAULT_DAYS, the expiry picked at first; 0 = none */
  defaultDays: number;
}

function expiryChoices(defaultDays: number): { label: string; days: number | null }[] {
  const days = [...new Set([1, 7, 30, 90, 365, ...(defaultDays ? [defaultDays] : [])])].sort((a, b) => a - b);
  return [...days.map((d) => ({ label: `expires in ${d} ${d === 1 ? 'day' : 'days'}`, days: d as number | null })), { label: 'never expires', days: null }];
}

function stateWords(share: ShareJson): string {
  if (!share.sharedAt) return 'Not shared: only people signed in to Shipshape see this analysis.';
  if (share.revokedAt) return `Revoked ${formatDate(share.revokedAt)}: the old link shows nothing.`;
  return `The link expired ${share.expiresAt ? formatDate(share.expiresAt) : ''}: it shows nothing.`;
}

/**
 * The read-only share link. Nothing is public until someone shares on purpose: pick the
 * expiry and whether the build logs go with it, then copy the link and the README badge,
 * revoke it, or make a new one. Admins can lock sharing (an admin's revoke locks it too).
 */
export function SharePanel({ analysisId, initial, rights }: { analysisId: string; initial: ShareJson; rights: SharingRights }) {
  const choices = expiryChoices(rights.defaultDays);
  const [share, setShare] = useState(initial);
  const [expiry, setExpiry] = useState(
    Math.max(
      0,
      choices.findIndex((c) => c.days === (rights.defaultDays || null)),
    ),
  );
  const [includeLogs, setIncludeLogs] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const call = async (method: 'POST' | 'DELETE', path = '') => {
    setBusy(true);
    setError(null);
    const json = method === 'POST' && !path ? { expiresInDays: choices[expiry]?.days ?? null, includeLogs } : undefined;
    const result = await callApi<ShareJson>(`/api/analyses/${analysisId}/share${path}`, { method, json });
    setBusy(false);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    setShare(result.data);
  };

  const mayShare = rights.canShare && (!share.locked || rights.isAdmin);
  const button = 'rounded border border-slate-300 px-3 py-1 hover:bg-slate-50 disabled:opacity-60';
  return (
    <section className="space-y-2 rounded-lg border border-slate-200 bg-white p-4 text-sm" data-testid="share-panel">
      <label className="font-semibold" htmlFor="share-url">
        Read-only share link
      </label>
      {share.url ? (
        <>
          <input
            id="share-url"
            readOnly
            value={share.url}
            className="w-full rounded border border-slate-300 px-2 py-1 font-mono text-xs"
            onFocus={(e) => e.currentTarget.select()}
          />
          <p className="text-xs text-slate-500">
            Anyone with the link sees this comparison, without an account{share.includeLogs ? ', build logs included' : ' (not the build logs)'}.{' '}
            {share.expiresAt ? `It expires ${formatDate(share.expiresAt)}.` : 'It does not expire.'}
          </p>
          <label className="block text-xs font-semibold" htmlFor="badge-md">
            Badge for a README (this analysis; or <code>/latest/badge.svg</code> for the newest shared analysis of this repository)
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
          {stateWords(share)}
        </p>
      )}
      {share.locked ? (
        <p className="text-amber-800" data-testid="share-locked">
          An admin locked sharing of this analysis{share.lockedAt ? ` (${formatDate(share.lockedAt)})` : ''}: only an admin can make a new link.
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-2">
        {share.url && rights.canShare ? (
          <button type="button" disabled={busy} onClick={() => call('DELETE')} className="rounded border border-red-300 px-3 py-1 text-red-700 hover:bg-red-50 disabled:opacity-60">
            Revoke link
          </button>
        ) : null}
        {mayShare ? (
          <>
            <select aria-label="Expiry of a new link" value={expiry} onChange={(e) => setExpiry(Number(e.target.value))} className="rounded border border-slate-300 px-2 py-1">
              {choices.map((choice, index) => (
                <option key={choice.label} value={index}>
                  {choice.label}
                </option>
              ))}
            </select>
            <label className="flex items-center gap-1">
              <input type="checkbox" checked={includeLogs} onChange={(e) => setIncludeLogs(e.target.checked)} />
              include build logs
            </label>
            <button type="button" disabled={busy} onClick={() => call('POST')} className={button}>
              {share.url ? 'New link' : 'Create share link'}
            </button>
          </>
        ) : null}
        {rights.isAdmin ? (
          <button type="button" disabled={busy} onClick={() => call(share.locked ? 'DELETE' : 'POST', '/lock')} className={button}>
            {share.locked ? 'Unlock sharing' : 'Lock sharing'}
          </button>
        ) : null}
      </div>
      {rights.isAdmin && share.url && !share.locked ? <p className="text-xs text-slate-500">Revoking as an admin also locks sharing: members cannot make a new link.</p> : null}
      {error ? (
        <p className="text-xs text-red-700" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}
