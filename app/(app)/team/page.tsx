import type { Metadata } from 'next';
import { InviteForm, RevokeButton, RoleSelect } from '@/components/team-admin';
import { listAudit } from '@/lib/audit';
import { listInvites } from '@/lib/auth/invites';
import { pageActor } from '@/lib/auth/page-actor';
import { listUsers } from '@/lib/auth/users';
import { formatDate } from '@/lib/format';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Team' };

export default async function TeamPage() {
  await pageActor('admin');
  const [users, invites, events] = await Promise.all([listUsers(), listInvites(), listAudit(100)]);
  const now = new Date();
  return (
    <div className="space-y-8">
      <section>
        <h1 className="text-2xl font-semibold">Team</h1>
        <div className="mt-3 overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="users">
            <thead className="text-slate-500">
              <tr>
                <th className="py-1">Email</th>
                <th>Name</th>
                <th>Role</th>
                <th>Since</th>
              </tr>
            </thead>
            <tbody>
              {users.map((user) => (
                <tr key={user.id} className="border-t border-slate-200">
                  <td className="py-2">{user.email}</td>
                  <td>{user.name}</td>
                  <td>
                    <RoleSelect userId={user.id} role={user.role ?? 'viewer'} email={user.email} />
                  </td>
                  <td>{formatDate(user.createdAt.toISOString())}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="space-y-3">
        <h2 className="text-xl font-semibold">Invite someone</h2>
        <p className="text-sm text-slate-600">Viewers read analyses; members also submit, cancel and share them; admins also manage the team.</p>
        <InviteForm />
        <ul className="text-sm" data-testid="invites">
          {invites.map((invite) => (
            <li key={invite.id} className="border-t border-slate-200 py-1">
              {invite.role} · made {formatDate(invite.createdAt.toISOString())} ·{' '}
              {invite.usedAt ? (
                `used by ${invite.usedByEmail}`
              ) : invite.revokedAt ? (
                'revoked'
              ) : invite.expiresAt < now ? (
                'expired'
              ) : (
                <>
                  open until {formatDate(invite.expiresAt.toISOString())} <RevokeButton url={`/api/invites/${invite.id}`} label="Revoke" />
                </>
              )}
            </li>
          ))}
        </ul>
      </section>

      <section>
        <h2 className="text-xl font-semibold">Audit</h2>
        <div className="mt-3 overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="audit">
            <thead className="text-slate-500">
              <tr>
                <th className="py-1">When</th>
                <th>Who</th>
                <th>What</th>
                <th>On</th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.id} className="border-t border-slate-200">
                  <td className="py-1">{formatDate(event.at.toISOString())}</td>
                  <td>{event.actor}</td>
                  <td>{event.action}</td>
                  <td className="font-mono text-xs">
                    {event.target}
                    {event.detail ? ` (${event.detail})` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
