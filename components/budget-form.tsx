'use client';

import { useState, type FormEvent } from 'react';
import { callApi } from '@/components/api-client';
import type { Budget } from '@/lib/repositories/budget';
import type { RepositoryJson } from '@/lib/repositories/repository-json';

const input = 'mt-1 w-full rounded border border-slate-300 px-2 py-1';
const MB = 1_000_000;

/** The repository's budget, as members edit it: blank fields are no rule. */
export function BudgetForm({ repository, kinds, canEdit, onSaved }: { repository: RepositoryJson; kinds: string[]; canEdit: boolean; onSaved: (r: RepositoryJson) => void }) {
  const b = repository.budget;
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const sizeRule = b?.maxSize.find((r) => !r.compressed);
  const compressedRule = b?.maxSize.find((r) => r.compressed);
  const defaultKind = kinds.includes('multi-stage') ? 'multi-stage' : (kinds[0] ?? 'multi-stage');

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const number = (name: string) => {
      const text = String(form.get(name) ?? '').trim();
      return text === '' ? null : Number(text);
    };
    const variant = String(form.get('variant') ?? defaultKind);
    const size = number('maxSizeMb');
    const compressed = number('maxCompressedMb');
    const growth = number('maxGrowthPercent');
    const efficiency = number('minEfficiency');
    const wasted = number('maxWastedMb');
    const baselineRef = String(form.get('baselineRef') ?? '').trim();
    const budget: Budget = {
      maxSize: [
        ...(size !== null ? [{ variant, compressed: false, bytes: Math.round(size * MB) }] : []),
        ...(compressed !== null ? [{ variant, compressed: true, bytes: Math.round(compressed * MB) }] : []),
      ],
      maxGrowth: growth !== null ? { variant, percent: growth } : null,
      baseline: baselineRef ? { ref: baselineRef } : null,
      minEfficiency: efficiency !== null ? { variant, ratio: efficiency } : null,
      maxWasted: wasted !== null ? { variant, bytes: Math.round(wasted * MB) } : null,
    };
    setBusy(true);
    setError(null);
    setSaved(false);
    const answer = await callApi<RepositoryJson>(`/api/repositories/${repository.id}/budget`, { method: 'PUT', json: budget });
    setBusy(false);
    if (!answer.ok) return setError(answer.message);
    setSaved(true);
    onSaved(answer.data);
  }

  const ruleVariant = sizeRule?.variant ?? b?.maxGrowth?.variant ?? b?.minEfficiency?.variant ?? b?.maxWasted?.variant ?? defaultKind;
  return (
    <form onSubmit={save} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 text-sm" data-testid="budget-form">
      <h2 className="font-semibold">Budget</h2>
      <p className="text-slate-500">Every analysis of this repository is held to these rules; blank fields are no rule. The CLI exits 1 when one fails.</p>
      <fieldset disabled={!canEdit || busy} className="grid gap-3 sm:grid-cols-3">
        <label>
          Image
          <select name="variant" defaultValue={ruleVariant} className={input}>
            {[...new Set([...kinds, ruleVariant])].map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        <label>
          Maximum size (MB)
          <input name="maxSizeMb" type="number" min="0" step="any" defaultValue={sizeRule ? sizeRule.bytes / MB : ''} className={input} />
        </label>
        <label>
          Maximum compressed (MB)
          <input name="maxCompressedMb" type="number" min="0" step="any" defaultValue={compressedRule ? compressedRule.bytes / MB : ''} className={input} />
        </label>
        <label>
          Maximum growth (%)
          <input name="maxGrowthPercent" type="number" min="0" step="any" defaultValue={b?.maxGrowth?.percent ?? ''} className={input} />
        </label>
        <label>
          Baseline ref <span className="text-slate-400">(blank: the previous analysis)</span>
          <input name="baselineRef" defaultValue={b?.baseline && 'ref' in b.baseline ? b.baseline.ref : ''} placeholder="main" className={input} />
        </label>
        <label>
          Minimum efficiency (0–1)
          <input name="minEfficiency" type="number" min="0" max="1" step="any" defaultValue={b?.minEfficiency?.ratio ?? ''} className={input} />
        </label>
        <label>
          Maximum wasted (MB)
          <input name="maxWastedMb" type="number" min="0" step="any" defaultValue={b?.maxWasted ? b.maxWasted.bytes / MB : ''} className={input} />
        </label>
      </fieldset>
      {canEdit ? (
        <button type="submit" disabled={busy} className="rounded-md bg-brand px-4 py-2 font-medium text-white disabled:opacity-50">
          Save budget
        </button>
      ) : (
        <p className="text-slate-500">Members and admins set the budget.</p>
      )}
      {saved ? <p className="text-emerald-700">Saved. The newest analysis was judged again.</p> : null}
      {error ? (
        <p className="text-red-700" role="alert">
          {error}
        </p>
      ) : null}
      {repository.budgetUpdatedBy && repository.budgetUpdatedAt ? (
        <p className="text-xs text-slate-500">
          Last set by {repository.budgetUpdatedBy}, {new Date(repository.budgetUpdatedAt).toLocaleString()}
        </p>
      ) : null}
    </form>
  );
}
