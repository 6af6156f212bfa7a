import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/lib/ids';
import { openEndpointSecret } from '../../src/services/webhooks/endpoint-secrets';
import { countRoundTrips } from '../helpers/api';
import { createStoreWithTeam, createTestApiKey } from '../helpers/auth';
import { type AdminCall, adminCaller } from '../helpers/payments';
import { auditRowsOf, testDb } from '../helpers/stores';
import { queuedAttemptMade } from '../helpers/webhooks';

interface Endpoint {
  id: string;
  url: string;
  description: string | null;
  eventTypes: string[];
  active: boolean;
  secretHint: string;
  previousSecretExpiresAt: string | null;
  failingSince: string | null;
  lastSuccessAt: string | null;
  disabledAt: string | null;
  disabledReason: string | null;
  secret?: string;
}

interface Delivery {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  status: string;
  attempts: number;
  nextAttemptAt: string | null;
  payload?: unknown;
  attemptLog?: unknown[];
}

interface Problem {
  code: string;
  detail: string;
}

const HOOK = { url: 'https://hooks.example.com/commerce', eventTypes: ['order.*', 'payment.succeeded'] };
const SECRET_FORMAT = /^whsec_[A-Za-z0-9+/]{32}$/;

async function ownerStore() {
  const team = await createStoreWithTeam();
  return { team, call: adminCaller(team.store.slug, team.tokens.owner) };
}

async function createEndpoint(call: AdminCall, body: Record<string, unknown> = HOOK): Promise<Endpoint> {
  const response = await call('POST', '/webhook-endpoints', body);
  expect(response.status, await response.clone().text()).toBe(201);
  return response.json<Endpoint>();
}

async function endpointRow(id: string) {
  const { rows } = await testDb().execute<{
    secret_ciphertext: string;
    previous_secret_ciphertext: string | null;
    previous_secret_expires_at: string | null;
  }>(sql`SELECT secret_ciphertext, previous_secret_ciphertext, previous_secret_expires_at::text
    FROM webhook_endpoints WHERE id = ${id}`);
  return rows[0];
}

async function endpointCount(storeId: string): Promise<number> {
  const { rows } = await testDb().execute<{ count: string }>(
    sql`SELECT count(*) FROM webhook_endpoints WHERE store_id = ${storeId}`,
  );
  return Number(rows[0]!.count);
}

/** An event of `type` and its delivery to the endpoint, written directly (the relay is another part's). */
async function seedDelivery(storeId: string, endpointId: string, type: string, status = 'pending'): Promise<string> {
  const eventId = uuidv7();
  const deliveryId = uuidv7();
  await testDb().execute(sql`INSERT INTO events (id, store_id, type, aggregate_type, aggregate_id, payload, published_at)
    VALUES (${eventId}, ${storeId}, ${type}, 'order', ${uuidv7()}, '{}'::jsonb, now())`);
  await testDb().execute(sql`INSERT INTO webhook_deliveries (id, store_id, endpoint_id, event_id, status, attempts)
    VALUES (${deliveryId}, ${storeId}, ${endpointId}, ${eventId}, ${status}::webhook_delivery_status, 1)`);
  return deliveryId;
}

describe('admin webhook endpoints', () => {
  it('creates, reads, lists, changes and deletes an endpoint: one round trip each, audited, the secret shown once', async () => {
    const { team, call } = await ownerStore();
    const created = await countRoundTrips(() =>
      call('POST', '/webhook-endpoints', { ...HOOK, description: 'Depósito' }),
    );
    expect(created.result.status, await created.result.clone().text()).toBe(201);
    expect(created.requests).toBe(1);
    const endpoint = await created.result.json<Endpoint>();
    expect(endpoint).toMatchObject({ ...HOOK, description: 'Depósito', active: true, disabledAt: null });
    expect(endpoint.secret).toMatch(SECRET_FORMAT);
    const secret = endpoint.secret!;
    expect(endpoint.secretHint).toBe(secret.slice(-4));

    // Never again: not in the read, the list, the audit log, nor in clear in the database.
    const read = await countRoundTrips(() => call('GET', `/webhook-endpoints/${endpoint.id}`));
    expect(read.requests).toBe(1);
    const { secret: _shown, ...view } = endpoint;
    expect(await read.result.json()).toEqual(view);
    const list = await countRoundTrips(() => call('GET', '/webhook-endpoints'));
    expect(list.requests).toBe(1);
    const listText = await list.result.text();
    expect(JSON.parse(listText)).toEqual({ data: [view] });
    expect(listText).not.toContain(secret);
    const row = await endpointRow(endpoint.id);
    expect(row!.secret_ciphertext).not.toContain(secret.slice(6));
    expect(await openEndpointSecret(env.PAYMENT_SECRETS_KEY, endpoint.id, row!.secret_ciphertext)).toBe(secret);

    const changed = await countRoundTrips(() =>
      call('PATCH', `/webhook-endpoints/${endpoint.id}`, {
        eventTypes: ['*'],
        description: null,
        active: false,
        url: 'https://hooks.example.com/v2',
      }),
    );
    expect(changed.result.status, await changed.result.clone().text()).toBe(200);
    expect(changed.requests).toBe(1);
    expect(await changed.result.json()).toMatchObject({
      eventTypes: ['*'],
      description: null,
      active: false,
      url: 'https://hooks.example.com/v2',
      secretHint: endpoint.secretHint,
    });

    const deleted = await countRoundTrips(() => call('DELETE', `/webhook-endpoints/${endpoint.id}`));
    expect(deleted.result.status).toBe(204);
    expect(deleted.requests).toBe(1);
    expect((await call('GET', `/webhook-endpoints/${endpoint.id}`)).status).toBe(404);
    expect((await call('DELETE', `/webhook-endpoints/${endpoint.id}`)).status).toBe(404);

    const audit = await Promise.all(
      ['created', 'updated', 'deleted'].map((action) => auditRowsOf(team.store.id, `webhook_endpoint.${action}`)),
    );
    expect(audit.map((rows) => rows.length)).toEqual([1, 1, 1]);
    expect(audit[0]![0]).toMatchObject({ before: null, after: { url: HOOK.url, secretHint: endpoint.secretHint } });
    expect(JSON.stringify(audit)).not.toContain(secret);
  });

  it('deduplicates event types and takes exact names, families and *', async () => {
    const { call } = await ownerStore();
    const endpoint = await createEndpoint(call, {
      ...HOOK,
      eventTypes: ['order.*', 'order.*', 'customer.created', 'webhook_endpoint.disabled', '*'],
    });
    expect(endpoint.eventTypes).toEqual(['order.*', 'customer.created', 'webhook_endpoint.disabled', '*']);
  });

  it('takes every family of a topic with several dots, and no prefix that is not one', async () => {
    const { call } = await ownerStore();
    const endpoint = await createEndpoint(call, {
      ...HOOK,
      eventTypes: ['group-commerce.*', 'group-commerce.campaign.*', 'group-commerce.campaign.joined'],
    });
    expect(endpoint.eventTypes).toEqual([
      'group-commerce.*',
      'group-commerce.campaign.*',
      'group-commerce.campaign.joined',
    ]);
    for (const eventType of ['group-commerce.camp.*', 'group-commerce.campaign.joined.*', 'group.*']) {
      const response = await call('POST', '/webhook-endpoints', { ...HOOK, eventTypes: [eventType] });
      expect(response.status, eventType).toBe(422);
    }
  });

  it('refuses bad bodies with a 4xx and changes nothing', async () => {
    const { team, call } = await ownerStore();
    const bodies: [string, unknown][] = [
      ['empty', {}],
      ['no url', { eventTypes: ['order.*'] }],
      ['no event types', { url: HOOK.url }],
      ['no event type', { ...HOOK, eventTypes: [] }],
      ['unknown event type', { ...HOOK, eventTypes: ['order.exploded'] }],
      ['unknown family', { ...HOOK, eventTypes: ['nothing.*'] }],
      ['a half wildcard', { ...HOOK, eventTypes: ['order.pa*'] }],
      ['too many event types', { ...HOOK, eventTypes: Array(51).fill('order.paid') }],
      ['event types not a list', { ...HOOK, eventTypes: 'order.*' }],
      ['url not a string', { ...HOOK, url: 42 }],
      ['url too long', { ...HOOK, url: `https://hooks.example.com/${'a'.repeat(2100)}` }],
      ['empty description', { ...HOOK, description: '   ' }],
      ['huge description', { ...HOOK, description: 'x'.repeat(501) }],
      ['active not a boolean', { ...HOOK, active: 'yes' }],
      ['unknown key', { ...HOOK, secret: 'whsec_mine' }],
      ['not an object', ['https://hooks.example.com']],
    ];
    for (const [label, body] of bodies) {
      const response = await call('POST', '/webhook-endpoints', body);
      expect([400, 422], `${label}: ${await response.clone().text()}`).toContain(response.status);
    }
    const endpoint = await createEndpoint(call);
    for (const body of [
      {},
      { unknown: 1 },
      { eventTypes: [] },
      { url: 'http://hooks.example.com' },
      { active: null },
    ]) {
      const response = await call('PATCH', `/webhook-endpoints/${endpoint.id}`, body);
      expect([400, 422], JSON.stringify(body)).toContain(response.status);
    }
    expect(await endpointCount(team.store.id)).toBe(1);
    expect(await (await call('GET', `/webhook-endpoints/${endpoint.id}`)).json()).toMatchObject(HOOK);
  });

  it.each([
    ['http://hooks.example.com/', 'https'],
    ['hooks.example.com', 'absolute'],
    ['https://user:secret@hooks.example.com/', 'user name or password'],
    ['https://localhost/hook', 'localhost'],
    ['https://127.0.0.1/hook', 'loopback'],
    ['https://[::1]/hook', 'loopback'],
    ['https://10.1.2.3/hook', 'private'],
    ['https://172.20.0.5/hook', 'private'],
    ['https://192.168.0.10/hook', 'private'],
    ['https://100.100.100.100/hook', 'CGNAT'],
    ['https://169.254.169.254/latest/meta-data', 'link-local'],
    ['https://[fe80::abcd]/hook', 'link-local'],
    ['https://0.0.0.0/hook', 'unspecified'],
    ['https://[fd00::1]/hook', 'unique-local'],
    ['https://[::ffff:192.168.0.1]/hook', 'private'],
  ])('refuses %s (%s) on create and on change, with a 422 saying why', async (url, reason) => {
    const { team, call } = await ownerStore();
    const refused = await call('POST', '/webhook-endpoints', { ...HOOK, url });
    expect(refused.status).toBe(422);
    expect((await refused.json<Problem>()).detail).toContain(reason);
    expect(await endpointCount(team.store.id)).toBe(0);
    const endpoint = await createEndpoint(call);
    const change = await call('PATCH', `/webhook-endpoints/${endpoint.id}`, { url });
    expect(change.status).toBe(422);
    expect((await change.json<Problem>()).detail).toContain(reason);
    expect((await (await call('GET', `/webhook-endpoints/${endpoint.id}`)).json<Endpoint>()).url).toBe(HOOK.url);
  });

  it('allows plain http to 127.0.0.1 where the Worker runs in test or development', async () => {
    const { call } = await ownerStore();
    const endpoint = await createEndpoint(call, { ...HOOK, url: 'http://127.0.0.1:9999/receiver' });
    expect(endpoint.url).toBe('http://127.0.0.1:9999/receiver');
  });

  it('caps a store at 20 endpoints', async () => {
    const { team, call } = await ownerStore();
    for (let n = 0; n < 20; n++) await createEndpoint(call, { ...HOOK, url: `https://hooks.example.com/${n}` });
    const refused = await call('POST', '/webhook-endpoints', HOOK);
    expect(refused.status).toBe(409);
    expect(await endpointCount(team.store.id)).toBe(20);
    expect((await (await call('GET', '/webhook-endpoints')).json<{ data: Endpoint[] }>()).data).toHaveLength(20);
  });

  it('rotates the secret: a new one shown once, the old one kept 24 hours, a second rotation replacing it', async () => {
    const { team, call } = await ownerStore();
    const endpoint = await createEndpoint(call);
    const rotation = await countRoundTrips(() => call('POST', `/webhook-endpoints/${endpoint.id}/rotate-secret`));
    expect(rotation.result.status, await rotation.result.clone().text()).toBe(200);
    expect(rotation.requests).toBe(1);
    const rotated = await rotation.result.json<Endpoint>();
    expect(rotated.secret).toMatch(SECRET_FORMAT);
    expect(rotated.secret).not.toBe(endpoint.secret);
    expect(rotated.secretHint).toBe(rotated.secret!.slice(-4));
    const expires = Date.parse(rotated.previousSecretExpiresAt!);
    expect(Math.abs(expires - Date.now() - 24 * 3_600_000)).toBeLessThan(60_000);

    const open = (sealed: string | null | undefined) =>
      openEndpointSecret(env.PAYMENT_SECRETS_KEY, endpoint.id, sealed!);
    let row = await endpointRow(endpoint.id);
    expect(await open(row!.secret_ciphertext)).toBe(rotated.secret);
    expect(await open(row!.previous_secret_ciphertext)).toBe(endpoint.secret);
    expect(JSON.stringify(await (await call('GET', `/webhook-endpoints/${endpoint.id}`)).json())).not.toContain(
      rotated.secret,
    );

    const again = await (await call('POST', `/webhook-endpoints/${endpoint.id}/rotate-secret`)).json<Endpoint>();
    row = await endpointRow(endpoint.id);
    expect(await open(row!.secret_ciphertext)).toBe(again.secret);
    expect(await open(row!.previous_secret_ciphertext)).toBe(rotated.secret);

    const audit = await auditRowsOf(team.store.id, 'webhook_endpoint.secret_rotated');
    expect(audit).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toMatch(/whsec_/);
  });

  it('pings one endpoint: a published webhook.ping event and one delivery for it alone, in one round trip', async () => {
    const { team, call } = await ownerStore();
    const endpoint = await createEndpoint(call);
    const other = await createEndpoint(call, { ...HOOK, eventTypes: ['*'] });
    const ping = await countRoundTrips(() => call('POST', `/webhook-endpoints/${endpoint.id}/ping`));
    expect(ping.result.status, await ping.result.clone().text()).toBe(202);
    expect(ping.requests).toBe(1);
    const delivery = await ping.result.json<Delivery>();
    await queuedAttemptMade(delivery.id, 1);
    // The tests send only to loopback hosts: the queue's attempt at a public host failed for good, no retry.
    const { rows: attempted } = await testDb().execute<{
      status: string;
      next_attempt_at: string | null;
      last_error: string;
    }>(sql`SELECT status, next_attempt_at, last_error FROM webhook_deliveries WHERE id = ${delivery.id}`);
    expect(attempted).toEqual([
      {
        status: 'failed',
        next_attempt_at: null,
        last_error: 'not sent: this environment sends only to loopback hosts',
      },
    ]);
    expect(delivery).toMatchObject({
      endpointId: endpoint.id,
      eventType: 'webhook.ping',
      payload: { endpointId: endpoint.id, url: HOOK.url },
    });

    const { rows: events } = await testDb().execute<{ type: string; published: boolean }>(
      sql`SELECT type, published_at IS NOT NULL AS published FROM events WHERE id = ${delivery.eventId}`,
    );
    expect(events).toEqual([{ type: 'webhook.ping', published: true }]);
    const { rows: deliveries } = await testDb().execute<{ endpoint_id: string }>(
      sql`SELECT endpoint_id FROM webhook_deliveries WHERE event_id = ${delivery.eventId}`,
    );
    expect(deliveries).toEqual([{ endpoint_id: endpoint.id }]);

    const listed = await (await call('GET', `/webhook-endpoints/${endpoint.id}/deliveries`)).json<{
      data: Delivery[];
    }>();
    expect(listed.data.map((row) => row.id)).toEqual([delivery.id]);
    const otherList = await (await call('GET', `/webhook-endpoints/${other.id}/deliveries`)).json<{
      data: Delivery[];
    }>();
    expect(otherList.data).toEqual([]);
    expect(await auditRowsOf(team.store.id, 'webhook_endpoint.pinged')).toHaveLength(1);
  });

  it('lists deliveries newest first, filtered by status and event type, page by page', async () => {
    const { team, call } = await ownerStore();
    const endpoint = await createEndpoint(call);
    const storeId = team.store.id;
    const paid = await seedDelivery(storeId, endpoint.id, 'order.paid', 'succeeded');
    const created = await seedDelivery(storeId, endpoint.id, 'order.created', 'failed');
    const payment = await seedDelivery(storeId, endpoint.id, 'payment.succeeded', 'pending');
    const list = async (query: string) => {
      const response = await countRoundTrips(() => call('GET', `/webhook-endpoints/${endpoint.id}/deliveries${query}`));
      expect(response.result.status, await response.result.clone().text()).toBe(200);
      expect(response.requests).toBe(1);
      return response.result.json<{ data: Delivery[]; nextCursor: string | null }>();
    };
    expect((await list('')).data.map((row) => row.id)).toEqual([payment, created, paid]);
    expect((await list('?status=failed')).data.map((row) => row.id)).toEqual([created]);
    expect((await list('?eventType=order.*')).data.map((row) => row.id)).toEqual([created, paid]);
    expect((await list('?eventType=order.paid')).data.map((row) => row.id)).toEqual([paid]);
    expect((await list('?eventType=order.*&status=succeeded')).data.map((row) => row.id)).toEqual([paid]);
    const first = await list('?limit=2');
    expect(first.data.map((row) => row.id)).toEqual([payment, created]);
    const second = await list(`?limit=2&cursor=${first.nextCursor}`);
    expect(second).toEqual({
      data: [expect.objectContaining({ id: paid, eventType: 'order.paid' })],
      nextCursor: null,
    });
    for (const query of ['?status=lost', '?eventType=nope', '?limit=0', '?cursor=bogus', '?extra=1']) {
      expect([400, 422], query).toContain(
        (await call('GET', `/webhook-endpoints/${endpoint.id}/deliveries${query}`)).status,
      );
    }

    const detail = await call('GET', `/webhook-endpoints/${endpoint.id}/deliveries/${paid}`);
    expect(detail.status).toBe(200);
    expect(await detail.json()).toMatchObject({ id: paid, eventType: 'order.paid', payload: {}, attemptLog: [] });
  });

  it('redelivers a delivery, failed or succeeded: pending, due now, out of any lease, audited', async () => {
    const { team, call } = await ownerStore();
    const endpoint = await createEndpoint(call);
    for (const status of ['failed', 'succeeded']) {
      const deliveryId = await seedDelivery(team.store.id, endpoint.id, 'order.paid', status);
      await testDb().execute(sql`UPDATE webhook_deliveries
        SET lease_until = now() + interval '1 hour', next_attempt_at = NULL WHERE id = ${deliveryId}`);
      const redelivered = await countRoundTrips(() =>
        call('POST', `/webhook-endpoints/${endpoint.id}/deliveries/${deliveryId}/redeliver`),
      );
      expect(redelivered.result.status, await redelivered.result.clone().text()).toBe(202);
      expect(redelivered.requests).toBe(1);
      const delivery = await redelivered.result.json<Delivery>();
      expect(delivery).toMatchObject({ id: deliveryId, status: 'pending', attempts: 1 });
      expect(Math.abs(Date.parse(delivery.nextAttemptAt!) - Date.now())).toBeLessThan(60_000);
      const { rows } = await testDb().execute<{ lease_until: string | null }>(
        sql`SELECT lease_until FROM webhook_deliveries WHERE id = ${deliveryId}`,
      );
      expect(rows[0]!.lease_until).toBeNull();
      await queuedAttemptMade(deliveryId, 2);
    }
    const audit = await auditRowsOf(team.store.id, 'webhook_delivery.redelivered');
    expect(audit.map((entry) => (entry.before as { status: string }).status)).toEqual(['failed', 'succeeded']);
    expect((await call('POST', `/webhook-endpoints/${endpoint.id}/deliveries/${uuidv7()}/redeliver`)).status).toBe(404);
  });

  it('re-enabling a disabled endpoint clears what disabling left', async () => {
    const { call } = await ownerStore();
    const endpoint = await createEndpoint(call);
    await testDb().execute(sql`UPDATE webhook_endpoints SET active = false, disabled_at = now(),
      disabled_reason = 'Failing for 5 days', failing_since = now() - interval '5 days' WHERE id = ${endpoint.id}`);
    const disabled = await (await call('GET', `/webhook-endpoints/${endpoint.id}`)).json<Endpoint>();
    expect(disabled).toMatchObject({ active: false, disabledReason: 'Failing for 5 days' });
    expect(disabled.disabledAt).not.toBeNull();
    const enabled = await (await call('PATCH', `/webhook-endpoints/${endpoint.id}`, { active: true })).json<Endpoint>();
    expect(enabled).toMatchObject({ active: true, disabledAt: null, disabledReason: null, failingSince: null });
  });

  it('answers 404 for another store’s endpoint and deliveries, on every route', async () => {
    const mine = await ownerStore();
    const theirs = await ownerStore();
    const endpoint = await createEndpoint(theirs.call);
    const deliveryId = await seedDelivery(theirs.team.store.id, endpoint.id, 'order.paid', 'failed');
    const at = `/webhook-endpoints/${endpoint.id}`;
    const calls: [string, string, unknown?][] = [
      ['GET', at],
      ['PATCH', at, { active: false }],
      ['DELETE', at],
      ['POST', `${at}/rotate-secret`],
      ['POST', `${at}/ping`],
      ['GET', `${at}/deliveries`],
      ['GET', `${at}/deliveries/${deliveryId}`],
      ['POST', `${at}/deliveries/${deliveryId}/redeliver`],
    ];
    for (const [method, path, body] of calls) {
      expect((await mine.call(method, path, body)).status, `${method} ${path}`).toBe(404);
    }
    // A delivery of another endpoint, even of the same store, is not this one's.
    const own = await createEndpoint(theirs.call);
    expect((await theirs.call('GET', `/webhook-endpoints/${own.id}/deliveries/${deliveryId}`)).status).toBe(404);
    expect((await mine.call('GET', '/webhook-endpoints')).status).toBe(200);
    expect(await (await mine.call('GET', '/webhook-endpoints')).json()).toEqual({ data: [] });
    expect(await (await theirs.call('GET', at)).json()).toMatchObject({ active: true, url: HOOK.url });
    const { rows } = await testDb().execute<{ status: string }>(
      sql`SELECT status FROM webhook_deliveries WHERE id = ${deliveryId}`,
    );
    expect(rows).toEqual([{ status: 'failed' }]);
  });

  it('takes webhooks:read and webhooks:write, which API keys may hold; staff have neither', async () => {
    const { team } = await ownerStore();
    const staff = adminCaller(team.store.slug, team.tokens.staff);
    expect((await staff('GET', '/webhook-endpoints')).status).toBe(403);
    const reader = adminCaller(team.store.slug, (await createTestApiKey(team.store, ['webhooks:read'])).secret);
    expect((await reader('GET', '/webhook-endpoints')).status).toBe(200);
    expect((await reader('POST', '/webhook-endpoints', HOOK)).status).toBe(403);
    const writer = adminCaller(team.store.slug, (await createTestApiKey(team.store, ['webhooks:write'])).secret);
    expect((await writer('POST', '/webhook-endpoints', HOOK)).status).toBe(201);
  });
});
