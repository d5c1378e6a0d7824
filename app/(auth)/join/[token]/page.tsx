import type { Metadata } from 'next';
import { AccountForm } from '@/components/account-form';
import { findInvite } from '@/lib/auth/invites';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Join', robots: { index: false } };

export default async function JoinPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invite = await findInvite(token);
  if (!invite) {
    return (
      <p className="rounded-lg border border-amber-200 bg-amber-50 p-4" role="alert">
        This invite link is not valid: it was used, revoked or has expired. Ask an admin for a new one.
      </p>
    );
  }
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Join the team</h1>
      <p className="text-sm text-slate-600">
        You are invited as <strong data-testid="invite-role">{invite.role}</strong>. Choose your email and a password.
      </p>
      <AccountForm createUrl={`/api/join/${token}`} submitLabel="Join" />
    </div>
  );
}
