import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { cartItems, carts, products, variants } from '../../src/db/schema';
import { uuidv7 } from '../../src/lib/ids';
import { api, countRoundTrips, jsonBody } from '../helpers/api';
import { accessTokenFor, bearer, createTestUser } from '../helpers/auth';
import { createCatalogStore, type CatalogStore } from '../helpers/catalog';
import { testDb } from '../helpers/stores';

interface Cart {
  id: string;
  status: string;
  token?: string;
  customerId: string | null;
  items: {
    id: string;
    variantId: string;
    sku: string;
    variantLabel: string;
    quantity: number;
    unitPrice: number | null;
    lineTotal: number;
    purchasable: boolean;
    availability: string;
  }[];
  itemCount: number;
  shippingRate: { id: string; amount: number } | null;
  totals: { subtotal: number; discount: number; shipping: number; tax: number; total: number };
}

function cartCall(catalog: CatalogStore, token: string) {
  return (method: string, path: string, body?: unknown) =>
    api(`/v1/stores/${catalog.slug}/carts${path}`, {
      method,
      headers: { 'x-cart-token': token, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
}

async function newGuestCart(catalog: CatalogStore, body: unknown = {}) {
  const response = await api(`/v1/stores/${catalog.slug}/carts`, jsonBody(body));
  expect(response.status, await response.clone().text()).toBe(201);
  const cart = await response.json<Cart>();
  return { cart, call: cartCall(catalog, cart.token!) };
}

describe('guest carts', () => {
  it('creates a cart with items and answers server totals and a token, in one round trip', async () => {
    const catalog = await createCatalogStore();
    const hoodie = catalog.variant('BAL-HOE-NEG-M');
    const remera = catalog.variant('BAL-RPA-BLA-M');
    const { result: response, requests } = await countRoundTrips(() =>
      api(
        `/v1/stores/${catalog.slug}/carts`,
        jsonBody({
          items: [
            { variantId: hoodie.id, quantity: 2 },
            { variantId: remera.id, quantity: 1 },
          ],
        }),
      ),
    );
    expect(response.status).toBe(201);
    expect(requests).toBe(1);
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    const cart = await response.json<Cart>();
    expect(cart.token).toMatch(/^[\w-]{43}$/);
    expect(cart.status).toBe('active');
    expect(
      cart.items.map((item) => [item.sku, item.variantLabel, item.quantity, item.unitPrice, item.lineTotal]),
    ).toEqual([
      ['BAL-HOE-NEG-M', 'M / Negro', 2, 55_000_00, 110_000_00],
      ['BAL-RPA-BLA-M', 'M / Blanco', 1, 32_000_00, 32_000_00],
    ]);
    expect(cart.itemCount).toBe(3);
    expect(cart.totals).toEqual({
      subtotal: 142_000_00,
      discount: 0,
      shipping: 0,
      tax: 0,
      taxIncluded: 0,
      total: 142_000_00,
    });
    const [row] = await testDb().select().from(carts).where(eq(carts.id, cart.id));
    expect(row!.tokenHash).not.toBe(cart.token);
  });

  it('adds, changes and removes items, each in one round trip', async () => {
    const catalog = await createCatalogStore();
    const hoodie = catalog.variant('BAL-HOE-NEG-M');
    const { cart, call: open } = await newGuestCart(catalog);
    const first = await countRoundTrips(() => open('POST', `/${cart.id}/items`, { variantId: hoodie.id, quantity: 1 }));
    expect(first.requests).toBe(1);
    expect(first.result.status).toBe(200);
    const again = await (await open('POST', `/${cart.id}/items`, { variantId: hoodie.id, quantity: 2 })).json<Cart>();
    expect(again.items).toHaveLength(1);
    expect(again.items[0]!.quantity).toBe(3);
    const itemId = again.items[0]!.id;
    const changed = await countRoundTrips(() => open('PATCH', `/${cart.id}/items/${itemId}`, { quantity: 5 }));
    expect(changed.requests).toBe(1);
    expect((await changed.result.json<Cart>()).totals.subtotal).toBe(5 * 55_000_00);
    const removed = await open('DELETE', `/${cart.id}/items/${itemId}`);
    expect(removed.status).toBe(200);
    expect((await removed.json<Cart>()).items).toEqual([]);
    expect((await open('DELETE', `/${cart.id}/items/${itemId}`)).status).toBe(404);
    const read = await countRoundTrips(() => open('GET', `/${cart.id}`));
    expect(read.requests).toBe(1);
    expect(read.result.status).toBe(200);
  });

  it('charges shipping below the free-over amount and none above it, and adds tax at the store rate, rounded half up', async () => {
    const catalog = await createCatalogStore({ taxRateBps: 1050 });
    const standard = catalog.shippingRates.find((rate) => rate.name === 'Envío estándar')!;
    const remera = catalog.variant('BAL-RPA-BLA-M');
    const { cart, call } = await newGuestCart(catalog, {
      items: [{ variantId: remera.id, quantity: 1 }],
      shippingRateId: standard.id,
    });
    // 32,000.00 × 10.5 % = 3,360.00 exactly; shipping 5,000.00 below the 100,000.00 threshold.
    expect(cart.totals).toEqual({
      subtotal: 32_000_00,
      discount: 0,
      shipping: 5_000_00,
      tax: 3_360_00,
      taxIncluded: 0,
      total: 40_360_00,
    });
    const four = await (await call('PATCH', `/${cart.id}/items/${cart.items[0]!.id}`, { quantity: 4 })).json<Cart>();
    expect(four.totals).toEqual({
      subtotal: 128_000_00,
      discount: 0,
      shipping: 0,
      tax: 13_440_00,
      taxIncluded: 0,
      total: 141_440_00,
    });
    const cleared = await (await call('PATCH', `/${cart.id}`, { shippingRateId: null })).json<Cart>();
    expect(cleared.shippingRate).toBeNull();
  });

  it('refuses another store’s variant, an inactive one, and quantities out of range, writing nothing', async () => {
    const catalog = await createCatalogStore();
    const other = await createCatalogStore();
    const { cart, call } = await newGuestCart(catalog);
    const inactive = catalog.variant('BAL-RPA-NEG-L');
    await testDb().update(variants).set({ active: false }).where(eq(variants.id, inactive.id!));
    const bad = [
      { variantId: other.variant('BAL-HOE-NEG-M').id, quantity: 1 },
      { variantId: inactive.id, quantity: 1 },
      { variantId: uuidv7(), quantity: 1 },
      { variantId: catalog.variant('BAL-HOE-NEG-M').id, quantity: 0 },
      { variantId: catalog.variant('BAL-HOE-NEG-M').id, quantity: 1000 },
      { variantId: 'not-a-uuid', quantity: 1 },
      { variantId: catalog.variant('BAL-HOE-NEG-M').id, quantity: 1.5 },
    ];
    for (const item of bad) {
      const response = await call('POST', `/${cart.id}/items`, item);
      expect(response.status, JSON.stringify(item)).toBe(422);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
    const full = await call('POST', `/${cart.id}/items`, {
      variantId: catalog.variant('BAL-HOE-NEG-M').id,
      quantity: 999,
    });
    expect(full.status).toBe(200);
    const over = await call('POST', `/${cart.id}/items`, {
      variantId: catalog.variant('BAL-HOE-NEG-M').id,
      quantity: 1,
    });
    expect(over.status).toBe(422);
    expect((await over.json<{ errors: { path: string }[] }>()).errors[0]!.path).toBe('quantity');
    const rows = await testDb().select().from(cartItems).where(eq(cartItems.cartId, cart.id));
    expect(rows.map((row) => row.quantity)).toEqual([999]);

    // A variant named twice, once in capitals, is one variant named twice.
    const hoodie = catalog.variant('BAL-HOE-NEG-M').id!;
    const twice = await api(
      `/v1/stores/${catalog.slug}/carts`,
      jsonBody({
        items: [
          { variantId: hoodie, quantity: 1 },
          { variantId: hoodie.toUpperCase(), quantity: 1 },
        ],
      }),
    );
    expect(twice.status).toBe(422);
    expect((await twice.json<{ errors: { path: string }[] }>()).errors[0]!.path).toBe('items[1].variantId');
    expect(await testDb().select().from(carts).where(eq(carts.storeId, catalog.storeId))).toHaveLength(1);
  });

  it('is a 401 without credentials and a 404 with another cart’s token, another store, or an unknown id', async () => {
    const catalog = await createCatalogStore();
    const mine = await newGuestCart(catalog);
    const theirs = await newGuestCart(catalog);
    expect((await api(`/v1/stores/${catalog.slug}/carts/${mine.cart.id}`)).status).toBe(401);
    expect((await theirs.call('GET', `/${mine.cart.id}`)).status).toBe(404);
    expect(
      (
        await theirs.call('POST', `/${mine.cart.id}/items`, {
          variantId: catalog.variant('BAL-HOE-NEG-M').id,
          quantity: 1,
        })
      ).status,
    ).toBe(404);
    expect((await mine.call('GET', `/${uuidv7()}`)).status).toBe(404);
    const other = await createCatalogStore();
    expect((await cartCall(other, mine.cart.token!)('GET', `/${mine.cart.id}`)).status).toBe(404);
  });

  it('shows a withdrawn product’s line as unavailable and leaves it out of the totals', async () => {
    const catalog = await createCatalogStore();
    const hoodie = catalog.variant('BAL-HOE-NEG-M');
    const remera = catalog.variant('BAL-RPA-BLA-M');
    const { cart, call } = await newGuestCart(catalog, {
      items: [
        { variantId: hoodie.id, quantity: 1 },
        { variantId: remera.id, quantity: 1 },
      ],
    });
    await testDb().update(products).set({ status: 'archived' }).where(eq(products.id, hoodie.productId!));
    const read = await (await call('GET', `/${cart.id}`)).json<Cart>();
    expect(read.items[0]).toMatchObject({
      purchasable: false,
      availability: 'unavailable',
      unitPrice: null,
      lineTotal: 0,
    });
    expect(read.totals.subtotal).toBe(32_000_00);
  });

  it('creates an empty cart from a request without a body, and refuses a body that is not JSON', async () => {
    const catalog = await createCatalogStore();
    const empty = await api(`/v1/stores/${catalog.slug}/carts`, { method: 'POST' });
    expect(empty.status).toBe(201);
    expect((await empty.json<Cart>()).items).toEqual([]);
    const broken = await api(`/v1/stores/${catalog.slug}/carts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"items":',
    });
    expect(broken.status).toBe(400);
  });

  it('is a 404 for a store that does not exist, items or not', async () => {
    const catalog = await createCatalogStore();
    const body = { items: [{ variantId: catalog.variant('BAL-HOE-NEG-M').id, quantity: 1 }] };
    expect((await api('/v1/stores/no-such-store/carts', jsonBody(body))).status).toBe(404);
    expect((await api('/v1/stores/no-such-store/carts', jsonBody({}))).status).toBe(404);
  });

  it('lets a browser on another origin send the cart, order and idempotency headers', async () => {
    const response = await api('/v1/stores/any/checkout', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'idempotency-key, x-cart-token, x-order-token, content-type',
      },
    });
    const allowed = (response.headers.get('access-control-allow-headers') ?? '').toLowerCase();
    for (const header of ['idempotency-key', 'x-cart-token', 'x-order-token', 'content-type'])
      expect(allowed).toContain(header);
    expect(response.headers.get('access-control-expose-headers')).toContain('Idempotent-Replayed');
  });

  it('is 409 to change once expired', async () => {
    const catalog = await createCatalogStore();
    const { cart, call } = await newGuestCart(catalog);
    await testDb()
      .update(carts)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(carts.id, cart.id));
    expect((await (await call('GET', `/${cart.id}`)).json<Cart>()).status).toBe('expired');
    const response = await call('POST', `/${cart.id}/items`, {
      variantId: catalog.variant('BAL-HOE-NEG-M').id,
      quantity: 1,
    });
    expect(response.status).toBe(409);
    expect((await response.json<{ code: string }>()).code).toBe('cart_not_active');
  });
});

describe('customer carts', () => {
  it('belongs to the signed-in customer, without a token', async () => {
    const catalog = await createCatalogStore();
    const user = await createTestUser();
    const token = await accessTokenFor(user, []);
    const created = await api(
      `/v1/stores/${catalog.slug}/carts`,
      jsonBody({ items: [{ variantId: catalog.variant('BAL-HOE-NEG-M').id, quantity: 1 }] }, bearer(token)),
    );
    expect(created.status).toBe(201);
    const cart = await created.json<Cart>();
    expect(cart.token).toBeUndefined();
    expect(cart.customerId).not.toBeNull();
    expect((await api(`/v1/stores/${catalog.slug}/carts/${cart.id}`, bearer(token))).status).toBe(200);
    const stranger = await accessTokenFor(await createTestUser(), []);
    expect((await api(`/v1/stores/${catalog.slug}/carts/${cart.id}`, bearer(stranger))).status).toBe(404);
    expect((await api(`/v1/stores/${catalog.slug}/carts/${cart.id}`, bearer('not-a-token'))).status).toBe(401);
    // The same customer record serves the next cart.
    const next = await (await api(`/v1/stores/${catalog.slug}/carts`, jsonBody({}, bearer(token)))).json<Cart>();
    expect(next.customerId).toBe(cart.customerId);
  });
});
