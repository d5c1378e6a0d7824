import type { Metadata } from 'next';
import { RevokeButton, TokenForm } from '@/components/team-admin';
import { listApiTokens } from '@/lib/auth/api-tokens';
import { pageActor } from '@/lib/auth/page-actor';
import { formatDate } from '@/lib/format';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'API tokens' };

export default async function TokensPage() {
  const actor = await pageActor();
  const tokens = actor.via === 'single-user' ? [] : await listApiTokens(actor.id);
  return (
    <div className="max-w-3xl space-y-6">
      <h1 className="text-2xl font-semibold">API tokens</h1>
      <p className="text-sm text-slate-600">
        For CI: send <code>Authorization: Bearer &lt;token&gt;</code> to the JSON API. A token acts with your role ({actor.role}). Only a hash is kept; revoking stops it at once.
      </p>
      <TokenForm />
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="tokens">
          <thead className="text-slate-500">
            <tr>
              <th className="py-1">Name</th>
              <th>Starts with</th>
              <th>Made</th>
              <th>Last used</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {tokens.map((token) => (
              <tr key={token.id} className="border-t border-slate-200">
                <td className="py-2">{token.name}</td>
                <td className="font-mono text-xs">{token.start}…</td>
                <td>{formatDate(token.createdAt.toISOString())}</td>
                <td>{token.lastUsedAt ? formatDate(token.lastUsedAt.toISOString()) : 'never'}</td>
                <td>{token.revokedAt ? 'revoked' : <RevokeButton url={`/api/tokens/${token.id}`} label="Revoke" />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
