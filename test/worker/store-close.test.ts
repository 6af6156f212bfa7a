import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { stores } from '../../src/db/schema';
import { ORDER_TOKEN_HEADER } from '../../src/schemas/checkout';
import { api, countRoundTrips, jsonBody } from '../helpers/api';
import { accessTokenFor, createStoreWithTeam, createTestApiKey } from '../helpers/auth';
import { type CatalogStore, createCatalogStore } from '../helpers/catalog';
import { checkoutBody, postCheckout } from '../helpers/checkout';
import { adminCaller, ownerOf, paymentFootprint, placeOrder } from '../helpers/payments';
import { auditRowsOf, testDb } from '../helpers/stores';
import { paymentIntentObject, placeCardOrder, sendWebhook, setUpStripe, stripeEvent } from '../helpers/stripe';

/** Every storefront read of `catalog`, as a shopper would make them. */
function storefrontPaths(catalog: CatalogStore) {
  const base = `/v1/stores/${catalog.slug}`;
  return [
    base,
    `${base}/products?limit=3`,
    `${base}/products/hoodie-oversize-essential`,
    `${base}/categories`,
    `${base}/shipping-rates`,
  ];
}

/** A guest cart of one hoodie and a placed order, made while the store is open. */
async function shopperState(catalog: CatalogStore) {
  const cartResponse = await api(
    `/v1/stores/${catalog.slug}/carts`,
    jsonBody({ items: [{ variantId: catalog.variant('BAL-HOE-NEG-M').id, quantity: 1 }] }),
  );
  expect(cartResponse.status).toBe(201);
  const cart = await cartResponse.json<{ id: string; token: string }>();
  const order = await placeOrder(catalog, [['BAL-RPA-BLA-M', 1]]);
  return {
    cart: () => api(`/v1/stores/${catalog.slug}/carts/${cart.id}`, { headers: { 'x-cart-token': cart.token } }),
    checkout: () =>
      postCheckout(catalog.slug, checkoutBody(catalog, { cartId: cart.id }, {}), {
        headers: { 'x-cart-token': cart.token },
      }),
    order: () =>
      api(`/v1/stores/${catalog.slug}/orders/${order.id}`, { headers: { [ORDER_TOKEN_HEADER]: order.accessToken! } }),
    newCart: () => api(`/v1/stores/${catalog.slug}/carts`, jsonBody({})),
  };
}

describe('closing a store', () => {
  it('darkens the whole storefront at once, cached pages included; staff and API keys keep the admin', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const shopper = await shopperState(catalog);
    for (const path of storefrontPaths(catalog)) expect((await api(path)).status, path).toBe(200);
    const cachedList = await api(storefrontPaths(catalog)[1]!);
    expect(cachedList.headers.get('x-catalog-cache')).toBe('hit');

    const { requests, result } = await countRoundTrips(() =>
      call('POST', '/close', { reason: 'Vacaciones de verano' }),
    );
    expect(result.status, await result.clone().text()).toBe(200);
    expect(requests).toBe(1);
    expect(await result.json()).toMatchObject({ slug: catalog.slug, status: 'closed' });

    for (const path of storefrontPaths(catalog)) {
      const response = await api(path);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
    }
    for (const [name, attempt] of Object.entries(shopper)) expect((await attempt()).status, name).toBe(404);

    expect(await (await call('GET', '')).json()).toMatchObject({ status: 'closed' });
    const key = await createTestApiKey({ id: catalog.storeId, slug: catalog.slug } as never, [
      'store:read',
      'store:write',
      'orders:read',
    ]);
    const integration = adminCaller(catalog.slug, key.secret);
    expect((await integration('GET', '')).status).toBe(200);
    const renamed = await integration('PATCH', '', { name: 'Balsamoa (cerrado)' });
    expect(await renamed.json()).toMatchObject({ name: 'Balsamoa (cerrado)', status: 'closed' });
    expect((await integration('GET', '/orders')).status).toBe(200);

    const [row] = await auditRowsOf(catalog.storeId, 'store.closed');
    expect(row).toMatchObject({
      entityType: 'store',
      entityId: catalog.storeId,
      actorType: 'user',
      before: { status: 'active' },
      after: { status: 'closed', reason: 'Vacaciones de verano' },
    });
  });

  it('is idempotent: closing a closed store answers it, in one round trip, and audits nothing', async () => {
    const team = await createStoreWithTeam();
    const call = adminCaller(team.store.slug, team.tokens.owner);
    expect((await call('POST', '/close')).status).toBe(200);
    const { requests, result } = await countRoundTrips(() => call('POST', '/close', { reason: 'Again' }));
    expect(result.status).toBe(200);
    expect(requests).toBe(1);
    expect(await result.json()).toMatchObject({ status: 'closed' });
    const rows = await auditRowsOf(team.store.id, 'store.closed');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.after).toEqual({ status: 'closed' });
  });

  it('still processes payment webhooks for the closed store’s orders', async () => {
    const catalog = await createCatalogStore();
    const keys = await setUpStripe(catalog);
    const order = await placeCardOrder(catalog);
    expect((await (await ownerOf(catalog))('POST', '/close')).status).toBe(200);
    const event = stripeEvent('payment_intent.succeeded', paymentIntentObject(order));
    const response = await sendWebhook(catalog.slug, event, keys.webhookSecret);
    expect(response.status, await response.clone().text()).toBe(200);
    expect(await response.json()).toMatchObject({ outcome: 'applied' });
    expect(await paymentFootprint(order.id)).toMatchObject({ order_status: 'paid' });
  });

  it('is the owner’s alone: an admin or staff member gets a 403, another store’s owner a 404', async () => {
    const team = await createStoreWithTeam();
    const other = await createStoreWithTeam();
    for (const action of ['/close', '/reopen']) {
      for (const role of ['admin', 'staff'] as const) {
        const response = await adminCaller(team.store.slug, team.tokens[role])('POST', action);
        expect(response.status, `${role} ${action}`).toBe(403);
        expect(await response.json()).toMatchObject({ code: 'forbidden' });
      }
      expect((await adminCaller(team.store.slug, other.tokens.owner)('POST', action)).status).toBe(404);
    }
    const [row] = await testDb().select().from(stores).where(eq(stores.id, team.store.id));
    expect(row!.status).toBe('active');
  });

  it('refuses a malformed reason, and cannot lift the platform’s suspension (409)', async () => {
    const team = await createStoreWithTeam();
    const call = adminCaller(team.store.slug, team.tokens.owner);
    for (const body of [{ reason: '' }, { reason: 'x'.repeat(501) }, { reason: 5 }, { why: 'no' }]) {
      expect((await call('POST', '/close', body)).status, JSON.stringify(body)).toBe(422);
    }
    await testDb().update(stores).set({ status: 'suspended' }).where(eq(stores.id, team.store.id));
    // A token minted before the suspension still names the store.
    const token = await accessTokenFor(team.users.owner, [{ id: team.store.id, slug: team.store.slug, role: 'owner' }]);
    for (const action of ['/close', '/reopen']) {
      const response = await adminCaller(team.store.slug, token)('POST', action);
      expect(response.status, action).toBe(409);
      expect(await response.json()).toMatchObject({ code: 'invalid_transition' });
    }
    const [row] = await testDb().select().from(stores).where(eq(stores.id, team.store.id));
    expect(row!.status).toBe('suspended');
    expect(await auditRowsOf(team.store.id, 'store.closed')).toEqual([]);
  });
});

describe('reopening a store', () => {
  it('brings the storefront back in one round trip, audited; reopening an open store changes nothing', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    expect((await call('POST', '/close')).status).toBe(200);
    expect((await api(storefrontPaths(catalog)[1]!)).status).toBe(404);

    const { requests, result } = await countRoundTrips(() => call('POST', '/reopen'));
    expect(result.status, await result.clone().text()).toBe(200);
    expect(requests).toBe(1);
    expect(await result.json()).toMatchObject({ status: 'active' });
    for (const path of storefrontPaths(catalog)) expect((await api(path)).status, path).toBe(200);
    const checkout = await postCheckout(
      catalog.slug,
      checkoutBody(catalog, { items: [{ variantId: catalog.variant('BAL-HOE-NEG-M').id, quantity: 1 }] }),
    );
    expect(checkout.status, await checkout.clone().text()).toBe(201);

    const again = await call('POST', '/reopen');
    expect(await again.json()).toMatchObject({ status: 'active' });
    const rows = await auditRowsOf(catalog.storeId, 'store.reopened');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ before: { status: 'closed' }, after: { status: 'active' } });
  });
});
