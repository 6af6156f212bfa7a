import { describe, expect, it } from 'vitest';
import { API_KEY_SCOPES, PERMISSIONS, ROLE_PERMISSIONS } from '../../src/lib/permissions';

const domainOf = (permission: string) => permission.split(':')[0];

describe('the permission table', () => {
  it('gives owners everything', () => {
    expect([...ROLE_PERMISSIONS.owner].sort()).toEqual([...PERMISSIONS].sort());
  });

  it('gives admins everything but members, API keys and closing the store', () => {
    const withheld = PERMISSIONS.filter((permission) => !ROLE_PERMISSIONS.admin.has(permission));
    expect(withheld.filter((permission) => permission.startsWith('store:'))).toEqual(['store:close']);
    expect(new Set(withheld.map(domainOf))).toEqual(new Set(['store', 'members', 'api_keys']));
    expect(ROLE_PERMISSIONS.admin.has('invitations:write')).toBe(true);
  });

  it('gives staff orders, payments, shipments, customers and their conversations, and nothing else', () => {
    expect(new Set([...ROLE_PERMISSIONS.staff].map(domainOf))).toEqual(
      new Set(['orders', 'payments', 'shipments', 'customers', 'messages']),
    );
    expect(ROLE_PERMISSIONS.staff.size).toBe(10);
  });

  it('never lets an API key manage who acts on the store, or close it', () => {
    for (const scope of API_KEY_SCOPES) expect(['members', 'invitations', 'api_keys']).not.toContain(domainOf(scope));
    expect(API_KEY_SCOPES).not.toContain('store:close');
    expect(API_KEY_SCOPES).toContain('catalog:write');
  });
});
