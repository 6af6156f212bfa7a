/**
 * The one permission table. Every admin route names the permission it needs;
 * a user passes when their role in the store grants it, an API key when its
 * scopes include it.
 */
export const PERMISSIONS = [
  'store:read',
  'store:write',
  'store:close',
  'catalog:read',
  'catalog:write',
  'inventory:read',
  'inventory:write',
  'orders:read',
  'orders:write',
  'payments:read',
  'payments:write',
  'shipments:read',
  'shipments:write',
  'customers:read',
  'customers:write',
  'campaigns:read',
  'campaigns:write',
  'promotions:read',
  'promotions:write',
  'newsletter:read',
  'newsletter:write',
  'messages:read',
  'messages:write',
  'audit:read',
  'invitations:read',
  'invitations:write',
  'members:read',
  'members:write',
  'api_keys:read',
  'api_keys:write',
  'webhooks:read',
  'webhooks:write',
] as const;

export type Permission = (typeof PERMISSIONS)[number];
export type MemberRole = 'owner' | 'admin' | 'staff';
export const MEMBER_ROLES = ['owner', 'admin', 'staff'] as const satisfies readonly MemberRole[];

/** Who may act on the store itself (its staff, its keys, whether it is open) stays with its owner. */
const ownerOnly = (permission: Permission) =>
  permission.startsWith('members:') || permission.startsWith('api_keys:') || permission === 'store:close';
const staffDomains = ['orders:', 'payments:', 'shipments:', 'customers:', 'messages:'];

/**
 * Owner: everything. Admin: everything but members, API keys and closing the
 * store (admins may still invite). Staff: orders, payments, shipments, customers and
 * their conversations.
 */
export const ROLE_PERMISSIONS: Record<MemberRole, ReadonlySet<Permission>> = {
  owner: new Set(PERMISSIONS),
  admin: new Set(PERMISSIONS.filter((permission) => !ownerOnly(permission))),
  staff: new Set(PERMISSIONS.filter((permission) => staffDomains.some((domain) => permission.startsWith(domain)))),
};

/**
 * Scopes an API key may carry: what integrations do. Who may act on the
 * store (members, invitations, keys) stays with people, so a leaked key can
 * never mint another key or add a member.
 */
export const API_KEY_SCOPES = PERMISSIONS.filter(
  (permission) => !ownerOnly(permission) && !permission.startsWith('invitations:'),
) as readonly Permission[];

export function roleAllows(role: MemberRole, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}
