import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, storeInvitations, storeMembers } from '../../src/db/schema';
import { api, countRoundTrips, jsonBody } from '../helpers/api';
import { accessTokenFor, bearer, createStoreWithTeam, registerThroughApi, uniqueEmail } from '../helpers/auth';
import { deleteStoreAfterTest, testDb } from '../helpers/stores';

const randomSlug = () => `shop-${crypto.randomUUID().slice(0, 8)}`;
const send = (method: string, path: string, token: string, body?: unknown) =>
  api(path, bearer(token, body === undefined ? { method } : jsonBody(body, { method })));

async function auditActions(storeId: string): Promise<string[]> {
  const rows = await testDb().select().from(auditLog).where(eq(auditLog.storeId, storeId)).orderBy(auditLog.id);
  return rows.map((row) => row.action);
}

describe('POST /v1/stores', () => {
  it('makes the caller owner and answers a token that already opens the admin API', async () => {
    const session = await registerThroughApi();
    const slug = randomSlug();
    const { requests, result } = await countRoundTrips(() =>
      send('POST', '/v1/stores', session.accessToken, { slug, name: 'Mi Tienda', currency: 'ARS', taxRateBps: 2100 }),
    );
    expect(result.status).toBe(201);
    expect(requests).toBe(1);
    const created = await result.json<{ store: { id: string; slug: string; currency: string }; accessToken: string }>();
    deleteStoreAfterTest(created.store.id);
    expect(created.store).toMatchObject({ slug, currency: 'ARS', status: 'active' });
    // Settings as they apply, never the sealed Stripe keys that `stores.settings` also holds.
    expect(created.store).toMatchObject({ settings: { taxRateBps: 2100, paymentMethods: null } });
    expect(created.store).not.toHaveProperty('settings.stripe');

    const members = await send('GET', `/v1/admin/stores/${slug}/members`, created.accessToken);
    expect(members.status).toBe(200);
    expect((await members.json<{ data: { role: string; email: string }[] }>()).data).toEqual([
      expect.objectContaining({ role: 'owner', email: session.user.email }),
    ]);
    // The old token, signed before the store existed, does not open it.
    expect((await send('GET', `/v1/admin/stores/${slug}/members`, session.accessToken)).status).toBe(404);
    expect(await auditActions(created.store.id)).toEqual(['store.created']);
  });

  it('refuses a taken slug with 409, and invalid fields with 422', async () => {
    const session = await registerThroughApi();
    const slug = randomSlug();
    const first = await send('POST', '/v1/stores', session.accessToken, { slug, name: 'A', currency: 'USD' });
    deleteStoreAfterTest((await first.json<{ store: { id: string } }>()).store.id);
    const taken = await send('POST', '/v1/stores', session.accessToken, { slug, name: 'B', currency: 'USD' });
    expect(taken.status).toBe(409);
    expect(await taken.json()).toMatchObject({ code: 'conflict', detail: `The slug '${slug}' is taken.` });

    const invalid = await send('POST', '/v1/stores', session.accessToken, {
      slug: 'Bad Slug',
      name: '',
      currency: 'usd',
      taxRateBps: 10001,
    });
    expect(invalid.status).toBe(422);
    const paths = (await invalid.json<{ errors: { path: string }[] }>()).errors.map((error) => error.path).sort();
    expect(paths).toEqual(['currency', 'name', 'slug', 'taxRateBps']);
  });

  it('needs a user token', async () => {
    expect((await api('/v1/stores', jsonBody({ slug: randomSlug(), name: 'A', currency: 'USD' }))).status).toBe(401);
  });
});

describe('members', () => {
  it('owners change roles, audited, in one round trip after auth', async () => {
    const team = await createStoreWithTeam();
    const path = `/v1/admin/stores/${team.store.slug}/members/${team.memberIds.staff}`;
    const { requests, result } = await countRoundTrips(() => send('PATCH', path, team.tokens.owner, { role: 'admin' }));
    expect(result.status).toBe(204);
    expect(requests).toBe(1);
    const [member] = await testDb().select().from(storeMembers).where(eq(storeMembers.id, team.memberIds.staff));
    expect(member!.role).toBe('admin');
    const [entry] = await testDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.storeId, team.store.id), eq(auditLog.action, 'member.role_changed')));
    expect(entry).toMatchObject({
      actorType: 'user',
      actorId: team.users.owner.id,
      entityId: team.memberIds.staff,
      before: { role: 'staff' },
      after: { role: 'admin' },
    });
    expect(entry!.requestId).toEqual(result.headers.get('x-request-id'));
  });

  it('never leaves a store without an owner', async () => {
    const team = await createStoreWithTeam();
    const base = `/v1/admin/stores/${team.store.slug}/members/${team.memberIds.owner}`;
    const demote = await send('PATCH', base, team.tokens.owner, { role: 'admin' });
    expect(demote.status).toBe(409);
    expect(await demote.json()).toMatchObject({ code: 'conflict' });
    expect((await send('DELETE', base, team.tokens.owner)).status).toBe(409);
    const owners = await testDb()
      .select()
      .from(storeMembers)
      .where(and(eq(storeMembers.storeId, team.store.id), eq(storeMembers.role, 'owner')));
    expect(owners).toHaveLength(1);
    expect(await auditActions(team.store.id)).toEqual([]);
  });

  it('lets one of two owners demoting each other at once win, never both', async () => {
    const team = await createStoreWithTeam();
    await testDb().update(storeMembers).set({ role: 'owner' }).where(eq(storeMembers.id, team.memberIds.admin));
    const secondOwnerToken = await accessTokenFor(team.users.admin, [
      { id: team.store.id, slug: team.store.slug, role: 'owner' },
    ]);
    const path = (memberId: string) => `/v1/admin/stores/${team.store.slug}/members/${memberId}`;
    const results = await Promise.all([
      send('PATCH', path(team.memberIds.admin), team.tokens.owner, { role: 'staff' }),
      send('PATCH', path(team.memberIds.owner), secondOwnerToken, { role: 'staff' }),
    ]);
    expect(results.map((response) => response.status).sort()).toEqual([204, 409]);
    const owners = await testDb()
      .select()
      .from(storeMembers)
      .where(and(eq(storeMembers.storeId, team.store.id), eq(storeMembers.role, 'owner')));
    expect(owners).toHaveLength(1);
  });

  it('removes a member, audited; removing again is a 404', async () => {
    const team = await createStoreWithTeam();
    const path = `/v1/admin/stores/${team.store.slug}/members/${team.memberIds.staff}`;
    expect((await send('DELETE', path, team.tokens.owner)).status).toBe(204);
    expect((await send('DELETE', path, team.tokens.owner)).status).toBe(404);
    expect(await auditActions(team.store.id)).toEqual(['member.removed']);
  });

  it('cannot touch another store’s member through its own store', async () => {
    const team = await createStoreWithTeam();
    const other = await createStoreWithTeam();
    const path = `/v1/admin/stores/${team.store.slug}/members/${other.memberIds.staff}`;
    expect((await send('PATCH', path, team.tokens.owner, { role: 'admin' })).status).toBe(404);
    expect((await send('DELETE', path, team.tokens.owner)).status).toBe(404);
    const [member] = await testDb().select().from(storeMembers).where(eq(storeMembers.id, other.memberIds.staff));
    expect(member!.role).toBe('staff');
  });

  it('pages through members with a cursor, and refuses a forged cursor', async () => {
    const team = await createStoreWithTeam();
    const base = `/v1/admin/stores/${team.store.slug}/members`;
    const first = await (await send('GET', `${base}?limit=2`, team.tokens.owner)).json<{
      data: { id: string }[];
      nextCursor: string;
    }>();
    expect(first.data).toHaveLength(2);
    const second = await (await send('GET', `${base}?limit=2&cursor=${first.nextCursor}`, team.tokens.owner)).json<{
      data: { id: string }[];
      nextCursor: null;
    }>();
    expect(second.data).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.data, ...second.data].map((member) => member.id)).size).toBe(3);
    expect((await send('GET', `${base}?cursor=not-a-cursor`, team.tokens.owner)).status).toBe(400);
    expect((await send('GET', `${base}?limit=0`, team.tokens.owner)).status).toBe(422);
    expect((await send('GET', `${base}?limit=101`, team.tokens.owner)).status).toBe(422);
  });
});

describe('invitations', () => {
  it('an admin invites, the invitee accepts with the token and gets a token carrying the role', async () => {
    const team = await createStoreWithTeam();
    const invitee = await registerThroughApi();
    const invite = await send('POST', `/v1/admin/stores/${team.store.slug}/invitations`, team.tokens.admin, {
      email: invitee.user.email.toUpperCase(),
      role: 'staff',
    });
    expect(invite.status).toBe(201);
    const { invitation, token } = await invite.json<{
      invitation: { id: string; email: string; status: string };
      token: string;
    }>();
    expect(invitation).toMatchObject({ email: invitee.user.email, status: 'pending' });
    const [stored] = await testDb().select().from(storeInvitations).where(eq(storeInvitations.id, invitation.id));
    expect(stored!.tokenHash).not.toBe(token);

    const listed = await (
      await send('GET', `/v1/admin/stores/${team.store.slug}/invitations`, team.tokens.admin)
    ).json<{ data: { id: string }[] }>();
    expect(listed.data.map((row) => row.id)).toEqual([invitation.id]);

    const { requests, result } = await countRoundTrips(() =>
      send('POST', '/v1/invitations/accept', invitee.accessToken, { token }),
    );
    expect(result.status).toBe(200);
    expect(requests).toBe(1);
    const accepted = await result.json<{ storeId: string; accessToken: string }>();
    expect(accepted.storeId).toBe(team.store.id);
    // The new token opens the store with the staff role's permissions, and no more.
    expect((await send('GET', `/v1/admin/stores/${team.store.slug}/invitations`, accepted.accessToken)).status).toBe(
      403,
    );
    const me = await (await send('GET', '/v1/me', accepted.accessToken)).json<{
      stores: { slug: string; role: string }[];
    }>();
    expect(me.stores).toEqual([expect.objectContaining({ slug: team.store.slug, role: 'staff' })]);

    expect((await send('POST', '/v1/invitations/accept', invitee.accessToken, { token })).status).toBe(404);
    expect(await auditActions(team.store.id)).toEqual(['invitation.created', 'member.joined']);
  });

  it('refuses the token to anyone but the invited email', async () => {
    const team = await createStoreWithTeam();
    const { token } = await (
      await send('POST', `/v1/admin/stores/${team.store.slug}/invitations`, team.tokens.owner, {
        email: uniqueEmail(),
        role: 'admin',
      })
    ).json<{ token: string }>();
    const stranger = await registerThroughApi();
    expect((await send('POST', '/v1/invitations/accept', stranger.accessToken, { token })).status).toBe(404);
    expect(await testDb().select().from(storeMembers).where(eq(storeMembers.storeId, team.store.id))).toHaveLength(3);
  });

  it('refuses an expired or revoked invitation', async () => {
    const team = await createStoreWithTeam();
    const invitee = await registerThroughApi();
    const create = () =>
      send('POST', `/v1/admin/stores/${team.store.slug}/invitations`, team.tokens.owner, {
        email: invitee.user.email,
        role: 'staff',
      });
    const expired = await (await create()).json<{ invitation: { id: string }; token: string }>();
    await testDb()
      .update(storeInvitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(storeInvitations.id, expired.invitation.id));
    expect((await send('POST', '/v1/invitations/accept', invitee.accessToken, { token: expired.token })).status).toBe(
      404,
    );

    // Re-inviting replaces the pending invitation: the old token stops working.
    const replaced = await (await create()).json<{ invitation: { id: string }; token: string }>();
    const revoked = await send(
      'DELETE',
      `/v1/admin/stores/${team.store.slug}/invitations/${replaced.invitation.id}`,
      team.tokens.owner,
    );
    expect(revoked.status).toBe(204);
    expect((await send('POST', '/v1/invitations/accept', invitee.accessToken, { token: replaced.token })).status).toBe(
      404,
    );
    expect(
      (
        await send(
          'DELETE',
          `/v1/admin/stores/${team.store.slug}/invitations/${replaced.invitation.id}`,
          team.tokens.owner,
        )
      ).status,
    ).toBe(404);
  });

  it('refuses to invite a member again, and lets only owners invite owners', async () => {
    const team = await createStoreWithTeam();
    const path = `/v1/admin/stores/${team.store.slug}/invitations`;
    expect((await send('POST', path, team.tokens.owner, { email: team.users.staff.email, role: 'admin' })).status).toBe(
      409,
    );
    const byAdmin = await send('POST', path, team.tokens.admin, { email: uniqueEmail(), role: 'owner' });
    expect(byAdmin.status).toBe(403);
    expect((await send('POST', path, team.tokens.owner, { email: uniqueEmail(), role: 'owner' })).status).toBe(201);
    expect((await send('POST', path, team.tokens.owner, { email: 'nope', role: 'boss' })).status).toBe(422);
  });
});

describe('audit log', () => {
  it('lists the store’s changes, newest first, to owners and admins only', async () => {
    const team = await createStoreWithTeam();
    await send('PATCH', `/v1/admin/stores/${team.store.slug}/members/${team.memberIds.staff}`, team.tokens.owner, {
      role: 'admin',
    });
    await send('POST', `/v1/admin/stores/${team.store.slug}/api-keys`, team.tokens.owner, {
      name: 'erp',
      scopes: ['orders:read'],
    });
    const page = await (await send('GET', `/v1/admin/stores/${team.store.slug}/audit-log`, team.tokens.admin)).json<{
      data: { action: string; actorId: string }[];
    }>();
    expect(page.data.map((entry) => entry.action)).toEqual(['api_key.created', 'member.role_changed']);
    expect(page.data.every((entry) => entry.actorId === team.users.owner.id)).toBe(true);
    expect((await send('GET', `/v1/admin/stores/${team.store.slug}/audit-log`, team.tokens.staff)).status).toBe(403);
  });
});
