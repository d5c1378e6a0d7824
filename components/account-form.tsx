'use client';

import { callApi } from '@/components/api-client';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { authClient } from '@/components/auth-client';

interface Props {
  /** where the account is made first (setup, invite); sign-in only when absent */
  createUrl?: string;
  submitLabel: string;
  /** where to go once signed in (a path of this site) */
  next?: string;
}

/** Email and password (and a name when an account is made), then sign-in. */
export function AccountForm({ createUrl, submitLabel, next = '/' }: Props) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get('email') ?? '');
    const password = String(form.get('password') ?? '');
    setBusy(true);
    setError(null);
    try {
      if (createUrl) {
        const created = await callApi(createUrl, { method: 'POST', json: { email, password, name: String(form.get('name') ?? '') || undefined } });
        if (!created.ok) throw new Error(created.message);
      }
      const result = await authClient.signIn.email({ email, password });
      if (result.error) {
        const { status, message } = result.error;
        throw new Error(
          status === 429
            ? 'Too many sign-in attempts. Wait a minute and try again.'
            : status === 401
              ? 'Wrong email or password.'
              : `Sign-in failed: ${message ?? status}. Try again.`,
        );
      }
      router.push(next);
      router.refresh();
    } catch (caught) {
      setError((caught as Error).message);
      setBusy(false);
    }
  };

  const field = 'mt-1 w-full rounded border border-slate-300 px-3 py-2';
  return (
    <form onSubmit={submit} className="space-y-4">
      {createUrl ? (
        <label className="block text-sm font-medium">
          Name
          <input name="name" autoComplete="name" className={field} />
        </label>
      ) : null}
      <label className="block text-sm font-medium">
        Email
        <input name="email" type="email" required autoComplete="email" className={field} />
      </label>
      <label className="block text-sm font-medium">
        Password
        <input name="password" type="password" required minLength={createUrl ? 10 : undefined} autoComplete={createUrl ? 'new-password' : 'current-password'} className={field} />
      </label>
      {error ? (
        <p className="text-sm text-red-700" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" disabled={busy} className="rounded-md bg-brand px-4 py-2 font-medium text-white hover:bg-brand-dark disabled:opacity-60">
        {submitLabel}
      </button>
    </form>
  );
}
