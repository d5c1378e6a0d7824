'use client';

import type { FormEvent } from 'react';
import { useSubmitAnalysis } from '@/components/submit-analysis';
import { SubmitSampleButton } from '@/components/submit-sample-button';
import { ImageForms } from './image-forms';

interface Sample {
  name: string;
  title: string;
  description: string;
}

const input = 'mt-1 w-full rounded border border-slate-300 px-3 py-2';

/** The analysis options both forms share (see lib/analyses/options.ts). */
function optionsFrom(form: FormData): Record<string, unknown> {
  const entryPoint = String(form.get('entryPoint') ?? '').trim();
  return {
    ...(entryPoint ? { entryPoint } : {}),
    ...(form.get('alternatives') ? { alternatives: true } : {}),
    ...(form.get('arm64') ? { platforms: ['linux/arm64'] } : {}),
    ...(form.get('warmRebuild') ? {} : { warmRebuild: false }),
    ...(form.get('eachApp') ? { eachApp: true } : {}),
  };
}

function OptionFields() {
  return (
    <details className="text-sm">
      <summary className="cursor-pointer text-slate-600">Options</summary>
      <div className="mt-2 space-y-2">
        <label className="block">
          Entry point <span className="text-slate-400">(optional: a cmd/ package, a Rust binary, a main class…)</span>
          <input name="entryPoint" placeholder="./cmd/api" className={input} />
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" name="alternatives" /> Also build the multi-stage image on the alternative final bases
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" name="arm64" /> Also build for linux/arm64, where this engine can
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" name="warmRebuild" defaultChecked /> Measure a warm rebuild after a one-line source change{' '}
          <span className="text-slate-400">(the sizes come first either way)</span>
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" name="eachApp" /> A monorepo: analyse each app found in its folders <span className="text-slate-400">(each on its own, grouped)</span>
        </label>
      </div>
    </details>
  );
}

export function SubmitForm({ samples }: { samples: Sample[] }) {
  const { busy, error, submit } = useSubmitAnalysis();

  function onGit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim() || undefined;
    void submit({ source: { type: 'git', url: text('url') ?? '', ref: text('ref'), subdir: text('subdir') }, options: optionsFrom(form) });
  }

  function onArchive(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    form.set('options', JSON.stringify(optionsFrom(form)));
    if (!String(form.get('repository') ?? '').trim()) form.delete('repository');
    for (const name of ['entryPoint', 'alternatives', 'arm64', 'warmRebuild', 'eachApp']) form.delete(name);
    void submit(form);
  }

  return (
    <div className="space-y-6">
      {error ? (
        <p className="rounded border border-red-200 bg-red-50 p-3 text-red-800" role="alert">
          {error}
        </p>
      ) : null}
      <form onSubmit={onGit} className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
        <h2 className="font-semibold">From a git URL</h2>
        <label className="block text-sm">
          Repository URL
          <input name="url" required placeholder="https://github.com/owner/repo.git" className={input} />
        </label>
        <div className="grid grid-cols-2 gap-3">
          <label className="block text-sm">
            Branch, tag or commit <span className="text-slate-400">(optional)</span>
            <input name="ref" placeholder="main" className={input} />
          </label>
          <label className="block text-sm">
            Folder in a monorepo <span className="text-slate-400">(optional)</span>
            <input name="subdir" placeholder="services/api" className={input} />
          </label>
        </div>
        <OptionFields />
        <button type="submit" disabled={busy} className="rounded-md bg-brand px-4 py-2 font-medium text-white disabled:opacity-60">
          {busy ? 'Submitting…' : 'Analyse'}
        </button>
      </form>

      <form onSubmit={onArchive} className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
        <h2 className="font-semibold">From an archive</h2>
        <label className="block text-sm">
          A .tar.gz or .zip of the repository
          <input name="archive" type="file" required accept=".tar.gz,.tgz,.zip,application/gzip,application/zip" className={input} />
        </label>
        <div className="grid grid-cols-2 gap-3">
          <label className="block text-sm">
            Repository <span className="text-slate-400">(optional: uploads of the same name share a history)</span>
            <input name="repository" placeholder="team/api" maxLength={200} className={input} />
          </label>
          <label className="block text-sm">
            Folder in a monorepo <span className="text-slate-400">(optional)</span>
            <input name="subdir" placeholder="services/api" className={input} />
          </label>
        </div>
        <OptionFields />
        <button type="submit" disabled={busy} className="rounded-md bg-brand px-4 py-2 font-medium text-white disabled:opacity-60">
          {busy ? 'Uploading…' : 'Upload and analyse'}
        </button>
      </form>

      <ImageForms busy={busy} submit={submit} />

      <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
        <h2 className="font-semibold">Or a built-in sample</h2>
        {samples.map((s) => (
          <div key={s.name} className="flex items-center justify-between gap-4">
            <div>
              <p className="font-medium">{s.title}</p>
              <p className="text-sm text-slate-500">{s.description}</p>
            </div>
            <SubmitSampleButton name={s.name} label={`Try the ${s.title}`} />
          </div>
        ))}
      </section>
    </div>
  );
}
