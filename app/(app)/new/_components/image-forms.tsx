'use client';

import type { FormEvent } from 'react';

const input = 'mt-1 w-full rounded border border-slate-300 px-3 py-2';

/** An image that exists already: by reference from a registry, or its `docker save` file. */
export function ImageForms({ busy, submit }: { busy: boolean; submit: (body: object | FormData) => Promise<void> }) {
  function onReference(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const [username, password] = [text('username'), String(form.get('password') ?? '')];
    void submit({ source: { type: 'image', ref: text('ref'), ...(username || password ? { credentials: { username, password } } : {}) } });
  }

  function onSaveFile(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    form.set('type', 'image-archive');
    void submit(form);
  }

  return (
    <section className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
      <div>
        <h2 className="font-semibold">Or an image that exists already</h2>
        <p className="text-sm text-slate-500">Analysed as it is, without a build: its layers, files and findings.</p>
      </div>
      <form onSubmit={onReference} className="space-y-3" aria-label="Image by reference">
        <label className="block text-sm">
          Image reference
          <input name="ref" required placeholder="registry.example.com/team/api:1.4" className={input} />
        </label>
        <details className="text-sm">
          <summary className="cursor-pointer text-slate-600">Registry credentials</summary>
          <p className="mt-1 text-slate-500">Only for this pull: kept sealed until it is done, never shown. The operator can keep a team&apos;s in REGISTRY_CREDENTIALS.</p>
          <div className="mt-2 grid grid-cols-2 gap-3">
            <label className="block">
              Username
              <input name="username" autoComplete="off" className={input} />
            </label>
            <label className="block">
              Password or token
              <input name="password" type="password" autoComplete="new-password" className={input} />
            </label>
          </div>
        </details>
        <button type="submit" disabled={busy} className="rounded-md bg-brand px-4 py-2 font-medium text-white disabled:opacity-60">
          {busy ? 'Submitting…' : 'Pull and analyse'}
        </button>
      </form>
      <form onSubmit={onSaveFile} className="space-y-3 border-t border-slate-100 pt-4" aria-label="Image from a docker save file">
        <label className="block text-sm">
          A <code>docker save</code> file (.tar, or .tar.gz) of one image
          <input name="archive" type="file" required accept=".tar,.tar.gz,.tgz,application/x-tar,application/gzip" className={input} />
        </label>
        <button type="submit" disabled={busy} className="rounded-md bg-brand px-4 py-2 font-medium text-white disabled:opacity-60">
          {busy ? 'Uploading…' : 'Upload and analyse the image'}
        </button>
      </form>
    </section>
  );
}
