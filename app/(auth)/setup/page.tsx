import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AccountForm } from '@/components/account-form';
import { getSettings } from '@/lib/env';
import { countUsers } from '@/lib/auth/users';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Set up Shipshape' };

// First run: whoever opens a fresh instance first makes the admin account.
export default async function SetupPage() {
  if (getSettings().auth.singleUser || (await countUsers()) > 0) redirect('/');
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Set up this instance</h1>
      <p className="text-sm text-slate-600">You are the first here: this account becomes the admin. You can invite your team next.</p>
      <AccountForm createUrl="/api/setup" submitLabel="Create admin account" />
    </div>
  );
}
