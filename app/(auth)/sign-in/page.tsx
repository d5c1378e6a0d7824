import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AccountForm } from '@/components/account-form';
import { getSettings } from '@/lib/env';
import { countUsers } from '@/lib/auth/users';
import { localPath } from '@/lib/auth/page-actor';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const { next } = await searchParams;
  if (getSettings().auth.singleUser) redirect('/');
  if ((await countUsers()) === 0) redirect('/setup');
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Sign in</h1>
      <AccountForm submitLabel="Sign in" next={localPath(typeof next === 'string' ? next : null) ?? '/'} />
      <p className="text-sm text-slate-500">No account? Ask an admin of this instance for an invite link.</p>
    </div>
  );
}
