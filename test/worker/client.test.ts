import { type CommerceClientOptions, createCommerceClient, type Problem } from '@edge-commerce/client';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { fetchWorker } from '../helpers/api';
import {
  accessTokenFor,
  createTestUser,
  deleteUsersAfterTest,
  TEST_PASSWORD,
  uniqueAddress,
  uniqueEmail,
} from '../helpers/auth';
import { createCatalogStore } from '../helpers/catalog';
import { TEST_ADDRESS } from '../helpers/checkout';

/**
 * The typed client of client/, against the real Worker: every call below is
 * checked by the compiler against the generated types, and every answer by
 * the contract check of fetchWorker against the document they came from.
 */

/** A client of the Worker under test, with a client address of its own (rate limits), recording the headers it sends. */
function workerClient(options: CommerceClientOptions = {}) {
  const sent: Headers[] = [];
  const urls: string[] = [];
  const client = createCommerceClient({
    baseUrl: 'https://api.test',
    fetch: (request) => {
      sent.push(new Headers(request.headers));
      urls.push(request.url);
      return fetchWorker(request);
    },
    headers: { 'cf-connecting-ip': uniqueAddress() },
    ...options,
  });
  return { client, sent, urls };
}

/** The data of a successful answer; otherwise fails with the problem. */
function ok<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data === undefined) throw new Error(`${result.response.status}: ${JSON.stringify(result.error)}`);
  return result.data;
}

describe('typed client', () => {
  it('browses, fills a guest cart and checks out; a replay answers the same order; staff confirm the transfer', async () => {
    const catalog = await createCatalogStore();
    const { client: shop, sent, urls } = workerClient();
    const store = { store: catalog.slug };

    const page = ok(
      await shop.GET('/v1/stores/{store}/products', {
        params: {
          path: store,
          query: { category: 'hoodie', inStock: true, sort: 'price_asc', options: { size: 'M' } },
        },
      }),
    );
    expect(new URL(urls.at(-1)!).searchParams.get('size'), 'an option filter is a parameter of its own').toBe('M');
    expect(page.data.length).toBeGreaterThan(0);
    expect(page.data.map((product) => product.slug)).toContain('hoodie-oversize-essential');
    expect(page.data.map((product) => product.slug)).not.toContain('remera-premium-algodon');
    const product = ok(
      await shop.GET('/v1/stores/{store}/products/{idOrSlug}', {
        params: { path: { ...store, idOrSlug: 'hoodie-oversize-essential' } },
      }),
    );
    expect(product.id).toBe(page.data.find((summary) => summary.slug === product.slug)!.id);
    const variant = product.variants.find((candidate) => candidate.sku === 'BAL-HOE-NEG-M')!;

    // The cart token is answered once; the client then sends it to every cart route that takes it.
    const created = ok(await shop.POST('/v1/stores/{store}/carts', { params: { path: store }, body: {} }));
    expect(created.token).toEqual(expect.any(String));
    shop.setCartToken(created.token);
    const cartPath = { ...store, cartId: created.id };
    ok(
      await shop.POST('/v1/stores/{store}/carts/{cartId}/items', {
        params: { path: cartPath },
        body: { variantId: variant.id, quantity: 2 },
      }),
    );
    const cart = ok(await shop.GET('/v1/stores/{store}/carts/{cartId}', { params: { path: cartPath } }));
    expect(cart.items.map((item) => [item.sku, item.quantity])).toEqual([['BAL-HOE-NEG-M', 2]]);
    expect(cart.totals.subtotal).toBe(2 * variant.price.amount);

    const rates = ok(
      await shop.GET('/v1/stores/{store}/shipping-rates', { params: { path: store, query: { country: 'AR' } } }),
    );
    const checkoutBody = {
      cartId: cart.id,
      cartToken: created.token,
      email: 'ana@example.com',
      shippingAddress: TEST_ADDRESS,
      shippingRateId: rates.data[0]!.id,
      paymentMethod: 'bank_transfer' as const,
    };
    const placed = await shop.POST('/v1/stores/{store}/checkout', { params: { path: store }, body: checkoutBody });
    const order = ok(placed);
    expect(placed.response.status).toBe(201);
    expect(order).toMatchObject({ status: 'pending_payment', totals: { subtotal: cart.totals.subtotal } });
    expect(order.payment).toMatchObject({ method: 'bank_transfer', status: 'pending' });
    const key = sent.at(-1)!.get('idempotency-key');
    expect(key).toMatch(/^[0-9a-f-]{36}$/);

    // The same key, passed by the caller (the client adds none of its own), answers the same order.
    const replay = await shop.POST('/v1/stores/{store}/checkout', {
      params: { path: store, header: { 'idempotency-key': key! } },
      body: checkoutBody,
    });
    expect(ok(replay).id).toBe(order.id);
    expect(replay.response.headers.get('idempotent-replayed')).toBe('true');
    expect(sent.at(-1)!.get('idempotency-key')).toBe(key);

    const staff = await createTestUser();
    const { client: admin } = workerClient({
      token: await accessTokenFor(staff, [{ id: catalog.storeId, slug: catalog.slug, role: 'staff' }]),
    });
    const payment = ok(
      await admin.POST('/v1/admin/stores/{store}/payments/{paymentId}/confirm', {
        params: { path: { ...store, paymentId: order.payment!.id } },
        body: { referenceSeen: `Transfer ${order.number}` },
      }),
    );
    expect(payment).toMatchObject({ status: 'confirmed', order: { number: order.number, status: 'paid' } });
    expect(payment.confirmedBy).toEqual({ type: 'user', id: staff.id });

    const again = await admin.POST('/v1/admin/stores/{store}/payments/{paymentId}/confirm', {
      params: { path: { ...store, paymentId: order.payment!.id } },
    });
    expect(again.response.status).toBe(409);
    expect(again.error?.code).toBe('payment_already_confirmed');

    // The guest reads the order, now paid, with the token checkout answered.
    const bought = ok(
      await shop.GET('/v1/stores/{store}/orders/{orderId}', {
        params: { path: { ...store, orderId: order.id }, header: { 'x-order-token': order.accessToken! } },
      }),
    );
    expect(bought).toMatchObject({ id: order.id, status: 'paid' });
  });

  it('registers a user, then carries the access token to /v1/me', async () => {
    const email = uniqueEmail('client');
    deleteUsersAfterTest(email);
    const { client } = workerClient();

    const signedOut = await client.GET('/v1/me');
    expect(signedOut.response.status).toBe(401);
    expect(signedOut.error?.code).toBe('unauthorized');

    const session = ok(
      await client.POST('/v1/auth/register', { body: { email, name: 'Client User', password: TEST_PASSWORD } }),
    );
    client.setToken(session.accessToken);
    const me = ok(await client.GET('/v1/me'));
    expect(me).toMatchObject({ id: session.user.id, email, stores: [] });

    const login = ok(await client.POST('/v1/auth/login', { body: { email, password: TEST_PASSWORD } }));
    client.setToken(login.accessToken);
    expect(ok(await client.GET('/v1/me')).id).toBe(session.user.id);
  });

  it('answers errors as typed problem+json', async () => {
    const catalog = await createCatalogStore();
    const { client } = workerClient();

    const missing = await client.GET('/v1/stores/{store}/products/{idOrSlug}', {
      params: { path: { store: catalog.slug, idOrSlug: 'no-such-product' } },
    });
    expectTypeOf(missing.error).toExtend<Problem | undefined>();
    expect(missing.data).toBeUndefined();
    expect(missing.response.status).toBe(404);
    expect(missing.response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(missing.error).toMatchObject({ status: 404, code: 'not_found', title: expect.any(String) });

    // A guest cart opens only with its token: a client that does not carry it gets a 401.
    const created = ok(await client.POST('/v1/stores/{store}/carts', { params: { path: { store: catalog.slug } } }));
    const unopened = await client.GET('/v1/stores/{store}/carts/{cartId}', {
      params: { path: { store: catalog.slug, cartId: created.id } },
    });
    expect(unopened.error).toMatchObject({ status: 401, code: 'unauthorized' });

    const invalid = await client.POST('/v1/auth/login', { body: { email: 'not-an-email', password: '' } });
    expect(invalid.error?.code).toBe('validation_failed');
    expect(invalid.error?.errors?.length).toBeGreaterThan(0);
  });
});
