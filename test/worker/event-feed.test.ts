import { type Schema, validate } from '@cfworker/json-schema';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { encodeCursor } from '../../src/lib/cursor';
import { EVENT_TYPES } from '../../src/lib/event-topics';
import { api, countRoundTrips } from '../helpers/api';
import { createStoreWithTeam } from '../helpers/auth';
import { createCatalogStore } from '../helpers/catalog';
import { adminCaller, ownerOf, placeOrder, type AdminCall } from '../helpers/payments';
import { testDb } from '../helpers/stores';

interface FeedEvent {
  id: string;
  type: string;
  createdAt: string;
  data: Record<string, unknown>;
}
interface FeedPage {
  data: FeedEvent[];
  nextCursor: string;
}

/** Writes an event of `type` into the store's outbox, each call its own transaction (so its own txid). */
async function writeEvent(storeId: string, type: string, data: Record<string, unknown> = {}): Promise<string> {
  const { rows } = await testDb().execute<{
    id: string;
  }>(sql`INSERT INTO events (store_id, type, aggregate_type, aggregate_id, payload)
    VALUES (${storeId}, ${type}, 'test', gen_random_uuid(), ${JSON.stringify(data)}::jsonb) RETURNING id`);
  return rows[0]!.id;
}

async function poll(call: AdminCall, query = ''): Promise<FeedPage> {
  const response = await call('GET', `/events${query}`);
  expect(response.status, await response.clone().text()).toBe(200);
  return response.json<FeedPage>();
}

async function ownerCall() {
  const team = await createStoreWithTeam();
  return { store: team.store, call: adminCaller(team.store.slug, team.tokens.owner) };
}

describe('the event feed', () => {
  it('starts at the oldest event, pages in write order, and always hands back a cursor to poll with', async () => {
    const { store, call } = await ownerCall();
    const empty = await poll(call);
    expect(empty.data).toEqual([]);
    expect(empty.nextCursor).toEqual(expect.any(String));
    expect(await poll(call, `?after=${empty.nextCursor}`)).toEqual({ data: [], nextCursor: empty.nextCursor });

    const written = [];
    for (let n = 0; n < 5; n++) written.push(await writeEvent(store.id, 'product.created', { n }));
    const { requests, result } = await countRoundTrips(() => call('GET', `/events?after=${empty.nextCursor}&limit=2`));
    expect(requests).toBe(1);
    const first = await result.json<FeedPage>();
    expect(first.data.map((event) => event.id)).toEqual(written.slice(0, 2));
    expect(first.data[0]).toMatchObject({ type: 'product.created', data: { n: 0 } });
    expect(first.data[0]!.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const second = await poll(call, `?after=${first.nextCursor}&limit=2`);
    const third = await poll(call, `?after=${second.nextCursor}&limit=2`);
    expect([...second.data, ...third.data].map((event) => event.id)).toEqual(written.slice(2));
    const caughtUp = await poll(call, `?after=${third.nextCursor}`);
    expect(caughtUp).toEqual({ data: [], nextCursor: third.nextCursor });
    const later = await writeEvent(store.id, 'order.paid');
    expect((await poll(call, `?after=${caughtUp.nextCursor}`)).data.map((event) => event.id)).toEqual([later]);
    // Without `after`: from the oldest retained event.
    expect((await poll(call)).data.map((event) => event.id)).toEqual([...written, later]);
  });

  it('narrows to types and families, and refuses names it does not publish', async () => {
    const { store, call } = await ownerCall();
    const paid = await writeEvent(store.id, 'order.paid');
    const created = await writeEvent(store.id, 'order.created');
    const refunded = await writeEvent(store.id, 'payment.refunded');
    await writeEvent(store.id, 'product.created');
    const ids = async (types: string) => (await poll(call, `?types=${types}`)).data.map((event) => event.id);
    expect(await ids('order.*')).toEqual([paid, created]);
    expect(await ids('order.created,payment.refunded')).toEqual([created, refunded]);
    expect(await ids('order.*, order.paid')).toEqual([paid, created]);
    for (const types of ['order', 'nope.*', 'order.paid,unknown.type', '*', '', ',', 'x'.repeat(1001)]) {
      const response = await call('GET', `/events?types=${encodeURIComponent(types)}`);
      expect([400, 422], types).toContain(response.status);
    }
  });

  it('refuses cursors it did not give out, bad limits and unknown parameters', async () => {
    const { call } = await ownerCall();
    const someId = '01a22342-2eaf-7006-83f1-c2733eca36e3';
    const refused = [
      'after=not-a-cursor',
      `after=${encodeCursor(someId)}`,
      `after=${encodeCursor(someId, { sort: 'createdAt', value: '2026-01-01' })}`,
      `after=${encodeCursor(someId, { sort: 'txid', value: 12 })}`,
      `after=${encodeCursor(someId, { sort: 'txid', value: '-1' })}`,
      `after=${encodeCursor(someId, { sort: 'txid', value: '99999999999999999999' })}`,
      `after=${encodeCursor(someId, { sort: 'txid', value: '9223372036854775808' })}`,
      'limit=0',
      'limit=101',
      'limit=abc',
      'cursor=abc',
    ];
    for (const query of refused) {
      const response = await call('GET', `/events?${query}`);
      expect([400, 422], query).toContain(response.status);
    }
  });

  it('shows only its own store’s events, as the services write them', async () => {
    const catalog = await createCatalogStore();
    const order = await placeOrder(catalog, [['BAL-RPA-BLA-M', 1]]);
    const { store: other, call: otherCall } = await ownerCall();
    await writeEvent(other.id, 'order.paid');
    const call = await ownerOf(catalog);
    const mine = (await poll(call)).data;
    expect(mine.map((event) => event.type)).toContain('order.created');
    expect(mine.find((event) => event.type === 'order.created')?.data).toMatchObject({ orderId: order.id });
    expect((await poll(otherCall)).data.map((event) => event.type)).toEqual(['order.paid']);

    // Each payload keeps to the schema the document's webhooks section gives its topic.
    const { webhooks } = await (await api('/openapi.json')).json<{
      webhooks: Record<string, { post: { requestBody: { content: Record<string, { schema: Schema }> } } }>;
    }>();
    for (const event of mine) {
      const schema = webhooks[event.type]!.post.requestBody.content['application/json']!.schema;
      const body = { type: event.type, timestamp: event.createdAt, data: event.data };
      expect(validate(body, schema, '2020-12', undefined, false).errors, event.type).toEqual([]);
    }
  });

  it('every event type the services wrote is a published topic', async () => {
    // An order placed, paid and cancelled; and whatever earlier tests of this run left (stores a test
    // made are deleted after it). The tests' own rows (aggregate type `test`) are left out.
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const order = await placeOrder(catalog, [['BAL-RPA-BLA-M', 1]]);
    expect((await call('POST', `/payments/${order.payment!.id}/confirm`)).status).toBe(200);
    expect(
      (await call('POST', `/orders/${order.id}/status`, { status: 'cancelled', reason: 'Testing the topics' })).status,
    ).toBe(200);
    const { rows } = await testDb().execute<{ type: string }>(
      sql`SELECT DISTINCT type FROM events WHERE aggregate_type <> 'test' ORDER BY type`,
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((row) => row.type).filter((type) => !EVENT_TYPES.includes(type as never))).toEqual([]);
  });
});
