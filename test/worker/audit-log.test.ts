import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog } from '../../src/db/schema';
import type { Permission } from '../../src/lib/permissions';
import { api, countRoundTrips } from '../helpers/api';
import { bearer, createTestApiKey } from '../helpers/auth';
import { type CatalogStore, createCatalogStore } from '../helpers/catalog';
import { moveOrder, orderIn } from '../helpers/orders';
import { type AdminCall, ownerOf, placeOrder } from '../helpers/payments';
import { testDb } from '../helpers/stores';
import {
  failNextStripeCall,
  paymentIntentObject,
  placeCardOrder,
  sendWebhook,
  setUpStripe,
  stripeEvent,
} from '../helpers/stripe';

interface AuditEntry {
  id: string;
  action: string;
  actorType: string;
  actorId: string | null;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
  createdAt: string;
}

interface AuditPage {
  data: AuditEntry[];
  nextCursor: string | null;
}

/** Calls the store's admin API with a fresh API key of these scopes; answers the call and the key. */
async function keyOf(
  catalog: CatalogStore,
  scopes: Permission[],
): Promise<{ call: AdminCall; keyId: string; secret: string }> {
  const store = { id: catalog.storeId } as Parameters<typeof createTestApiKey>[0];
  const { id, secret } = await createTestApiKey(store, scopes);
  const call: AdminCall = (method, path, body) =>
    api(
      `/v1/admin/stores/${catalog.slug}${path}`,
      bearer(secret, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
  return { call, keyId: id, secret };
}

/** The store's audit rows of `action`, oldest first, straight from the table. */
async function rowsOf(storeId: string, action: string) {
  return testDb()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.storeId, storeId), eq(auditLog.action, action)))
    .orderBy(auditLog.id);
}

/** GETs the audit log with these query parameters. */
async function readLog(call: AdminCall, query: Record<string, string> = {}) {
  return call('GET', `/audit-log?${new URLSearchParams(query)}`);
}

async function logPage(call: AdminCall, query: Record<string, string> = {}): Promise<AuditPage> {
  const response = await readLog(call, query);
  expect(response.status, await response.clone().text()).toBe(200);
  return response.json<AuditPage>();
}

async function expectStatus(response: Promise<Response>, status: number) {
  const answer = await response;
  expect(answer.status, await answer.clone().text()).toBe(status);
  return answer;
}

describe('audit log: every admin write leaves one row, in its own round trip', () => {
  it('payment.confirmed by a member; confirming it again is refused and writes nothing', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const order = await placeOrder(catalog, [['BAL-HOE-NEG-M', 1]]);
    const paymentId = order.payment!.id;

    const { requests, result } = await countRoundTrips(() =>
      call('POST', `/payments/${paymentId}/confirm`, { referenceSeen: 'Transfer 991', note: 'Seen at the bank' }),
    );
    expect(result.status, await result.clone().text()).toBe(200);
    expect(requests).toBe(1);
    const rows = await rowsOf(catalog.storeId, 'payment.confirmed');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actorType: 'user',
      actorId: catalog.owner.id,
      entityType: 'payment',
      entityId: paymentId,
      before: { status: 'pending' },
      after: { status: 'confirmed', referenceSeen: 'Transfer 991' },
      requestId: result.headers.get('x-request-id'),
    });

    await expectStatus(call('POST', `/payments/${paymentId}/confirm`), 409);
    expect(await rowsOf(catalog.storeId, 'payment.confirmed')).toHaveLength(1);
  });

  it('payment.rejected by an API key, with the reason; a refused decision writes nothing', async () => {
    const catalog = await createCatalogStore();
    const { call, keyId } = await keyOf(catalog, ['payments:write']);
    const order = await placeOrder(catalog, [['BAL-HOE-NEG-M', 1]]);
    const paymentId = order.payment!.id;

    const { requests, result } = await countRoundTrips(() =>
      call('POST', `/payments/${paymentId}/reject`, { reason: 'No transfer arrived' }),
    );
    expect(result.status, await result.clone().text()).toBe(200);
    expect(requests).toBe(2); // the key, then the write
    expect(await rowsOf(catalog.storeId, 'payment.rejected')).toMatchObject([
      {
        actorType: 'api_key',
        actorId: keyId,
        entityType: 'payment',
        entityId: paymentId,
        before: { status: 'pending' },
        after: { status: 'rejected', failureReason: 'No transfer arrived' },
      },
    ]);

    await expectStatus(call('POST', `/payments/${paymentId}/reject`, { reason: 'Again' }), 409);
    await expectStatus(call('POST', `/payments/${paymentId}/confirm`), 409);
    expect(await rowsOf(catalog.storeId, 'payment.rejected')).toHaveLength(1);
    expect(await rowsOf(catalog.storeId, 'payment.confirmed')).toHaveLength(0);
  });

  it('refund.created with amount, reason and restock lines; a refund beyond the payment writes nothing', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const order = await orderIn(catalog, call, 'paid');
    const [line] = order.items;

    const { requests, result } = await countRoundTrips(() =>
      call('POST', `/orders/${order.id}/refunds`, {
        amount: 1000,
        reason: 'Came back',
        restock: [{ orderItemId: line!.id, quantity: 1 }],
      }),
    );
    expect(result.status, await result.clone().text()).toBe(201);
    expect(requests).toBe(1);
    const refund = await result.json<{ id: string; paymentId: string }>();
    expect(await rowsOf(catalog.storeId, 'refund.created')).toMatchObject([
      {
        actorType: 'user',
        actorId: catalog.owner.id,
        entityType: 'refund',
        entityId: refund.id,
        before: null,
        after: {
          paymentId: refund.paymentId,
          orderId: order.id,
          amount: 1000,
          currency: order.currency,
          reason: 'Came back',
          status: 'succeeded',
          restock: [{ orderItemId: line!.id, quantity: 1 }],
        },
      },
    ]);

    await expectStatus(call('POST', `/orders/${order.id}/refunds`, { amount: order.totals.total }), 409);
    expect(await rowsOf(catalog.storeId, 'refund.created')).toHaveLength(1);
  });

  it('a card refund Stripe refuses: refund.created when it was held, then refund.failed with Stripe’s code', async () => {
    const catalog = await createCatalogStore();
    const keys = await setUpStripe(catalog);
    const call = await ownerOf(catalog);
    const order = await placeCardOrder(catalog, 1);
    const paid = await sendWebhook(
      catalog.slug,
      stripeEvent('payment_intent.succeeded', paymentIntentObject(order)),
      keys.webhookSecret,
    );
    expect(await paid.json()).toMatchObject({ outcome: 'applied' });
    // Stripe's webhook is the system's doing, not staff's: it leaves no audit row.
    expect(await rowsOf(catalog.storeId, 'payment.confirmed')).toEqual([]);

    await failNextStripeCall(402, 'charge_disputed', 'This charge is disputed.');
    await expectStatus(call('POST', `/orders/${order.id}/refunds`, { amount: 100 }), 502);
    const [created] = await rowsOf(catalog.storeId, 'refund.created');
    expect(created).toMatchObject({ entityType: 'refund', after: { amount: 100, status: 'pending' } });
    expect(await rowsOf(catalog.storeId, 'refund.failed')).toMatchObject([
      {
        entityId: created!.entityId,
        actorId: catalog.owner.id,
        before: { status: 'pending' },
        after: { status: 'failed', error: 'charge_disputed' },
      },
    ]);
  });

  it('order.status_changed for each move, with the status left, the one reached and the reason; refused moves write nothing', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const order = await orderIn(catalog, call, 'paid');
    const moved = await rowsOf(catalog.storeId, 'order.status_changed');
    expect(moved.map((row) => [row.before, row.after])).toEqual([[{ status: 'pending_payment' }, { status: 'paid' }]]);

    const { requests, result } = await countRoundTrips(() =>
      call('POST', `/orders/${order.id}/status`, { status: 'preparing', reason: 'Packing today' }),
    );
    expect(result.status, await result.clone().text()).toBe(200);
    expect(requests).toBe(1);
    await expectStatus(moveOrder(call, order.id, 'delivered'), 409);
    await expectStatus(call('POST', `/orders/${order.id}/status`, { status: 'shipped', expectedStatus: 'paid' }), 409);
    await expectStatus(moveOrder(call, order.id, 'cancelled', 'Out of stock at the warehouse'), 200);
    await expectStatus(moveOrder(call, order.id, 'cancelled', 'Again'), 409);

    const rows = await rowsOf(catalog.storeId, 'order.status_changed');
    expect(rows.map((row) => [row.entityType, row.entityId, row.before, row.after])).toEqual([
      ['order', order.id, { status: 'pending_payment' }, { status: 'paid' }],
      ['order', order.id, { status: 'paid' }, { status: 'preparing', reason: 'Packing today' }],
      ['order', order.id, { status: 'preparing' }, { status: 'cancelled', reason: 'Out of stock at the warehouse' }],
    ]);
    expect(rows.every((row) => row.actorType === 'user' && row.actorId === catalog.owner.id)).toBe(true);

    // An unpaid order's cancellation too.
    const unpaid = await placeOrder(catalog, [['BAL-HOE-NEG-M', 1]]);
    await expectStatus(moveOrder(call, unpaid.id, 'cancelled', 'Buyer changed their mind'), 200);
    expect((await rowsOf(catalog.storeId, 'order.status_changed')).at(-1)).toMatchObject({
      entityId: unpaid.id,
      before: { status: 'pending_payment' },
      after: { status: 'cancelled', reason: 'Buyer changed their mind' },
    });
  });

  it('shipment.created and shipment.updated hold only what changed; no change and a move back write nothing', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const order = await orderIn(catalog, call, 'paid');

    const { requests, result } = await countRoundTrips(() =>
      call('POST', `/orders/${order.id}/shipments`, { carrier: 'OCA', trackingNumber: 'OCA-1' }),
    );
    expect(result.status, await result.clone().text()).toBe(201);
    expect(requests).toBe(1);
    const shipment = await result.json<{ id: string }>();
    expect(await rowsOf(catalog.storeId, 'shipment.created')).toMatchObject([
      {
        entityType: 'shipment',
        entityId: shipment.id,
        before: null,
        after: { orderId: order.id, carrier: 'OCA', trackingNumber: 'OCA-1', status: 'created' },
      },
    ]);

    const { call: byKey, keyId } = await keyOf(catalog, ['shipments:write']);
    const updated = await countRoundTrips(() =>
      byKey('PATCH', `/shipments/${shipment.id}`, { status: 'in_transit', trackingNumber: 'OCA-1' }),
    );
    expect(updated.result.status, await updated.result.clone().text()).toBe(200);
    expect(updated.requests).toBe(2);
    await expectStatus(call('PATCH', `/shipments/${shipment.id}`, { status: 'in_transit' }), 200);
    await expectStatus(call('PATCH', `/shipments/${shipment.id}`, { labelUrl: 'https://labels.example/1.pdf' }), 200);
    await expectStatus(call('PATCH', `/shipments/${shipment.id}`, { status: 'delivered' }), 200);
    await expectStatus(call('PATCH', `/shipments/${shipment.id}`, { status: 'in_transit' }), 409);

    const rows = await rowsOf(catalog.storeId, 'shipment.updated');
    expect(rows.map((row) => [row.actorType, row.actorId, row.entityId, row.before, row.after])).toEqual([
      ['api_key', keyId, shipment.id, { status: 'created' }, { status: 'in_transit' }],
      ['user', catalog.owner.id, shipment.id, { labelUrl: null }, { labelUrl: 'https://labels.example/1.pdf' }],
      ['user', catalog.owner.id, shipment.id, { status: 'in_transit' }, { status: 'delivered' }],
    ]);
  });

  it('an image’s alt text, the one catalog write that had none', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const productId = catalog.product('hoodie-oversize-essential').id;
    const added = await expectStatus(
      call('POST', `/products/${productId}/images`, { url: 'https://x.test/a.jpg', alt: 'Front' }),
      201,
    );
    const [image] = (await added.json<{ data: { id: string }[] }>()).data.slice(-1);
    await expectStatus(call('PATCH', `/products/${productId}/images/${image!.id}`, { alt: 'Back' }), 200);
    expect(await rowsOf(catalog.storeId, 'product.image_updated')).toMatchObject([
      { entityType: 'product', entityId: productId, after: { imageId: image!.id, alt: 'Back' } },
    ]);
  });
});

describe('audit log: filters and pages', () => {
  /** A store with a known log: an order paid, prepared and cancelled by the owner, a key made, and a payment rejected by it. */
  async function storeWithHistory() {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const order = await orderIn(catalog, call, 'preparing');
    await expectStatus(moveOrder(call, order.id, 'cancelled', 'Lost parcel'), 200);
    const key = await keyOf(catalog, ['payments:write', 'audit:read']);
    const rejected = await placeOrder(catalog, [['BAL-HOE-NEG-M', 1]]);
    await expectStatus(key.call('POST', `/payments/${rejected.payment!.id}/reject`, { reason: 'Fake receipt' }), 200);
    return { catalog, call, order, rejected, key };
  }

  it('narrows by action, action family, actor, entity, and their combination, in one round trip', async () => {
    const { catalog, call, order, rejected, key } = await storeWithHistory();
    const all = await logPage(call);
    expect(all.data.map((entry) => entry.action)).toEqual([
      'payment.rejected',
      'api_key.created',
      'order.status_changed',
      'order.status_changed',
      'order.status_changed',
    ]);

    const { requests, result } = await countRoundTrips(() => readLog(call, { action: 'order.status_changed' }));
    expect(requests).toBe(1);
    expect((await result.json<AuditPage>()).data).toHaveLength(3);
    expect((await logPage(call, { action: 'order.*' })).data).toHaveLength(3);
    expect((await logPage(call, { action: 'order' })).data).toHaveLength(0);
    expect((await logPage(call, { action: 'payment.*' })).data.map((entry) => entry.action)).toEqual([
      'payment.rejected',
    ]);

    const byKey = await logPage(call, { actorType: 'api_key' });
    expect(byKey.data.map((entry) => [entry.actorId, entry.entityId])).toEqual([[key.keyId, rejected.payment!.id]]);
    expect((await logPage(call, { actorId: catalog.owner.id! })).data).toHaveLength(3);
    expect((await logPage(call, { actorType: 'system' })).data).toHaveLength(0);
    expect((await logPage(call, { entityType: 'payment' })).data).toHaveLength(1);
    expect((await logPage(call, { entityId: order.id })).data).toHaveLength(3);

    const combined = await logPage(call, {
      action: 'order.*',
      actorType: 'user',
      actorId: catalog.owner.id!,
      entityType: 'order',
      entityId: order.id,
    });
    expect(combined.data.map((entry) => (entry.after as { status: string }).status)).toEqual([
      'cancelled',
      'preparing',
      'paid',
    ]);
    expect((await logPage(call, { action: 'order.*', actorType: 'api_key' })).data).toHaveLength(0);
    // The key reads the log too (audit:read), with the same filters.
    expect((await logPage(key.call, { entityId: rejected.payment!.id })).data).toHaveLength(1);
  });

  it('a time range: from inclusive, to exclusive', async () => {
    const { call } = await storeWithHistory();
    const ids = (await logPage(call)).data.map((entry) => entry.id).reverse();
    // Each row at a minute of its own, oldest first, so the bounds do not depend on how fast the test ran.
    for (const [index, id] of ids.entries()) {
      await testDb().execute(
        sql`UPDATE audit_log SET created_at = ${`2026-05-01T10:0${index}:00.000Z`}::timestamptz WHERE id = ${id}`,
      );
    }
    const within = async (query: Record<string, string>) =>
      (await logPage(call, query)).data.map((entry) => ids.indexOf(entry.id)).sort();

    expect(await within({ from: '2026-05-01T10:01:00Z' })).toEqual([1, 2, 3, 4]);
    expect(await within({ to: '2026-05-01T10:01:00Z' })).toEqual([0]);
    expect(await within({ from: '2026-05-01T10:01:00Z', to: '2026-05-01T10:03:00Z' })).toEqual([1, 2]);
    expect(await within({ from: '2026-05-01T12:01:00+02:00', to: '2026-05-01T12:02:00.001+02:00' })).toEqual([1, 2]);
    expect(await within({ from: '2026-05-01T10:01:00Z', to: '2026-05-01T10:01:00Z' })).toEqual([]);
    expect(await within({ from: '2026-05-01T10:00:00Z', action: 'payment.rejected' })).toEqual([4]);
  });

  it('pages by cursor, newest first, with the filters kept', async () => {
    const { call } = await storeWithHistory();
    const first = await logPage(call, { action: 'order.*', limit: '2' });
    expect(first.data).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await logPage(call, { action: 'order.*', limit: '2', cursor: first.nextCursor! });
    expect(second.data).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    const ids = [...first.data, ...second.data].map((entry) => entry.id);
    expect(ids).toEqual([...ids].sort().reverse());
    expect(new Set(ids).size).toBe(3);
  });

  it('refuses malformed filters with a 422 naming them', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const refused: [Record<string, string>, string][] = [
      [{ actorId: 'not-a-uuid' }, 'actorId'],
      [{ entityId: '42' }, 'entityId'],
      [{ actorType: 'robot' }, 'actorType'],
      [{ action: '' }, 'action'],
      [{ action: 'order.%' }, 'action'],
      [{ action: '*' }, 'action'],
      [{ action: 'x'.repeat(101) }, 'action'],
      [{ entityType: 'Order; DROP' }, 'entityType'],
      [{ from: 'yesterday' }, 'from'],
      [{ to: '2026-05-01' }, 'to'],
      [{ from: '2026-05-02T00:00:00Z', to: '2026-05-01T00:00:00Z' }, 'from'],
      [{ limit: '0' }, 'limit'],
      [{ sort: 'asc' }, ''],
    ];
    for (const [query, field] of refused) {
      const response = await readLog(call, query);
      expect(response.status, JSON.stringify(query)).toBe(422);
      const problem = await response.json<{ code: string; errors: { path: string }[] }>();
      expect(problem.code).toBe('validation_failed');
      if (field) expect(problem.errors.map((error) => error.path)).toContain(field);
    }
    expect((await readLog(call, { cursor: 'garbage' })).status).toBe(400);
  });

  it('never shows another store’s rows, whatever the filters', async () => {
    const ours = await storeWithHistory();
    const theirs = await storeWithHistory();
    const theirRows = await testDb().select().from(auditLog).where(eq(auditLog.storeId, theirs.catalog.storeId));
    expect(theirRows.length).toBeGreaterThan(0);
    const theirIds = new Set(theirRows.map((row) => row.id));

    const queries: Record<string, string>[] = [
      {},
      { entityId: theirs.order.id },
      { actorId: theirs.key.keyId },
      { actorId: theirs.catalog.owner.id! },
      { action: 'order.*' },
    ];
    for (const query of queries) {
      const page = await logPage(ours.call, query);
      expect(page.data.some((entry) => theirIds.has(entry.id))).toBe(false);
    }
    expect((await logPage(ours.call, { entityId: theirs.order.id })).data).toEqual([]);
    // Their key, even with audit:read, does not open our log: our store is a 404 to it.
    const foreign = await api(`/v1/admin/stores/${ours.catalog.slug}/audit-log`, bearer(theirs.key.secret));
    expect(foreign.status).toBe(404);
  });
});
