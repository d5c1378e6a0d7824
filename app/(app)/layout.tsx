import Link from 'next/link';
import type { ReactNode } from 'react';

export default function AppLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <header className="border-b border-slate-200 bg-white">
        <nav className="mx-auto flex max-w-6xl items-center gap-6 px-6 py-3" aria-label="Main">
          <Link href="/" className="text-lg font-semibold text-brand">
            Shipshape
          </Link>
          <Link href="/" className="text-sm text-slate-600 hover:text-slate-900">
            Dashboard
          </Link>
          <Link href="/new" className="text-sm text-slate-600 hover:text-slate-900">
            New analysis
          </Link>
          <Link href="/settings" className="text-sm text-slate-600 hover:text-slate-900">
            Engines &amp; settings
          </Link>
        </nav>
      </header>
      <main className="mx-auto max-w-6xl px-6 py-8">{children}</main>
    </>
  );
}
