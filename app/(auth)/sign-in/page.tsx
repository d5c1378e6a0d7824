import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AccountForm } from '@/components/account-form';
import { getSettings } from '@/lib/env';
import { countUsers } from '@/lib/auth/users';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Sign in · Shipshape' };

export default async function SignInPage() {
  if (getSettings().auth.singleUser) redirect('/');
  if ((await countUsers()) === 0) redirect('/setup');
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Sign in</h1>
      <AccountForm submitLabel="Sign in" />
      <p className="text-sm text-slate-500">No account? Ask an admin of this instance for an invite link.</p>
    </div>
  );
}
