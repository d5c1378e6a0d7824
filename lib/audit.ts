import { getDb } from '@/lib/db';

// The audit list: who submitted, cancelled, shared, revoked, locked sharing, invited, joined, set a budget.

export type AuditAction =
  | 'analysis.submit'
  | 'analysis.cancel'
  | 'analysis.delete'
  | 'share.renew'
  | 'share.revoke'
  | 'share.lock'
  | 'share.unlock'
  | 'token.create'
  | 'token.revoke'
  | 'invite.create'
  | 'invite.revoke'
  | 'user.join'
  | 'user.create'
  | 'user.role'
  | 'repository.budget';

export async function audit(actor: string, action: AuditAction, target?: string, detail?: string): Promise<void> {
  await getDb().auditEvent.create({ data: { actor, action, target: target ?? null, detail: detail ?? null } });
}

export async function listAudit(take = 200) {
  return getDb().auditEvent.findMany({ orderBy: { id: 'desc' }, take });
}
