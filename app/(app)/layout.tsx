import Link from 'next/link';
import type { ReactNode } from 'react';
import { SignOutButton } from '@/components/sign-out-button';
import { pageActor } from '@/lib/auth/page-actor';

export default async function AppLayout({ children }: { children: ReactNode }) {
  const actor = await pageActor();
  const link = 'text-sm text-slate-600 hover:text-slate-900';
  return (
    <>
      <header className="border-b border-slate-200 bg-white">
        <nav className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6" aria-label="Main">
          <Link href="/" className="text-lg font-semibold text-brand">
            Shipshape
          </Link>
          <Link href="/" className={link}>
            Dashboard
          </Link>
          {actor.role !== 'viewer' ? (
            <Link href="/new" className={link}>
              New analysis
            </Link>
          ) : null}
          <Link href="/compare" className={link}>
            Compare
          </Link>
          <Link href="/settings" className={link}>
            Engines &amp; settings
          </Link>
          {actor.role === 'admin' && actor.via !== 'single-user' ? (
            <Link href="/team" className={link}>
              Team
            </Link>
          ) : null}
          {actor.via !== 'single-user' ? (
            <Link href="/tokens" className={link}>
              API tokens
            </Link>
          ) : null}
          <span className="ml-auto text-sm text-slate-500" data-testid="signed-in-as">
            {actor.via === 'single-user' ? 'single-user mode' : `${actor.email} · ${actor.role}`}
          </span>
          {actor.via === 'session' ? <SignOutButton /> : null}
        </nav>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-8 sm:px-6">{children}</main>
    </>
  );
}
