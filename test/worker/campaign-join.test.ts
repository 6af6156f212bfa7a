import { type Schema, validate } from '@cfworker/json-schema';
import { env } from 'cloudflare:workers';
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { customers, events, inventoryReservations, orders, orderStatusHistory } from '../../src/db/schema';
import { uuidv7 } from '../../src/lib/ids';
import { joinCampaign } from '../../src/services/campaigns/join';
import { stripeSettings } from '../../src/services/payments/stripe-api';
import { api, countRoundTrips } from '../helpers/api';
import { accessTokenFor, bearer, createTestUser } from '../helpers/auth';
import { campaignRow, insertTestCampaign, joinBody, ordersOf, participantsOf, postJoin } from '../helpers/campaigns';
import { type CatalogStore, createCatalogStore } from '../helpers/catalog';
import { expectLedgerReconciles, type PlacedOrder, stockOf, TEST_ADDRESS } from '../helpers/checkout';
import { setUpStripe, stripeRequests } from '../helpers/stripe';
import { testDb } from '../helpers/stores';

const HOODIE = 'BAL-HOE-NEG-M'; // 12 on hand, 55,000.00

type Problem = { code: string; errors?: { path: string; requested?: number; available?: number }[] };

async function campaignEvents(campaignId: string) {
  return testDb().select().from(events).where(eq(events.aggregateId, campaignId)).orderBy(events.id);
}

/** Each event's payload keeps to the schema the document's webhooks section gives its topic. */
async function expectDocumentedPayloads(rows: { type: string; payload: unknown; createdAt: Date }[]) {
  const { webhooks } = await (await api('/openapi.json')).json<{
    webhooks: Record<string, { post: { requestBody: { content: Record<string, { schema: Schema }> } } }>;
  }>();
  for (const event of rows) {
    const schema = webhooks[event.type]!.post.requestBody.content['application/json']!.schema;
    const body = { type: event.type, timestamp: event.createdAt.toISOString(), data: event.payload };
    expect(validate(body, schema, '2020-12', undefined, false).errors, event.type).toEqual([]);
  }
}

/** Expects `response` to be the problem `status` / `code`. */
async function expectProblem(response: Response, status: number, code: string) {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  expect((JSON.parse(text) as Problem).code, text).toBe(code);
}

/** Expects that joins changed nothing: no order, no participant, the count and stock as they were. */
async function expectNothingJoined(catalog: CatalogStore, campaignId: string, variantId: string) {
  expect(await ordersOf(catalog)).toEqual([]);
  expect(await participantsOf(campaignId)).toEqual([]);
  expect((await campaignRow(campaignId)).participantCount).toBe(0);
  expect(await stockOf(variantId)).toMatchObject({ reserved: 0 });
  await expectLedgerReconciles(catalog.storeId);
}

describe('POST /v1/stores/{store}/campaigns/{campaignId}/join', () => {
  it('places a guest’s order at the campaign price in one round trip, held until the campaign ends, and counts them in', async () => {
    const catalog = await createCatalogStore();
    const campaign = await insertTestCampaign(catalog, { sku: HOODIE, price: 20_000_00, unitsPerParticipant: 2 });
    const { result: response, requests } = await countRoundTrips(() =>
      postJoin(catalog.slug, campaign.id, joinBody(catalog)),
    );
    expect(response.status, await response.clone().text()).toBe(201);
    expect(requests).toBe(1);
    expect(response.headers.get('idempotent-replayed')).toBeNull();
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    const order = await response.json<PlacedOrder>();
    expect(order).toMatchObject({ status: 'pending_payment', email: 'ana@example.com', currency: 'ARS' });
    expect(order.items.map((item) => [item.sku, item.unitPrice, item.quantity, item.lineTotal])).toEqual([
      [HOODIE, 20_000_00, 2, 40_000_00],
    ]);
    // Under the 100,000.00 free-shipping threshold: standard shipping is 5,000.00.
    expect(order.totals).toEqual({
      subtotal: 40_000_00,
      discount: 0,
      shipping: 5_000_00,
      tax: 0,
      taxIncluded: 0,
      total: 45_000_00,
    });
    expect(order.payment).toMatchObject({ method: 'bank_transfer', status: 'pending', amount: 45_000_00 });
    expect(Date.parse(order.reservationExpiresAt)).toBe(campaign.endsAt.getTime());
    expect(order.accessToken).toMatch(/^[\w-]{43}$/);

    const reservations = await testDb()
      .select()
      .from(inventoryReservations)
      .where(eq(inventoryReservations.orderId, order.id));
    expect(reservations.map((row) => [row.variantId, row.quantity, row.expiresAt.getTime()])).toEqual([
      [campaign.variantId, 2, campaign.endsAt.getTime()],
    ]);
    expect(await stockOf(campaign.variantId)).toMatchObject({ onHand: 12, reserved: 2 });
    const [stored] = await testDb().select().from(orders).where(eq(orders.id, order.id));
    expect(await participantsOf(campaign.id)).toMatchObject([
      { customerId: stored!.customerId, email: 'ana@example.com', quantity: 2, orderId: order.id },
    ]);
    expect(stored!.customerId).not.toBeNull();
    expect(await campaignRow(campaign.id)).toMatchObject({ participantCount: 1, status: 'active', settledAt: null });

    const joined = await campaignEvents(campaign.id);
    expect(joined).toMatchObject([
      {
        type: 'group-commerce.campaign.joined',
        aggregateType: 'campaign',
        payload: {
          campaignId: campaign.id,
          orderId: order.id,
          customerId: stored!.customerId,
          participants: 1,
          minParticipants: 2,
          maxParticipants: 5,
        },
      },
    ]);
    const orderEvents = await testDb().select().from(events).where(eq(events.aggregateId, order.id));
    expect(orderEvents.map((event) => event.type).sort()).toEqual(['inventory.reserved', 'order.created']);
    await expectDocumentedPayloads(joined);
    await expectLedgerReconciles(catalog.storeId);

    // The guest reads the order with its token, like a checkout's.
    const read = await api(`/v1/stores/${catalog.slug}/orders/${order.id}`, {
      headers: { 'x-order-token': order.accessToken! },
    });
    expect(read.status).toBe(200);
  });

  it('links a signed-in shopper’s join to their customer: a second join by them, under any email, is already_joined', async () => {
    const catalog = await createCatalogStore();
    const campaign = await insertTestCampaign(catalog, { sku: HOODIE });
    const user = await createTestUser();
    const token = await accessTokenFor(user, []);
    const signedIn = { headers: { authorization: `Bearer ${token}` } };
    const { result: response, requests } = await countRoundTrips(() =>
      postJoin(catalog.slug, campaign.id, joinBody(catalog, { email: user.email }), signedIn),
    );
    expect(response.status, await response.clone().text()).toBe(201);
    expect(requests).toBe(1);
    const order = await response.json<PlacedOrder>();
    expect(order.accessToken).toBeUndefined();
    expect((await api(`/v1/stores/${catalog.slug}/orders/${order.id}`, bearer(token))).status).toBe(200);
    const [customer] = await testDb()
      .select()
      .from(customers)
      .where(and(eq(customers.storeId, catalog.storeId), eq(customers.userId, user.id)));
    expect(await participantsOf(campaign.id)).toMatchObject([{ customerId: customer!.id, orderId: order.id }]);
    const history = await testDb().select().from(orderStatusHistory).where(eq(orderStatusHistory.orderId, order.id));
    expect(history).toMatchObject([{ actorType: 'customer' }]);

    const again = await countRoundTrips(() =>
      postJoin(catalog.slug, campaign.id, joinBody(catalog, { email: 'other@example.com' }), signedIn),
    );
    await expectProblem(again.result, 409, 'already_joined');
    expect(again.requests).toBe(1);
    expect(await ordersOf(catalog)).toHaveLength(1);
    expect((await campaignRow(campaign.id)).participantCount).toBe(1);
    await expectLedgerReconciles(catalog.storeId);
  });

  it('lets an email join once: a guest again under it (in any case) is already_joined, another email joins', async () => {
    const catalog = await createCatalogStore();
    const campaign = await insertTestCampaign(catalog, { sku: HOODIE });
    expect((await postJoin(catalog.slug, campaign.id, joinBody(catalog))).status).toBe(201);
    await expectProblem(await postJoin(catalog.slug, campaign.id, joinBody(catalog)), 409, 'already_joined');
    await expectProblem(
      await postJoin(catalog.slug, campaign.id, joinBody(catalog, { email: 'ANA@Example.com' })),
      409,
      'already_joined',
    );
    expect((await postJoin(catalog.slug, campaign.id, joinBody(catalog, { email: 'bea@example.com' }))).status).toBe(
      201,
    );
    expect(await ordersOf(catalog)).toHaveLength(2);
    expect((await campaignRow(campaign.id)).participantCount).toBe(2);
    expect(await stockOf(campaign.variantId)).toMatchObject({ reserved: 2 });
    await expectLedgerReconciles(catalog.storeId);
  });

  it('replays the same order for the same key and body in one round trip, and refuses the key with another body or campaign', async () => {
    const catalog = await createCatalogStore();
    const campaign = await insertTestCampaign(catalog, { sku: HOODIE });
    const other = await insertTestCampaign(catalog, { sku: 'BAL-RPA-BLA-M' });
    const key = `join-${uuidv7()}`;
    const body = joinBody(catalog);
    const first = await (await postJoin(catalog.slug, campaign.id, body, { key })).json<PlacedOrder>();
    const replay = await countRoundTrips(() => postJoin(catalog.slug, campaign.id, body, { key }));
    expect(replay.result.status).toBe(201);
    expect(replay.requests).toBe(1);
    expect(replay.result.headers.get('idempotent-replayed')).toBe('true');
    const again = await replay.result.json<PlacedOrder>();
    expect(again).toEqual(first);
    expect((await campaignRow(campaign.id)).participantCount).toBe(1);
    expect(await participantsOf(campaign.id)).toHaveLength(1);
    expect(await campaignEvents(campaign.id)).toHaveLength(1);

    await expectProblem(
      await postJoin(catalog.slug, campaign.id, { ...body, notes: 'Another request' }, { key }),
      422,
      'idempotency_key_reuse',
    );
    await expectProblem(await postJoin(catalog.slug, other.id, body, { key }), 422, 'idempotency_key_reuse');
    expect(await ordersOf(catalog)).toHaveLength(1);
    expect((await campaignRow(other.id)).participantCount).toBe(0);
    await expectLedgerReconciles(catalog.storeId);
  });

  it('answers 404 for an unknown campaign, another store’s, and an unknown store, and writes nothing', async () => {
    const catalog = await createCatalogStore();
    const elsewhere = await createCatalogStore();
    const theirs = await insertTestCampaign(elsewhere, { sku: HOODIE });
    const hoodie = catalog.variant(HOODIE).id!;
    for (const [slug, id] of [
      [catalog.slug, uuidv7()],
      [catalog.slug, theirs.id],
      ['no-such-store', theirs.id],
    ] as const) {
      await expectProblem(await postJoin(slug, id, joinBody(catalog)), 404, 'not_found');
    }
    expect(await ordersOf(catalog)).toEqual([]);
    expect(await ordersOf(elsewhere)).toEqual([]);
    expect((await campaignRow(theirs.id)).participantCount).toBe(0);
    expect(await stockOf(hoodie)).toMatchObject({ reserved: 0 });
    // The id must be a UUID.
    expect((await postJoin(catalog.slug, 'not-a-uuid', joinBody(catalog))).status).toBe(422);
  });

  it('refuses a campaign not open now (scheduled, ended, settled) with campaign_not_active, and writes nothing', async () => {
    const catalog = await createCatalogStore();
    const hour = 3_600_000;
    const scheduled = await insertTestCampaign(catalog, {
      sku: HOODIE,
      startsAt: new Date(Date.now() + hour),
      endsAt: new Date(Date.now() + 2 * hour),
    });
    const ended = await insertTestCampaign(catalog, {
      sku: HOODIE,
      startsAt: new Date(Date.now() - 2 * hour),
      endsAt: new Date(Date.now() - 1_000),
    });
    const settled = await Promise.all(
      (['successful', 'failed', 'cancelled'] as const).map(async (status) => {
        const campaign = await insertTestCampaign(catalog, { sku: HOODIE });
        await testDb().execute(
          sql`UPDATE campaigns SET status = ${status}, settled_at = now() WHERE id = ${campaign.id}`,
        );
        return campaign;
      }),
    );
    for (const campaign of [scheduled, ended, ...settled]) {
      await expectProblem(await postJoin(catalog.slug, campaign.id, joinBody(catalog)), 409, 'campaign_not_active');
      expect(await participantsOf(campaign.id)).toEqual([]);
    }
    await expectNothingJoined(catalog, scheduled.id, catalog.variant(HOODIE).id!);
  });

  it('refuses a join when no place is left with campaign_full, and writes nothing', async () => {
    const catalog = await createCatalogStore();
    const campaign = await insertTestCampaign(catalog, { sku: HOODIE, minParticipants: 1, maxParticipants: 3 });
    // Places taken without orders (an active campaign at its maximum is what a concurrent join waits to see).
    await testDb().execute(sql`UPDATE campaigns SET participant_count = 3 WHERE id = ${campaign.id}`);
    const { result, requests } = await countRoundTrips(() => postJoin(catalog.slug, campaign.id, joinBody(catalog)));
    await expectProblem(result, 409, 'campaign_full');
    expect(requests).toBe(1);
    expect(await ordersOf(catalog)).toEqual([]);
    expect(await participantsOf(campaign.id)).toEqual([]);
    expect((await campaignRow(campaign.id)).participantCount).toBe(3);
    await expectLedgerReconciles(catalog.storeId);
  });

  it('settles the campaign as successful at the join that takes its last place, in the same round trip', async () => {
    const catalog = await createCatalogStore();
    const campaign = await insertTestCampaign(catalog, { sku: HOODIE, minParticipants: 2, maxParticipants: 3 });
    const earlier: PlacedOrder[] = [];
    for (const email of ['a@example.com', 'b@example.com']) {
      const response = await postJoin(catalog.slug, campaign.id, joinBody(catalog, { email }));
      expect(response.status, await response.clone().text()).toBe(201);
      earlier.push(await response.json<PlacedOrder>());
    }
    expect((await campaignRow(campaign.id)).status).toBe('active');

    const { result, requests } = await countRoundTrips(() =>
      postJoin(catalog.slug, campaign.id, joinBody(catalog, { email: 'c@example.com' })),
    );
    expect(result.status, await result.clone().text()).toBe(201);
    expect(requests).toBe(1);
    const last = await result.json<PlacedOrder>();
    const settled = await campaignRow(campaign.id);
    expect(settled).toMatchObject({ status: 'successful', participantCount: 3 });
    expect(settled.settledAt).not.toBeNull();

    // Every participant's order now holds its stock for the store's 60 minutes from the settlement, not until the end.
    const settledAt = settled.settledAt!.getTime();
    for (const order of [...earlier, last]) {
      const [row] = await testDb().select().from(orders).where(eq(orders.id, order.id));
      expect(row!.reservationExpiresAt!.getTime() - settledAt, order.email).toBe(60 * 60_000);
      const held = await testDb()
        .select()
        .from(inventoryReservations)
        .where(eq(inventoryReservations.orderId, order.id));
      expect(held.map((hold) => hold.expiresAt.getTime())).toEqual([row!.reservationExpiresAt!.getTime()]);
    }
    expect(Date.parse(last.reservationExpiresAt)).toBe(settledAt + 60 * 60_000);

    const campaignLog = await campaignEvents(campaign.id);
    expect(campaignLog.map((event) => event.type)).toEqual([
      'group-commerce.campaign.joined',
      'group-commerce.campaign.joined',
      'group-commerce.campaign.joined',
      'group-commerce.campaign.successful',
    ]);
    expect(campaignLog[3]!.payload).toEqual({
      campaignId: campaign.id,
      participants: 3,
      minParticipants: 2,
      maxParticipants: 3,
      reason: 'filled',
      orders: 3,
    });
    await expectDocumentedPayloads(campaignLog);

    // Full, and settled: the next join finds no place.
    await expectProblem(
      await postJoin(catalog.slug, campaign.id, joinBody(catalog, { email: 'd@example.com' })),
      409,
      'campaign_full',
    );
    expect(await ordersOf(catalog)).toHaveLength(3);
    expect(await stockOf(campaign.variantId)).toMatchObject({ reserved: 3 });
    await expectLedgerReconciles(catalog.storeId);
  });

  it('tells its caller which join filled the campaign (to capture its card holds), and a replay of it that it did not', async () => {
    const catalog = await createCatalogStore();
    const campaign = await insertTestCampaign(catalog, { sku: HOODIE, minParticipants: 1, maxParticipants: 2 });
    const join = (email: string, idempotencyKey = uuidv7()) =>
      joinCampaign(
        testDb(),
        { secret: env.JWT_SECRET, card: stripeSettings(env) },
        {
          slug: catalog.slug,
          campaignId: campaign.id,
          idempotencyKey,
          input: { ...joinBody(catalog), email, paymentMethod: 'bank_transfer' },
        },
      );
    expect(await join('a@example.com')).toMatchObject({ replayed: false, filled: false });
    const key = uuidv7();
    expect(await join('b@example.com', key)).toMatchObject({ replayed: false, filled: true });
    expect(await join('b@example.com', key)).toMatchObject({ replayed: true, filled: false });
    expect(await campaignRow(campaign.id)).toMatchObject({ status: 'successful', participantCount: 2 });
  });

  it('refuses a join the stock cannot serve with insufficient_stock, and changes nothing', async () => {
    const catalog = await createCatalogStore();
    const scarce = catalog.variant('BAL-HCC-VER-M'); // 10 on hand
    const campaign = await insertTestCampaign(catalog, { sku: scarce.sku, unitsPerParticipant: 11 });
    const response = await postJoin(catalog.slug, campaign.id, joinBody(catalog));
    const text = await response.text();
    expect(response.status, text).toBe(409);
    expect(JSON.parse(text)).toMatchObject({
      code: 'insufficient_stock',
      errors: [{ path: 'campaignId', variantId: scarce.id, requested: 11, available: 10 }],
    });
    await expectNothingJoined(catalog, campaign.id, scarce.id!);
    expect(await stockOf(scarce.id!)).toMatchObject({ onHand: 10 });
  });

  it('refuses a blocked customer with 403 customer_blocked, and counts nothing', async () => {
    const catalog = await createCatalogStore();
    const first = await insertTestCampaign(catalog, { sku: HOODIE });
    const second = await insertTestCampaign(catalog, { sku: 'BAL-RPA-BLA-M' });
    expect((await postJoin(catalog.slug, first.id, joinBody(catalog))).status).toBe(201);
    await testDb().execute(
      sql`UPDATE customers SET blocked_at = now() WHERE store_id = ${catalog.storeId} AND email = 'ana@example.com'`,
    );
    await expectProblem(await postJoin(catalog.slug, second.id, joinBody(catalog)), 403, 'customer_blocked');
    expect(await participantsOf(second.id)).toEqual([]);
    expect((await campaignRow(second.id)).participantCount).toBe(0);
    expect(await ordersOf(catalog)).toHaveLength(1);
    await expectLedgerReconciles(catalog.storeId);
  });

  it('answers bad input of every shape with a 4xx problem and writes nothing', async () => {
    const catalog = await createCatalogStore();
    const other = await createCatalogStore();
    const campaign = await insertTestCampaign(catalog, { sku: HOODIE });
    const express = catalog.shippingRates.find((rate) => rate.name.startsWith('Envío express'))!;
    const hoodie = catalog.variant(HOODIE).id!;
    const cases: [string, unknown, number][] = [
      ['a cart', joinBody(catalog, { cartId: uuidv7() }), 422],
      ['items', joinBody(catalog, { items: [{ variantId: hoodie, quantity: 1 }] }), 422],
      ['a quantity', joinBody(catalog, { quantity: 2 }), 422],
      ['a price', joinBody(catalog, { price: 1 }), 422],
      ['both addresses', joinBody(catalog, { shippingAddressId: uuidv7() }), 422],
      ['no address', joinBody(catalog, { shippingAddress: undefined }), 422],
      [
        'a saved address, as a guest',
        joinBody(catalog, { shippingAddress: undefined, shippingAddressId: uuidv7() }),
        422,
      ],
      ['malformed address', joinBody(catalog, { shippingAddress: { ...TEST_ADDRESS, country: 'Argentina' } }), 422],
      ['an address with an unknown field', joinBody(catalog, { shippingAddress: { ...TEST_ADDRESS, floor: 5 } }), 422],
      ['a huge name', joinBody(catalog, { shippingAddress: { ...TEST_ADDRESS, name: 'x'.repeat(10_000) } }), 422],
      ['no email', joinBody(catalog, { email: undefined }), 422],
      ['an empty email', joinBody(catalog, { email: '' }), 422],
      ['bad email', joinBody(catalog, { email: 'not-an-email' }), 422],
      ['an email as a number', joinBody(catalog, { email: 42 }), 422],
      ['unknown shipping rate', joinBody(catalog, { shippingRateId: uuidv7() }), 422],
      ['a rate that is not a UUID', joinBody(catalog, { shippingRateId: 'standard' }), 422],
      ['another store’s rate', joinBody(catalog, { shippingRateId: other.shippingRates[0]!.id }), 422],
      [
        'a rate that does not ship there',
        joinBody(catalog, { shippingRateId: express.id, shippingAddress: { ...TEST_ADDRESS, country: 'UY' } }),
        422,
      ],
      ['a payment method the store does not take', joinBody(catalog, { paymentMethod: 'zelle' }), 422],
      ['an unknown payment method', joinBody(catalog, { paymentMethod: 'cash' }), 422],
      ['card, before Stripe', joinBody(catalog, { paymentMethod: 'card' }), 422],
      ['huge notes', joinBody(catalog, { notes: 'x'.repeat(1001) }), 422],
      ['an empty body', {}, 422],
      ['an array', [joinBody(catalog)], 422],
      ['null', null, 422],
      ['not JSON at all', 'not json', 400],
    ];
    for (const [name, body, status] of cases) {
      const response =
        typeof body === 'string'
          ? await api(`/v1/stores/${catalog.slug}/campaigns/${campaign.id}/join`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'idempotency-key': uuidv7() },
              body,
            })
          : await postJoin(catalog.slug, campaign.id, body);
      expect(response.status, name).toBe(status);
      expect(response.headers.get('content-type'), name).toContain('application/problem+json');
    }
    const valid = joinBody(catalog);
    const noKey = await api(`/v1/stores/${catalog.slug}/campaigns/${campaign.id}/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(valid),
    });
    expect(noKey.status).toBe(422);
    expect((await postJoin(catalog.slug, campaign.id, valid, { key: 'k'.repeat(256) })).status).toBe(422);
    expect((await postJoin(catalog.slug, campaign.id, valid, { key: 'with space' })).status).toBe(422);
    await expectNothingJoined(catalog, campaign.id, hoodie);
  });

  it('authorises a card join only: the PaymentIntent asks for manual capture', async () => {
    const catalog = await createCatalogStore();
    const keys = await setUpStripe(catalog);
    const campaign = await insertTestCampaign(catalog, { sku: HOODIE, price: 30_000_00 });
    const before = (await stripeRequests()).length;
    const { result, requests } = await countRoundTrips(() =>
      postJoin(catalog.slug, campaign.id, joinBody(catalog, { paymentMethod: 'card' })),
    );
    expect(result.status, await result.clone().text()).toBe(201);
    // The join's batch, then the PaymentIntent's id.
    expect(requests).toBe(2);
    const order = await result.json<PlacedOrder & { payment: { clientSecret: string; publishableKey: string } }>();
    expect(order.payment).toMatchObject({ method: 'card', status: 'pending', publishableKey: keys.publishableKey });
    expect(order.payment!.clientSecret).toMatch(/^pi_/);
    const sent = (await stripeRequests()).slice(before);
    expect(sent).toMatchObject([
      {
        method: 'POST',
        path: '/v1/payment_intents',
        form: { amount: String(order.totals.total), capture_method: 'manual', 'metadata[order_id]': order.id },
      },
    ]);
    expect(order.totals.total).toBe(30_000_00 + 5_000_00);
    await expectLedgerReconciles(catalog.storeId);
  });
});
