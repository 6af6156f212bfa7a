import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { apiKeys } from '../../src/db/schema';
import { sha256 } from '../../src/lib/secrets';
import { api, countRoundTrips, jsonBody } from '../helpers/api';
import { bearer, createStoreWithTeam, createTestApiKey } from '../helpers/auth';
import { testDb } from '../helpers/stores';

const keysPath = (slug: string) => `/v1/admin/stores/${slug}/api-keys`;
const auditPath = (slug: string) => `/v1/admin/stores/${slug}/audit-log`;

describe('API keys', () => {
  it('are shown once, stored hashed with a visible prefix, and open the admin API for their scopes', async () => {
    const team = await createStoreWithTeam();
    const response = await api(
      keysPath(team.store.slug),
      bearer(team.tokens.owner, jsonBody({ name: 'ERP sync', scopes: ['audit:read', 'orders:write'] })),
    );
    expect(response.status).toBe(201);
    const { apiKey, secret } = await response.json<{
      apiKey: { id: string; prefix: string; scopes: string[] };
      secret: string;
    }>();
    expect(secret).toMatch(/^ck_[A-Za-z0-9_-]{12}\.[A-Za-z0-9_-]{43}$/);
    expect(secret.startsWith(`${apiKey.prefix}.`)).toBe(true);
    expect(apiKey.scopes).toEqual(['audit:read', 'orders:write']);

    const [row] = await testDb().select().from(apiKeys).where(eq(apiKeys.id, apiKey.id));
    expect(row!.secretHash).toBe(await sha256(secret.split('.')[1]!));
    expect(JSON.stringify(row)).not.toContain(secret.split('.')[1]);

    const listed = await (await api(keysPath(team.store.slug), bearer(team.tokens.owner))).json<{
      data: Record<string, unknown>[];
    }>();
    expect(listed.data).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(secret.split('.')[1]);

    expect((await api(auditPath(team.store.slug), bearer(secret))).status).toBe(200);
  });

  it('cost at most two round trips per admin request, and record their last use without a third', async () => {
    const team = await createStoreWithTeam();
    const key = await createTestApiKey(team.store, ['audit:read']);
    const { requests, result } = await countRoundTrips(() => api(auditPath(team.store.slug), bearer(key.secret)));
    expect(result.status).toBe(200);
    expect(requests).toBe(2);
    const [row] = await testDb().select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(row!.lastUsedAt).not.toBeNull();
  });

  it('stop working at once when revoked; revoking twice is harmless; the revocation is audited', async () => {
    const team = await createStoreWithTeam();
    const key = await createTestApiKey(team.store, ['audit:read']);
    const revoke = () => api(`${keysPath(team.store.slug)}/${key.id}`, bearer(team.tokens.owner, { method: 'DELETE' }));
    expect((await revoke()).status).toBe(204);
    const refused = await api(auditPath(team.store.slug), bearer(key.secret));
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ code: 'unauthorized' });
    expect((await revoke()).status).toBe(204);
    const log = await (await api(auditPath(team.store.slug), bearer(team.tokens.owner))).json<{
      data: { action: string }[];
    }>();
    expect(log.data.map((entry) => entry.action)).toEqual(['api_key.revoked', 'api_key.created']);
  });

  it('refuse an expired key, a wrong secret and a malformed key with 401', async () => {
    const team = await createStoreWithTeam();
    const key = await createTestApiKey(team.store, ['audit:read']);
    const [prefix] = key.secret.split('.');
    for (const credential of [`${prefix}.${'A'.repeat(43)}`, `${prefix}`, `${key.secret}.extra`, 'ck_unknown.secret']) {
      expect((await api(auditPath(team.store.slug), bearer(credential))).status, credential).toBe(401);
    }
    await testDb()
      .update(apiKeys)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiKeys.id, key.id));
    expect((await api(auditPath(team.store.slug), bearer(key.secret))).status).toBe(401);
  });

  it('cannot be revoked through another store', async () => {
    const team = await createStoreWithTeam();
    const other = await createStoreWithTeam();
    const key = await createTestApiKey(other.store, ['audit:read']);
    expect(
      (await api(`${keysPath(team.store.slug)}/${key.id}`, bearer(team.tokens.owner, { method: 'DELETE' }))).status,
    ).toBe(404);
    expect((await api(auditPath(other.store.slug), bearer(key.secret))).status).toBe(200);
  });

  it.each([
    ['no scopes', { name: 'k', scopes: [] }],
    ['an unknown scope', { name: 'k', scopes: ['everything'] }],
    ['a scope keys may not hold', { name: 'k', scopes: ['api_keys:write'] }],
    ['a past expiry', { name: 'k', scopes: ['orders:read'], expiresAt: '2020-01-01T00:00:00Z' }],
    ['an empty name', { name: ' ', scopes: ['orders:read'] }],
  ])('refuse to be created with %s (422), writing nothing', async (_label, body) => {
    const team = await createStoreWithTeam();
    const response = await api(keysPath(team.store.slug), bearer(team.tokens.owner, jsonBody(body)));
    expect(response.status).toBe(422);
    expect(await testDb().select().from(apiKeys).where(eq(apiKeys.storeId, team.store.id))).toHaveLength(0);
  });

  it('are managed by owners only', async () => {
    const team = await createStoreWithTeam();
    const body = jsonBody({ name: 'k', scopes: ['orders:read'] });
    expect((await api(keysPath(team.store.slug), bearer(team.tokens.admin, body))).status).toBe(403);
    expect((await api(keysPath(team.store.slug), bearer(team.tokens.staff, body))).status).toBe(403);
  });
});
