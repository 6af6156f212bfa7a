import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { fromBase64Url, toBase64Url } from '../../src/lib/encoding';
import { API_KEY_SCOPES, PERMISSIONS, roleAllows, type Permission } from '../../src/lib/permissions';
import { api } from '../helpers/api';
import { bearer, createStoreWithTeam, createTestApiKey } from '../helpers/auth';

/**
 * The shared security suite: every admin route, found in the app's own
 * OpenAPI document (so a route added later is covered without editing this
 * file), must pass the tenancy guard's checks.
 */
interface AdminRoute {
  method: string;
  path: string;
  permission: Permission;
}

const ADMIN_PREFIX = '/v1/admin/stores/{store}';
const document = createApp().getOpenAPI31Document({ openapi: '3.1.0', info: { title: 'test', version: '0' } });
const operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
  Object.entries(item as Record<string, AdminOperation>).map(([method, operation]) => ({
    path,
    method,
    operation,
  })),
);
const adminOperations = operations.filter(({ path }) => path.includes('/admin'));

/** What `requires(permission)` declares: either credential, and the one permission both must grant. */
interface AdminOperation {
  security?: Record<string, string[]>[];
  'x-permission'?: string;
}

function permissionOf(operation: AdminOperation): Permission {
  expect(operation.security, 'an admin route takes a user token or an API key').toEqual([
    { userToken: [] },
    { apiKey: [] },
  ]);
  const permission = operation['x-permission'];
  expect(PERMISSIONS).toContain(permission);
  return permission as Permission;
}

const adminRoutes: AdminRoute[] = adminOperations.map(({ path, method, operation }) => ({
  path,
  method: method.toUpperCase(),
  permission: permissionOf(operation),
}));

function urlOf(route: AdminRoute, slug: string): string {
  return route.path.replace('{store}', slug).replace(/\{[^}]+\}/g, () => crypto.randomUUID());
}

/** The route called with `credential` (or none); a JSON body for writes, so that only the guard can refuse it. */
function call(route: AdminRoute, slug: string, credential?: string): Promise<Response> {
  const init: RequestInit = { method: route.method };
  if (!['GET', 'DELETE'].includes(route.method)) {
    init.headers = { 'content-type': 'application/json' };
    init.body = '{}';
  }
  return api(urlOf(route, slug), credential ? bearer(credential, init) : init);
}

async function expectProblem(response: Response, status: number, label: string): Promise<void> {
  const body = await response.text();
  expect(response.status, `${label}: ${body}`).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
}

/** Past the guard: whatever the handler answers, it is not the guard's refusal. */
async function expectPastGuard(response: Response, label: string): Promise<void> {
  const body = await response.text();
  expect([401, 403], `${label}: ${body}`).not.toContain(response.status);
  expect(body, label).not.toMatch(/No store is called/);
}

describe('admin routes', () => {
  it('exist, and every one lives under /v1/admin/stores/{store}', () => {
    expect(adminRoutes.length).toBeGreaterThanOrEqual(10);
    for (const { path } of adminOperations)
      expect(path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`), path).toBe(true);
  });

  it.each(adminRoutes)(
    '$method $path ($permission) refuses every caller without a place in the store',
    async (route) => {
      const team = await createStoreWithTeam();
      const other = await createStoreWithTeam();
      const slug = team.store.slug;

      await expectProblem(await call(route, slug), 401, 'no credentials');
      await expectProblem(await call(route, slug, other.tokens.owner), 404, 'another store’s owner');

      const otherKey = await createTestApiKey(other.store, [...API_KEY_SCOPES]);
      await expectProblem(await call(route, slug, otherKey.secret), 404, 'another store’s API key');

      const keyWithoutScope = await createTestApiKey(
        team.store,
        API_KEY_SCOPES.filter((scope) => scope !== route.permission),
      );
      await expectProblem(await call(route, slug, keyWithoutScope.secret), 403, 'a key without the scope');

      for (const role of ['admin', 'staff'] as const) {
        const response = await call(route, slug, team.tokens[role]);
        if (roleAllows(role, route.permission)) await expectPastGuard(response, role);
        else await expectProblem(response, 403, `a ${role} token`);
      }
      await expectPastGuard(await call(route, slug, team.tokens.owner), 'the owner');
      if (API_KEY_SCOPES.includes(route.permission)) {
        const key = await createTestApiKey(team.store, [route.permission]);
        await expectPastGuard(await call(route, slug, key.secret), 'a key with the scope');
      }
    },
  );
});

describe('the tenancy guard', () => {
  it('refuses a staff token whose claims were edited to owner (401), and keeps the store hidden from strangers', async () => {
    const team = await createStoreWithTeam();
    const [header, payload, signature] = team.tokens.staff.split('.');
    const claims = JSON.parse(new TextDecoder().decode(fromBase64Url(payload!)));
    claims.stores[0].role = 'owner';
    const forgedPayload = toBase64Url(new TextEncoder().encode(JSON.stringify(claims)));
    const path = `/v1/admin/stores/${team.store.slug}/api-keys`;
    expect((await api(path, bearer(`${header}.${forgedPayload}.${signature}`))).status).toBe(401);

    // A store that does not exist and one the caller has no place in answer alike.
    const other = await createStoreWithTeam();
    const missing = await api('/v1/admin/stores/no-such-store/api-keys', bearer(other.tokens.owner));
    const hidden = await api(path, bearer(other.tokens.owner));
    expect([missing.status, hidden.status]).toEqual([404, 404]);
    const [a, b] = [await missing.json<{ title: string }>(), await hidden.json<{ title: string }>()];
    expect(a.title).toBe(b.title);
  });
});
