import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  carts,
  events,
  inventoryMovements,
  inventoryReservations,
  orders,
  orderStatusHistory,
  payments,
  variants,
} from '../../src/db/schema';
import { uuidv7 } from '../../src/lib/ids';
import { api, countRoundTrips, jsonBody } from '../helpers/api';
import { accessTokenFor, bearer, burstInOneWindow, createTestUser, uniqueAddress } from '../helpers/auth';
import { createCatalogStore } from '../helpers/catalog';
import {
  checkoutBody,
  expectLedgerReconciles,
  postCheckout,
  stockOf,
  TEST_ADDRESS,
  type PlacedOrder,
} from '../helpers/checkout';
import { testDb } from '../helpers/stores';

describe('POST /v1/stores/{store}/checkout', () => {
  it('places an order from items in one round trip: order, items, history, payment, reservations, movements, events', async () => {
    const catalog = await createCatalogStore();
    const hoodie = catalog.variant('BAL-HOE-NEG-M');
    const remera = catalog.variant('BAL-RPA-BLA-M');
    const body = checkoutBody(catalog, {
      items: [
        { variantId: hoodie.id, quantity: 2 },
        { variantId: remera.id, quantity: 1 },
      ],
    });
    const { result: response, requests } = await countRoundTrips(() => postCheckout(catalog.slug, body));
    expect(response.status, await response.clone().text()).toBe(201);
    expect(requests).toBe(1);
    expect(response.headers.get('idempotent-replayed')).toBeNull();
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    const order = await response.json<PlacedOrder>();
    expect(order.number).toMatch(/^ORD-\d{4}-\d{6,}$/);
    expect(order).toMatchObject({ status: 'pending_payment', email: 'ana@example.com', currency: 'ARS' });
    expect(
      order.items.map((item) => [item.sku, item.variantLabel, item.unitPrice, item.quantity, item.lineTotal]),
    ).toEqual([
      ['BAL-HOE-NEG-M', 'M / Negro', 55_000_00, 2, 110_000_00],
      ['BAL-RPA-BLA-M', 'M / Blanco', 32_000_00, 1, 32_000_00],
    ]);
    // Over the 100,000.00 free-shipping threshold; Balsamoa's prices include tax.
    expect(order.totals).toEqual({
      subtotal: 142_000_00,
      discount: 0,
      shipping: 0,
      tax: 0,
      taxIncluded: 0,
      total: 142_000_00,
    });
    expect(order.payment).toMatchObject({
      method: 'bank_transfer',
      status: 'pending',
      amount: 142_000_00,
      reference: order.number,
    });
    expect(order.payment!.instructions).toMatchObject({
      text: expect.stringContaining('BALSAMOA'),
      amount: 142_000_00,
      reference: order.number,
    });
    // Balsamoa holds stock for 60 minutes (its reservationTtlMinutes setting).
    const minutes = (Date.parse(order.reservationExpiresAt) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(59);
    expect(minutes).toBeLessThanOrEqual(60);
    expect(order.accessToken).toMatch(/^[\w-]{43}$/);

    const db = testDb();
    expect(await stockOf(hoodie.id!)).toEqual({ onHand: 12, reserved: 2, movements: 2 });
    const reservations = await db
      .select()
      .from(inventoryReservations)
      .where(eq(inventoryReservations.orderId, order.id));
    expect(reservations.map((row) => [row.variantId, row.quantity, row.status]).sort()).toEqual(
      [
        [hoodie.id, 2, 'reserved'],
        [remera.id, 1, 'reserved'],
      ].sort(),
    );
    const [movement] = await db
      .select()
      .from(inventoryMovements)
      .where(and(eq(inventoryMovements.referenceId, order.id), eq(inventoryMovements.variantId, hoodie.id!)));
    expect(movement).toMatchObject({
      type: 'reservation',
      onHandDelta: 0,
      reservedDelta: 2,
      onHandBefore: 12,
      onHandAfter: 12,
      reservedBefore: 0,
      reservedAfter: 2,
      referenceType: 'order',
    });
    const history = await db.select().from(orderStatusHistory).where(eq(orderStatusHistory.orderId, order.id));
    expect(history).toMatchObject([{ fromStatus: null, toStatus: 'pending_payment', actorType: 'system' }]);
    const outbox = await db.select().from(events).where(eq(events.aggregateId, order.id));
    expect(outbox.map((event) => event.type).sort()).toEqual(['inventory.reserved', 'order.created']);
    await expectLedgerReconciles(catalog.storeId);

    // The guest reads the order with its token, in one round trip; nobody else can.
    const read = await countRoundTrips(() =>
      api(`/v1/stores/${catalog.slug}/orders/${order.id}`, { headers: { 'x-order-token': order.accessToken! } }),
    );
    expect(read.result.status).toBe(200);
    expect(read.requests).toBe(1);
    expect((await read.result.json<PlacedOrder>()).number).toBe(order.number);
    expect(
      (await api(`/v1/stores/${catalog.slug}/orders/${order.id}`, { headers: { 'x-order-token': 'guess' } })).status,
    ).toBe(404);
    expect((await api(`/v1/stores/${catalog.slug}/orders/${order.id}`)).status).toBe(401);
    const other = await createCatalogStore();
    expect(
      (await api(`/v1/stores/${other.slug}/orders/${order.id}`, { headers: { 'x-order-token': order.accessToken! } }))
        .status,
    ).toBe(404);
  });

  it('checks out a cart once: the cart is converted, and a second checkout of it is a 409', async () => {
    const catalog = await createCatalogStore();
    const hoodie = catalog.variant('BAL-HOE-NEG-M');
    const created = await (
      await api(`/v1/stores/${catalog.slug}/carts`, jsonBody({ items: [{ variantId: hoodie.id, quantity: 1 }] }))
    ).json<{ id: string; token: string }>();
    const body = checkoutBody(catalog, { cartId: created.id, cartToken: created.token });
    const { result: response, requests } = await countRoundTrips(() => postCheckout(catalog.slug, body));
    expect(response.status, await response.clone().text()).toBe(201);
    expect(requests).toBe(1);
    const order = await response.json<PlacedOrder>();
    // 55,000.00 is under the free-shipping threshold: standard shipping is 5,000.00.
    expect(order.totals).toEqual({
      subtotal: 55_000_00,
      discount: 0,
      shipping: 5_000_00,
      tax: 0,
      taxIncluded: 0,
      total: 60_000_00,
    });
    const [cart] = await testDb().select().from(carts).where(eq(carts.id, created.id));
    expect(cart).toMatchObject({ status: 'converted', orderId: order.id });
    const again = await postCheckout(catalog.slug, body);
    expect(again.status).toBe(409);
    expect((await again.json<{ code: string }>()).code).toBe('cart_not_active');
    const wrongToken = await postCheckout(catalog.slug, { ...body, cartToken: 'not-it' });
    expect(wrongToken.status).toBe(404);
  });

  it('replays the same order for the same key and body in one round trip, and refuses the key with another body', async () => {
    const catalog = await createCatalogStore();
    const hoodie = catalog.variant('BAL-HOE-NEG-M');
    const body = checkoutBody(catalog, { items: [{ variantId: hoodie.id, quantity: 1 }] });
    const key = `retry-${uuidv7()}`;
    const first = await (await postCheckout(catalog.slug, body, { key })).json<PlacedOrder>();
    // The same body with its keys in another order is the same request.
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const { result: replay, requests } = await countRoundTrips(() => postCheckout(catalog.slug, reordered, { key }));
    expect(replay.status).toBe(201);
    expect(requests).toBe(1);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const replayed = await replay.json<PlacedOrder>();
    expect(replayed.id).toBe(first.id);
    expect(replayed.accessToken).toBe(first.accessToken);
    const reuse = await postCheckout(
      catalog.slug,
      { ...body, items: [{ variantId: hoodie.id, quantity: 2 }] },
      { key },
    );
    expect(reuse.status).toBe(422);
    expect((await reuse.json<{ code: string }>()).code).toBe('idempotency_key_reuse');
    expect(await testDb().select().from(orders).where(eq(orders.storeId, catalog.storeId))).toHaveLength(1);
    expect(await stockOf(hoodie.id!)).toMatchObject({ reserved: 1 });
  });

  it('refuses a two-item checkout where one item is short with 409 insufficient_stock, and writes nothing at all', async () => {
    const catalog = await createCatalogStore();
    const plenty = catalog.variant('BAL-HOE-NEG-M');
    const scarce = catalog.variant('BAL-HOE-GOS-L'); // 2 on hand
    const before = [await stockOf(plenty.id!), await stockOf(scarce.id!)];
    const body = checkoutBody(catalog, {
      items: [
        { variantId: plenty.id, quantity: 1 },
        { variantId: scarce.id, quantity: 3 },
      ],
    });
    const { result: response, requests } = await countRoundTrips(() => postCheckout(catalog.slug, body));
    expect(response.status).toBe(409);
    expect(requests).toBe(2);
    const problem = await response.json<{ code: string; errors: unknown[] }>();
    expect(problem.code).toBe('insufficient_stock');
    expect(problem.errors).toEqual([
      { path: 'items.1.quantity', message: '2 available.', variantId: scarce.id, requested: 3, available: 2 },
    ]);
    expect([await stockOf(plenty.id!), await stockOf(scarce.id!)]).toEqual(before);
    const db = testDb();
    expect(await db.select().from(orders).where(eq(orders.storeId, catalog.storeId))).toEqual([]);
    expect(await db.select().from(payments).where(eq(payments.storeId, catalog.storeId))).toEqual([]);
    expect(
      await db.select().from(inventoryReservations).where(eq(inventoryReservations.storeId, catalog.storeId)),
    ).toEqual([]);
    const recorded = await db
      .select()
      .from(events)
      .where(and(eq(events.storeId, catalog.storeId), eq(events.type, 'inventory.insufficient')));
    expect(recorded).toHaveLength(1);
    // The key is still free: with stock, the same key places the order.
    await testDb().update(variants).set({ onHand: 3 }).where(eq(variants.id, scarce.id!));
  });

  it('answers bad input of every shape with a 4xx problem and writes nothing', async () => {
    const catalog = await createCatalogStore();
    const other = await createCatalogStore();
    const hoodie = catalog.variant('BAL-HOE-NEG-M');
    const line = (variantId: unknown, quantity: unknown = 1) => ({ items: [{ variantId, quantity }] });
    const express = catalog.shippingRates.find((rate) => rate.name.startsWith('Envío express'))!;
    const cases: [string, unknown, number][] = [
      ['unknown variant', checkoutBody(catalog, line(uuidv7())), 422],
      ['another store’s variant', checkoutBody(catalog, line(other.variant('BAL-HOE-NEG-M').id)), 422],
      ['zero quantity', checkoutBody(catalog, line(hoodie.id, 0)), 422],
      ['huge quantity', checkoutBody(catalog, line(hoodie.id, 1_000_000)), 422],
      ['negative quantity', checkoutBody(catalog, line(hoodie.id, -1)), 422],
      ['no lines', checkoutBody(catalog, { items: [] }), 422],
      ['cart and items', checkoutBody(catalog, { ...line(hoodie.id), cartId: uuidv7() }), 422],
      [
        'the same variant twice',
        checkoutBody(catalog, {
          items: [
            { variantId: hoodie.id, quantity: 1 },
            { variantId: hoodie.id, quantity: 1 },
          ],
        }),
        422,
      ],
      [
        'the same variant twice, once in capitals',
        checkoutBody(catalog, {
          items: [
            { variantId: hoodie.id, quantity: 1 },
            { variantId: hoodie.id!.toUpperCase(), quantity: 2 },
          ],
        }),
        422,
      ],
      [
        'malformed address',
        checkoutBody(catalog, line(hoodie.id), { shippingAddress: { ...TEST_ADDRESS, country: 'Argentina' } }),
        422,
      ],
      [
        'address without a street',
        checkoutBody(catalog, line(hoodie.id), { shippingAddress: { name: 'Ana', city: 'X', country: 'AR' } }),
        422,
      ],
      ['bad email', checkoutBody(catalog, line(hoodie.id), { email: 'not-an-email' }), 422],
      ['unknown shipping rate', checkoutBody(catalog, line(hoodie.id), { shippingRateId: uuidv7() }), 422],
      [
        'another store’s rate',
        checkoutBody(catalog, line(hoodie.id), { shippingRateId: other.shippingRates[0]!.id }),
        422,
      ],
      [
        'a rate that does not ship there',
        checkoutBody(catalog, line(hoodie.id), {
          shippingRateId: express.id,
          shippingAddress: { ...TEST_ADDRESS, country: 'UY' },
        }),
        422,
      ],
      [
        'a payment method the store does not take',
        checkoutBody(catalog, line(hoodie.id), { paymentMethod: 'zelle' }),
        422,
      ],
      ['card, before Stripe', checkoutBody(catalog, line(hoodie.id), { paymentMethod: 'card' }), 422],
      ['an unknown field', checkoutBody(catalog, line(hoodie.id), { price: 1 }), 422],
      ['not JSON at all', 'not json', 400],
    ];
    for (const [name, body, status] of cases) {
      const response =
        typeof body === 'string'
          ? await api(`/v1/stores/${catalog.slug}/checkout`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'idempotency-key': uuidv7() },
              body,
            })
          : await postCheckout(catalog.slug, body);
      expect(response.status, name).toBe(status);
      expect(response.headers.get('content-type'), name).toContain('application/problem+json');
    }
    const valid = checkoutBody(catalog, line(hoodie.id));
    const noKey = await api(`/v1/stores/${catalog.slug}/checkout`, jsonBody(valid));
    expect(noKey.status).toBe(422);
    expect((await postCheckout(catalog.slug, valid, { key: 'k'.repeat(256) })).status).toBe(422);
    expect((await postCheckout('no-such-store', valid)).status).toBe(404);
    expect(await testDb().select().from(orders).where(eq(orders.storeId, catalog.storeId))).toEqual([]);
    expect(await stockOf(hoodie.id!)).toEqual({ onHand: 12, reserved: 0, movements: 1 });
  });

  it('adds tax at the store’s rate, rounded half up once per order', async () => {
    // 12 % of 3 × 333 = 999 is 119.88, which rounds to 120; shipping is not taxed.
    const catalog = await createCatalogStore({ taxRateBps: 1200 });
    const hoodie = catalog.variant('BAL-HOE-NEG-M');
    await testDb().execute(
      // A new price version, as an admin would add it.
      sql`INSERT INTO prices (id, store_id, variant_id, currency, amount, valid_from) VALUES (${uuidv7()}, ${catalog.storeId}, ${hoodie.id}, 'ARS', 333, now())`,
    );
    const order = await (
      await postCheckout(catalog.slug, checkoutBody(catalog, { items: [{ variantId: hoodie.id, quantity: 3 }] }))
    ).json<PlacedOrder>();
    expect(order.totals).toEqual({
      subtotal: 999,
      discount: 0,
      shipping: 5_000_00,
      tax: 120,
      taxIncluded: 0,
      total: 999 + 5_000_00 + 120,
    });
  });

  it('places a free order (zero prices, free pickup) without a payment to make', async () => {
    const catalog = await createCatalogStore({
      shippingRates: [{ name: 'Retiro en local', countries: [], amount: 0 }],
    });
    const gift = catalog.variant('BAL-HOE-NEG-M');
    await testDb().execute(
      sql`INSERT INTO prices (id, store_id, variant_id, currency, amount, valid_from) VALUES (${uuidv7()}, ${catalog.storeId}, ${gift.id}, 'ARS', 0, now())`,
    );
    const response = await postCheckout(
      catalog.slug,
      checkoutBody(catalog, { items: [{ variantId: gift.id, quantity: 1 }] }),
    );
    expect(response.status, await response.clone().text()).toBe(201);
    const order = await response.json<PlacedOrder>();
    expect(order.totals.total).toBe(0);
    expect(order.payment).toBeNull();
    expect(await stockOf(gift.id!)).toMatchObject({ reserved: 1 });
  });

  it('links a signed-in shopper’s order to their customer record: they read it and list it under /v1/me/orders', async () => {
    const catalog = await createCatalogStore();
    const user = await createTestUser();
    const token = await accessTokenFor(user, []);
    const body = checkoutBody(catalog, { items: [{ variantId: catalog.variant('BAL-HOE-NEG-M').id, quantity: 1 }] });
    const response = await postCheckout(catalog.slug, body, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status, await response.clone().text()).toBe(201);
    const order = await response.json<PlacedOrder>();
    expect(order.accessToken).toBeUndefined();
    expect((await api(`/v1/stores/${catalog.slug}/orders/${order.id}`, bearer(token))).status).toBe(200);
    const stranger = await accessTokenFor(await createTestUser(), []);
    expect((await api(`/v1/stores/${catalog.slug}/orders/${order.id}`, bearer(stranger))).status).toBe(404);
    const history = await testDb().select().from(orderStatusHistory).where(eq(orderStatusHistory.orderId, order.id));
    expect(history[0]).toMatchObject({ actorType: 'customer' });

    const { result: listed, requests } = await countRoundTrips(() => api('/v1/me/orders?limit=1', bearer(token)));
    expect(requests).toBe(1);
    const page = await listed.json<{
      data: (PlacedOrder & { store: { slug: string } })[];
      nextCursor: string | null;
    }>();
    expect(page.data.map((row) => [row.id, row.store.slug])).toEqual([[order.id, catalog.slug]]);
    expect(page.nextCursor).toBeNull();
    expect((await api('/v1/me/orders', bearer(stranger))).status).toBe(200);
    expect((await (await api('/v1/me/orders', bearer(stranger))).json<{ data: unknown[] }>()).data).toEqual([]);
  });

  it('limits checkouts per client address and store: the 31st in a minute is a 429', async () => {
    const catalog = await createCatalogStore();
    // Invalid bodies fail fast, but still count: the limit comes first.
    const responses = await burstInOneWindow(31, () => {
      const address = uniqueAddress();
      return () => postCheckout(catalog.slug, {}, { headers: { 'cf-connecting-ip': address } });
    });
    const statuses = responses.map((response) => response.status);
    expect(statuses.slice(0, 30).every((status) => status === 422)).toBe(true);
    expect(statuses[30]).toBe(429);
  });
});
