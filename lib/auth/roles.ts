// Roles and what each may do. Viewers read; members also submit, cancel and share;
// admins also invite people, change roles and read the audit list.

export const ROLES = ['admin', 'member', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export type Permission = 'view' | 'submit' | 'admin';

const GRANTS: Record<Role, readonly Permission[]> = {
  admin: ['view', 'submit', 'admin'],
  member: ['view', 'submit'],
  viewer: ['view'],
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function can(role: string | null | undefined, permission: Permission): boolean {
  return isRole(role) && GRANTS[role].includes(permission);
}

export const PERMISSION_WORDS: Record<Permission, string> = {
  view: 'see analyses',
  submit: 'submit, cancel or share analyses (members and admins can)',
  admin: 'manage the team (admins can)',
};
