import type { ReactNode } from 'react';

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main className="mx-auto max-w-md px-6 py-16">
      <p className="mb-6 text-lg font-semibold text-brand">Shipshape</p>
      {children}
    </main>
  );
}
