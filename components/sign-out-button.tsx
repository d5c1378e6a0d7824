'use client';

import { useRouter } from 'next/navigation';

/** Ends the session (better-auth's own sign-out endpoint; its browser client stays off every page but sign-in). */
export function SignOutButton() {
  const router = useRouter();
  return (
    <button
      type="button"
      className="text-sm text-slate-600 hover:text-slate-900"
      onClick={async () => {
        await fetch('/api/auth/sign-out', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }).catch(() => undefined);
        router.push('/sign-in');
        router.refresh();
      }}
    >
      Sign out
    </button>
  );
}
