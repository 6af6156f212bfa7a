import { and, asc, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, customers } from '../../src/db/schema';
import { uuidv7 } from '../../src/lib/ids';
import { api, countRoundTrips, jsonBody } from '../helpers/api';
import { accessTokenFor, bearer, createTestUser } from '../helpers/auth';
import { createCatalogStore, type CatalogStore } from '../helpers/catalog';
import { checkoutBody, type PlacedOrder, postCheckout } from '../helpers/checkout';
import { type AdminCall, ownerOf, placeOrder } from '../helpers/payments';
import { testDb } from '../helpers/stores';

interface Customer {
  id: string;
  email: string | null;
  name: string | null;
  phone: string | null;
  hasAccount: boolean;
  channelIds: Record<string, string>;
  tags: string[];
  notes: string | null;
  marketingConsent: boolean;
  marketingConsentAt: string | null;
  blockedAt: string | null;
  blockedReason: string | null;
  orderCount: number;
  updatedAt: string;
  orders: { id: string }[];
  addresses: unknown[];
}

interface Problem {
  code: string;
  detail: string;
  errors?: { path?: string }[];
}

const SHIRT: [string, number][] = [['BAL-RPA-BLA-M', 1]];

async function createCustomer(call: AdminCall, body: Record<string, unknown>): Promise<Customer> {
  const response = await call('POST', '/customers', body);
  expect(response.status, await response.clone().text()).toBe(201);
  return response.json<Customer>();
}

async function customerCount(storeId: string): Promise<number> {
  const { rows } = await testDb().execute<{ count: string }>(
    sql`SELECT count(*) FROM customers WHERE store_id = ${storeId}`,
  );
  return Number(rows[0]!.count);
}

async function orderCount(storeId: string): Promise<number> {
  const { rows } = await testDb().execute<{ count: string }>(
    sql`SELECT count(*) FROM orders WHERE store_id = ${storeId}`,
  );
  return Number(rows[0]!.count);
}

async function auditActions(customerId: string) {
  return testDb()
    .select({ action: auditLog.action, before: auditLog.before, after: auditLog.after })
    .from(auditLog)
    .where(and(eq(auditLog.entityId, customerId), eq(auditLog.entityType, 'customer')))
    .orderBy(asc(auditLog.id));
}

/** A checkout of one t-shirt, as a guest under `email` or as the holder of `token`. */
function checkoutShirt(catalog: CatalogStore, options: { email?: string; token?: string; key?: string } = {}) {
  const body = checkoutBody(
    catalog,
    { items: [{ variantId: catalog.variant('BAL-RPA-BLA-M').id, quantity: 1 }] },
    options.email ? { email: options.email } : {},
  );
  const headers: Record<string, string> = options.token ? { authorization: `Bearer ${options.token}` } : {};
  return postCheckout(catalog.slug, body, { key: options.key, headers });
}

async function expectBlocked(response: Response, label: string) {
  const text = await response.text();
  expect(response.status, `${label}: ${text}`).toBe(403);
  const problem = JSON.parse(text) as Problem;
  expect(problem.code).toBe('customer_blocked');
  // The shopper learns that they are blocked, never why.
  expect(problem.detail).not.toMatch(/refused|parcel|reason/i);
}

describe('staff record customers', () => {
  it('by email, by phone only or by a channel id only; with none of them it is a 422, and a used email a 409', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);

    const created = await countRoundTrips(() =>
      call('POST', '/customers', {
        email: '  Martin.Sosa@Example.COM ',
        name: 'Martín Sosa',
        tags: [' Mayorista', 'FACTURA-A'],
        notes: 'Compra por mayor.',
        marketingConsent: true,
      }),
    );
    expect(created.result.status, await created.result.clone().text()).toBe(201);
    expect(created.requests).toBe(1);
    const byEmail = await created.result.json<Customer>();
    expect(byEmail).toMatchObject({
      email: 'martin.sosa@example.com',
      name: 'Martín Sosa',
      phone: null,
      hasAccount: false,
      tags: ['mayorista', 'factura-a'],
      notes: 'Compra por mayor.',
      marketingConsent: true,
      marketingConsentAt: expect.any(String),
      blockedAt: null,
      blockedReason: null,
      orderCount: 0,
      orders: [],
      addresses: [],
    });

    const byPhone = await createCustomer(call, { phone: '+54 9 (341) 555-0987' });
    expect(byPhone).toMatchObject({ email: null, phone: '+5493415550987', channelIds: {}, tags: [] });
    expect(byPhone.marketingConsent).toBe(false);
    expect(byPhone.marketingConsentAt).toBeNull();
    const byChannel = await createCustomer(call, { channelIds: { telegram: '@martinsosa' } });
    expect(byChannel).toMatchObject({ email: null, phone: null, channelIds: { telegram: '@martinsosa' } });

    const unreachable = await call('POST', '/customers', { name: 'Nobody', tags: ['x'] });
    expect(unreachable.status).toBe(422);
    expect((await unreachable.json<Problem>()).detail).toBeDefined();
    for (const body of [{}, { channelIds: {} }, { email: null }, { email: null, phone: null, channelIds: {} }]) {
      expect((await call('POST', '/customers', body)).status, JSON.stringify(body)).toBe(422);
    }

    const taken = await call('POST', '/customers', { email: 'MARTIN.SOSA@example.com', phone: '+5491100000000' });
    expect(taken.status).toBe(409);
    const problem = await taken.json<Problem>();
    expect(problem.code).toBe('conflict');
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'email' })]);
    // An email a checkout made a customer of is taken too.
    await placeOrder(catalog, SHIRT, { email: 'guest@example.com' });
    expect((await call('POST', '/customers', { email: 'guest@example.com' })).status).toBe(409);
    expect(await customerCount(catalog.storeId)).toBe(4);

    expect((await auditActions(byEmail.id)).map((row) => row.action)).toEqual(['customer.created']);
    expect((await auditActions(byEmail.id))[0]).toMatchObject({
      before: null,
      after: { email: 'martin.sosa@example.com', tags: ['mayorista', 'factura-a'], marketingConsent: true },
    });
  });

  it('refuses a bad value of every field with a 422, writing nothing', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const phone = '+5493415550987';
    const bad: Record<string, unknown>[] = [
      { email: 'not-an-email' },
      { email: '' },
      { email: `${'x'.repeat(250)}@example.com` },
      { email: 42 },
      { phone: '5493415550987' },
      { phone: '+12345' },
      { phone: '+0123456789' },
      { phone: '+1234567890123456' },
      { phone: '+54 9 341 CALL-ME' },
      { phone: '' },
      { phone: 5493415550987 },
      { channelIds: { fax: '1234' } },
      { channelIds: { whatsapp: '' } },
      { channelIds: { whatsapp: 'x'.repeat(101) } },
      { channelIds: { whatsapp: 5491100000000 } },
      { channelIds: 'whatsapp' },
      { channelIds: ['whatsapp'] },
      { phone, name: '' },
      { phone, name: 'x'.repeat(201) },
      { phone, tags: 'vip' },
      { phone, tags: [''] },
      { phone, tags: ['   '] },
      { phone, tags: ['x'.repeat(41)] },
      { phone, tags: ['VIP', 'vip'] },
      { phone, tags: Array.from({ length: 21 }, (_, index) => `tag-${index}`) },
      { phone, tags: [7] },
      { phone, notes: '' },
      { phone, notes: 'x'.repeat(2001) },
      { phone, marketingConsent: 'yes' },
      { phone, marketingConsent: null },
      { phone, segment: 'vip' },
      { phone, totalSpent: 100 },
      { phone, blockedAt: new Date().toISOString() },
    ];
    for (const body of bad) {
      const response = await call('POST', '/customers', body);
      expect(response.status, JSON.stringify(body)).toBe(422);
      expect((await response.json<Problem>()).code).toBe('validation_failed');
    }
    expect(await customerCount(catalog.storeId)).toBe(0);
    // At the limits, accepted.
    const full = await createCustomer(call, {
      phone: '+123456789012345',
      tags: Array.from({ length: 20 }, (_, index) => `t${index}-${'x'.repeat(30)}`),
      notes: 'x'.repeat(2000),
      channelIds: Object.fromEntries(
        ['whatsapp', 'telegram', 'instagram', 'email', 'sms', 'web'].map((channel) => [channel, 'x'.repeat(100)]),
      ),
    });
    expect(full.tags).toHaveLength(20);
  });

  it('change a profile: consent stamped when it changes, an account’s email follows the account, a customer stays reachable', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const customer = await createCustomer(call, { phone: '+5493415550987', marketingConsent: false });
    const patch = (id: string, body: unknown) => call('PATCH', `/customers/${id}`, body);

    const changed = await countRoundTrips(() =>
      patch(customer.id, { marketingConsent: true, tags: [' Mayorista ', 'Rosario'], name: 'Martín' }),
    );
    expect(changed.result.status, await changed.result.clone().text()).toBe(200);
    expect(changed.requests).toBe(1);
    const consented = await changed.result.json<Customer>();
    expect(consented).toMatchObject({ marketingConsent: true, tags: ['mayorista', 'rosario'], name: 'Martín' });
    expect(consented.marketingConsentAt).not.toBeNull();
    // The same consent again: its time stays.
    const again = await (
      await patch(customer.id, { marketingConsent: true, notes: 'Llamar de tarde' })
    ).json<Customer>();
    expect(again.marketingConsentAt).toBe(consented.marketingConsentAt);
    expect(again.notes).toBe('Llamar de tarde');
    const withdrawn = await (await patch(customer.id, { marketingConsent: false })).json<Customer>();
    expect(withdrawn.marketingConsentAt).not.toBe(consented.marketingConsentAt);

    // The email may change, lower-cased, to one no other customer has.
    const emailed = await (await patch(customer.id, { email: 'Martin@Example.com' })).json<Customer>();
    expect(emailed.email).toBe('martin@example.com');
    await createCustomer(call, { email: 'other@example.com' });
    const taken = await patch(customer.id, { email: 'other@example.com' });
    expect(taken.status).toBe(409);
    expect((await taken.json<Problem>()).errors).toEqual([expect.objectContaining({ path: 'email' })]);

    // Clearing all it is known by is refused; clearing some is not.
    const before = await (await call('GET', `/customers/${customer.id}`)).json<Customer>();
    const unreachable = await patch(customer.id, { email: null, phone: null });
    expect(unreachable.status).toBe(422);
    expect((await unreachable.json<Problem>()).errors).toEqual([expect.objectContaining({ path: 'email' })]);
    expect(await (await call('GET', `/customers/${customer.id}`)).json()).toEqual(before);
    expect((await patch(customer.id, { phone: null, tags: [], notes: null })).status).toBe(200);

    for (const body of [{}, { email: 'nope' }, { phone: '123' }, { tags: ['a', 'A'] }, { hasAccount: true }]) {
      expect((await patch(customer.id, body)).status, JSON.stringify(body)).toBe(422);
    }

    // A signed-in buyer's customer: the account's email, not staff's to change; the rest is.
    const user = await createTestUser();
    const token = await accessTokenFor(user, []);
    expect((await checkoutShirt(catalog, { email: user.email, token })).status).toBe(201);
    const [linked] = await testDb().select().from(customers).where(eq(customers.userId, user.id));
    const refused = await patch(linked!.id, { email: 'someone-else@example.com' });
    expect(refused.status).toBe(409);
    expect((await refused.json<Problem>()).detail).toMatch(/account/);
    expect((await patch(linked!.id, { email: user.email, name: 'Same email' })).status).toBe(200);
    expect((await patch(linked!.id, { email: null, phone: null })).status).toBe(409);

    const actions = (await auditActions(customer.id)).map((row) => row.action);
    expect(actions).toEqual(['customer.created', ...Array(5).fill('customer.updated')]);
    const last = (await auditActions(customer.id)).at(-1)!;
    expect(last).toMatchObject({ before: { phone: '+5493415550987' }, after: { phone: null, tags: [] } });

    const other = await createCatalogStore();
    expect((await (await ownerOf(other))('PATCH', `/customers/${customer.id}`, { name: 'Stolen' })).status).toBe(404);
    expect((await patch(crypto.randomUUID(), { name: 'Nobody' })).status).toBe(404);
  });

  it('lists by tag (any case) and by whether they are blocked', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const wholesale = await createCustomer(call, { phone: '+5491100000001', tags: ['mayorista', 'rosario'] });
    const retail = await createCustomer(call, { phone: '+5491100000002', tags: ['minorista'] });
    const both = await createCustomer(call, { phone: '+5491100000003', tags: ['mayorista'] });
    await call('POST', `/customers/${both.id}/block`, { reason: 'Pagos rechazados' });

    const ids = async (query: string) => {
      const { requests, result } = await countRoundTrips(() => call('GET', `/customers?${query}`));
      expect(result.status, query).toBe(200);
      expect(requests).toBe(1);
      return (await result.json<{ data: Customer[] }>()).data.map((row) => row.id);
    };
    expect(await ids('tag=MAYORISTA')).toEqual([both.id, wholesale.id]);
    expect(await ids('tag=rosario')).toEqual([wholesale.id]);
    expect(await ids('tag=none')).toEqual([]);
    expect(await ids('blocked=true')).toEqual([both.id]);
    expect(await ids('blocked=false')).toEqual([retail.id, wholesale.id]);
    expect(await ids('tag=mayorista&blocked=false')).toEqual([wholesale.id]);
    const listed = (await (await call('GET', '/customers?blocked=true')).json<{ data: Customer[] }>()).data[0]!;
    expect(listed).toMatchObject({ tags: ['mayorista'], blockedReason: 'Pagos rechazados', notes: null });
    for (const query of ['blocked=yes', 'blocked=', 'tag=', `tag=${'x'.repeat(41)}`]) {
      expect((await call('GET', `/customers?${query}`)).status, query).toBe(422);
    }
  });
});

describe('blocked customers', () => {
  it('a signed-in shopper cannot open or change a cart, nor check out, until unblocked; their orders stay', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const user = await createTestUser();
    const token = await accessTokenFor(user, []);
    const hoodie = catalog.variant('BAL-HOE-NEG-M').id;
    const cart = await (
      await api(
        `/v1/stores/${catalog.slug}/carts`,
        jsonBody({ items: [{ variantId: hoodie, quantity: 1 }] }, bearer(token)),
      )
    ).json<{ id: string; customerId: string; items: { id: string }[] }>();
    const earlier = await (await checkoutShirt(catalog, { email: user.email, token })).json<PlacedOrder>();

    const reason = 'Refused two COD parcels at the door';
    const blocked = await countRoundTrips(() => call('POST', `/customers/${cart.customerId}/block`, { reason }));
    expect(blocked.result.status, await blocked.result.clone().text()).toBe(200);
    expect(blocked.requests).toBe(1);
    const customer = await blocked.result.json<Customer>();
    expect(customer).toMatchObject({ blockedReason: reason, blockedAt: expect.any(String), hasAccount: true });
    // Blocking again changes nothing: the first block stands.
    const twice = await call('POST', `/customers/${cart.customerId}/block`, { reason: 'Another reason' });
    expect(await twice.json()).toEqual(customer);

    const orders = await orderCount(catalog.storeId);
    const refusedCart = await countRoundTrips(() =>
      api(`/v1/stores/${catalog.slug}/carts`, jsonBody({ items: [{ variantId: hoodie, quantity: 1 }] }, bearer(token))),
    );
    expect(refusedCart.requests).toBe(1);
    await expectBlocked(refusedCart.result, 'new cart');
    const cartPath = `/v1/stores/${catalog.slug}/carts/${cart.id}`;
    await expectBlocked(
      await api(`${cartPath}/items`, jsonBody({ variantId: hoodie, quantity: 1 }, bearer(token))),
      'add an item',
    );
    await expectBlocked(
      await api(
        `${cartPath}/items/${cart.items[0]!.id}`,
        jsonBody({ quantity: 3 }, bearer(token, { method: 'PATCH' })),
      ),
      'change a quantity',
    );
    await expectBlocked(
      await api(`${cartPath}/items/${cart.items[0]!.id}`, bearer(token, { method: 'DELETE' })),
      'remove',
    );
    await expectBlocked(
      await api(cartPath, jsonBody({ email: user.email }, bearer(token, { method: 'PATCH' }))),
      'details',
    );
    // Reading the cart is still allowed, and it is as it was.
    const read = await api(cartPath, bearer(token));
    expect(read.status).toBe(200);
    expect((await read.json<{ items: { quantity: number }[] }>()).items).toEqual([
      expect.objectContaining({ quantity: 1 }),
    ]);

    const refusedCheckout = await countRoundTrips(() =>
      postCheckout(catalog.slug, checkoutBody(catalog, { cartId: cart.id }, { email: user.email }), {
        headers: { authorization: `Bearer ${token}` },
      }),
    );
    expect(refusedCheckout.requests).toBe(1);
    await expectBlocked(refusedCheckout.result, 'checkout of the cart');
    await expectBlocked(
      await checkoutShirt(catalog, { email: 'other-address@example.com', token }),
      'checkout of items',
    );
    expect(await orderCount(catalog.storeId)).toBe(orders);

    // Their history stays, for staff and for them.
    const detail = await (await call('GET', `/customers/${cart.customerId}`)).json<Customer>();
    expect(detail.orders.map((order) => order.id)).toEqual([earlier.id]);
    const theirOrders = await (await call('GET', `/orders?customerId=${cart.customerId}`)).json<{
      data: { id: string }[];
    }>();
    expect(theirOrders.data.map((order) => order.id)).toEqual([earlier.id]);
    expect((await api(`/v1/stores/${catalog.slug}/orders/${earlier.id}`, bearer(token))).status).toBe(200);

    const unblocked = await countRoundTrips(() => call('POST', `/customers/${cart.customerId}/unblock`));
    expect(unblocked.result.status).toBe(200);
    expect(unblocked.requests).toBe(1);
    expect(await unblocked.result.json()).toMatchObject({ blockedAt: null, blockedReason: null });
    expect((await call('POST', `/customers/${cart.customerId}/unblock`)).status).toBe(200);
    expect((await api(`${cartPath}/items`, jsonBody({ variantId: hoodie, quantity: 1 }, bearer(token)))).status).toBe(
      200,
    );
    const placed = await postCheckout(catalog.slug, checkoutBody(catalog, { cartId: cart.id }, { email: user.email }), {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(placed.status, await placed.clone().text()).toBe(201);

    const audit = await auditActions(cart.customerId);
    expect(audit.map((row) => row.action)).toEqual(['customer.blocked', 'customer.unblocked']);
    expect(audit[0]).toMatchObject({ before: { blockedAt: null }, after: { blockedReason: reason } });
  });

  it('a guest cannot check out with a blocked customer’s email; a replay of an order placed before the block still answers', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const key = `before-block-${uuidv7()}`;
    const earlier = await checkoutShirt(catalog, { email: 'lucia@example.com', key });
    expect(earlier.status).toBe(201);
    const order = await earlier.json<PlacedOrder>();
    const [customer] = await testDb().select().from(customers).where(eq(customers.email, 'lucia@example.com'));
    // Another store's customer of the same email is not blocked by this store.
    const other = await createCatalogStore();
    expect((await checkoutShirt(other, { email: 'lucia@example.com' })).status).toBe(201);

    expect((await call('POST', `/customers/${customer!.id}/block`, { reason: 'Chargebacks' })).status).toBe(200);
    const orders = await orderCount(catalog.storeId);
    const refused = await countRoundTrips(() => checkoutShirt(catalog, { email: 'Lucia@Example.com' }));
    expect(refused.requests).toBe(1);
    await expectBlocked(refused.result, 'guest checkout');
    // Signed in under another account, with her email: still her.
    const stranger = await accessTokenFor(await createTestUser(), []);
    await expectBlocked(await checkoutShirt(catalog, { email: 'lucia@example.com', token: stranger }), 'other account');
    expect(await orderCount(catalog.storeId)).toBe(orders);

    const replay = await checkoutShirt(catalog, { email: 'lucia@example.com', key });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect((await replay.json<PlacedOrder>()).id).toBe(order.id);

    // A guest still opens carts (nothing ties a guest cart to her until checkout), and another email checks out.
    expect((await api(`/v1/stores/${catalog.slug}/carts`, jsonBody({}))).status).toBe(201);
    expect((await checkoutShirt(catalog, { email: 'someone@example.com' })).status).toBe(201);
    expect((await checkoutShirt(other, { email: 'lucia@example.com' })).status).toBe(201);

    expect((await call('POST', `/customers/${customer!.id}/unblock`)).status).toBe(200);
    expect((await checkoutShirt(catalog, { email: 'lucia@example.com' })).status).toBe(201);
    const detail = await (await call('GET', `/customers/${customer!.id}`)).json<Customer>();
    expect(detail.orders).toHaveLength(2);
  });

  it('block and unblock are 404 for another store’s customer or an unknown one, and block needs a reason', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const customer = await createCustomer(call, { phone: '+5491100000009' });
    const stranger = await ownerOf(await createCatalogStore());
    for (const action of ['block', 'unblock']) {
      const response = await stranger('POST', `/customers/${customer.id}/${action}`, { reason: 'x' });
      expect(response.status, action).toBe(404);
      expect((await call('POST', `/customers/${crypto.randomUUID()}/${action}`, { reason: 'x' })).status).toBe(404);
    }
    for (const body of [
      {},
      { reason: '' },
      { reason: '   ' },
      { reason: 'x'.repeat(501) },
      { reason: 'x', until: 'never' },
    ]) {
      expect((await call('POST', `/customers/${customer.id}/block`, body)).status, JSON.stringify(body)).toBe(422);
    }
    expect((await call('GET', `/customers/${customer.id}`)).status).toBe(200);
    const [row] = await testDb().select().from(customers).where(eq(customers.id, customer.id));
    expect(row!.blockedAt).toBeNull();
    expect((await auditActions(customer.id)).map((entry) => entry.action)).toEqual(['customer.created']);
  });
});
