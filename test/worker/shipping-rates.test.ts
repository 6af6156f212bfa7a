import { and, asc, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, shippingRates } from '../../src/db/schema';
import { api, countRoundTrips } from '../helpers/api';
import { accessTokenFor, bearer } from '../helpers/auth';
import { createCatalogStore, type CatalogStore } from '../helpers/catalog';
import { checkoutBody, type PlacedOrder, postCheckout, TEST_ADDRESS } from '../helpers/checkout';
import { type AdminCall, ownerOf, placeOrder } from '../helpers/payments';
import { testDb } from '../helpers/stores';

interface Rate {
  id: string;
  name: string;
  description: string | null;
  countries: string[];
  amount: number;
  currency: string;
  freeOverAmount: number | null;
  minDeliveryDays: number | null;
  maxDeliveryDays: number | null;
  position: number;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

interface Problem {
  code: string;
  detail: string;
  errors?: { path?: string; message?: string }[];
}

const NEIGHBOURS = {
  name: 'Envío a países limítrofes',
  description: 'Uruguay y Chile',
  countries: ['UY', 'CL'],
  amount: 2_500_00,
  freeOverAmount: 100_000_00,
  minDeliveryDays: 7,
  maxDeliveryDays: 15,
};

async function createRate(call: AdminCall, body: Record<string, unknown>): Promise<Rate> {
  const response = await call('POST', '/shipping-rates', body);
  expect(response.status, await response.clone().text()).toBe(201);
  return response.json<Rate>();
}

async function rateCount(storeId: string): Promise<number> {
  const { rows } = await testDb().execute<{ count: string }>(
    sql`SELECT count(*) FROM shipping_rates WHERE store_id = ${storeId}`,
  );
  return Number(rows[0]!.count);
}

async function auditOf(rateId: string) {
  return testDb()
    .select({ action: auditLog.action, before: auditLog.before, after: auditLog.after, actorType: auditLog.actorType })
    .from(auditLog)
    .where(and(eq(auditLog.entityId, rateId), eq(auditLog.entityType, 'shipping_rate')))
    .orderBy(asc(auditLog.id));
}

async function storefrontRates(catalog: CatalogStore, query = '') {
  const response = await api(`/v1/stores/${catalog.slug}/shipping-rates${query}`);
  expect(response.status).toBe(200);
  return { cache: response.headers.get('x-catalog-cache'), rates: (await response.json<{ data: Rate[] }>()).data };
}

/** A checkout of `items` to `country` with rate `rateId`, as a guest. */
function checkoutTo(catalog: CatalogStore, rateId: string, country: string, items: [string, number][]) {
  return postCheckout(
    catalog.slug,
    checkoutBody(
      catalog,
      { items: items.map(([sku, quantity]) => ({ variantId: catalog.variant(sku).id, quantity })) },
      { shippingRateId: rateId, shippingAddress: { ...TEST_ADDRESS, country } },
    ),
  );
}

describe('admin shipping rates', () => {
  it('creates, reads, lists, changes and deletes a rate: each write one round trip and audited', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);

    const created = await countRoundTrips(() => call('POST', '/shipping-rates', NEIGHBOURS));
    expect(created.result.status, await created.result.clone().text()).toBe(201);
    expect(created.requests).toBe(1);
    const rate = await created.result.json<Rate>();
    // The store's currency, after the two rates the seed made, offered.
    expect(rate).toMatchObject({ ...NEIGHBOURS, currency: 'ARS', position: 2, active: true });

    const read = await countRoundTrips(() => call('GET', `/shipping-rates/${rate.id}`));
    expect(read.requests).toBe(1);
    expect(await read.result.json()).toEqual(rate);

    const changed = await countRoundTrips(() =>
      call('PATCH', `/shipping-rates/${rate.id}`, { active: false, amount: 3_000_00, description: null }),
    );
    expect(changed.result.status, await changed.result.clone().text()).toBe(200);
    expect(changed.requests).toBe(1);
    expect(await changed.result.json()).toMatchObject({
      ...NEIGHBOURS,
      active: false,
      amount: 3_000_00,
      description: null,
    });

    // Every rate, the inactive one too, by position.
    const list = await countRoundTrips(() => call('GET', '/shipping-rates'));
    expect(list.requests).toBe(1);
    const names = (await list.result.json<{ data: Rate[] }>()).data.map((row) => [row.name, row.active]);
    expect(names).toEqual([
      ['Envío estándar', true],
      ['Envío express CABA y GBA', true],
      [NEIGHBOURS.name, false],
    ]);
    // Moved to the top.
    await call('PATCH', `/shipping-rates/${rate.id}`, { position: 0 });
    const reordered = (await (await call('GET', '/shipping-rates')).json<{ data: Rate[] }>()).data;
    expect(reordered.map((row) => row.position)).toEqual([0, 0, 1]);
    expect(reordered.map((row) => row.id)).toEqual(
      [...reordered].sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : 1)).map((row) => row.id),
    );

    const deleted = await countRoundTrips(() => call('DELETE', `/shipping-rates/${rate.id}`));
    expect(deleted.result.status).toBe(204);
    expect(deleted.requests).toBe(1);
    expect((await call('GET', `/shipping-rates/${rate.id}`)).status).toBe(404);
    expect((await call('DELETE', `/shipping-rates/${rate.id}`)).status).toBe(404);

    const audit = await auditOf(rate.id);
    expect(audit.map((row) => row.action)).toEqual([
      'shipping_rate.created',
      'shipping_rate.updated',
      'shipping_rate.updated',
      'shipping_rate.deleted',
    ]);
    expect(audit[0]).toMatchObject({ actorType: 'user', before: null, after: { ...NEIGHBOURS, active: true } });
    expect(audit[1]).toMatchObject({
      before: { amount: 2_500_00, active: true },
      after: { amount: 3_000_00, active: false },
    });
    expect(audit[3]).toMatchObject({ before: { name: NEIGHBOURS.name, position: 0 }, after: null });
  });

  it('refuses a bad value of every field with a 422, writing nothing', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const valid = { name: 'Retiro', amount: 0 };
    const bad: Record<string, unknown>[] = [
      {},
      { amount: 0 },
      { name: 'Retiro' },
      { ...valid, name: '' },
      { ...valid, name: '   ' },
      { ...valid, name: 'x'.repeat(101) },
      { ...valid, name: 42 },
      { ...valid, description: '' },
      { ...valid, description: 'x'.repeat(501) },
      { ...valid, countries: 'AR' },
      { ...valid, countries: ['usa'] },
      { ...valid, countries: ['us'] },
      { ...valid, countries: ['Ar'] },
      { ...valid, countries: ['AR', 'UY', 'AR'] },
      { ...valid, countries: [''] },
      { ...valid, countries: [54] },
      { ...valid, countries: null },
      { ...valid, countries: Array.from({ length: 251 }, (_, index) => `A${String.fromCharCode(65 + (index % 26))}`) },
      { ...valid, amount: -1 },
      { ...valid, amount: 1.5 },
      { ...valid, amount: '100' },
      { ...valid, amount: null },
      { ...valid, amount: 100_000_000_001 },
      { ...valid, amount: Number.MAX_SAFE_INTEGER + 2 },
      { ...valid, freeOverAmount: -1 },
      { ...valid, freeOverAmount: 0.5 },
      { ...valid, freeOverAmount: 1e12 },
      { ...valid, minDeliveryDays: -1 },
      { ...valid, minDeliveryDays: 366 },
      { ...valid, maxDeliveryDays: 400 },
      { ...valid, minDeliveryDays: 1.5 },
      { ...valid, minDeliveryDays: '3' },
      { ...valid, minDeliveryDays: 5, maxDeliveryDays: 3 },
      { ...valid, position: -1 },
      { ...valid, position: 10_001 },
      { ...valid, active: 'yes' },
      { ...valid, active: null },
      { ...valid, currency: 'USD' },
      { ...valid, storeId: catalog.storeId },
    ];
    for (const body of bad) {
      const response = await call('POST', '/shipping-rates', body);
      expect(response.status, JSON.stringify(body)).toBe(422);
      expect((await response.json<Problem>()).code).toBe('validation_failed');
    }
    const token = await accessTokenFor({ id: catalog.owner.id!, email: catalog.owner.email }, [
      { id: catalog.storeId, slug: catalog.slug, role: 'owner' },
    ]);
    const malformed = await api(
      `/v1/admin/stores/${catalog.slug}/shipping-rates`,
      bearer(token, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name": ' }),
    );
    expect(malformed.status).toBe(400);
    expect(await rateCount(catalog.storeId)).toBe(2);

    const rate = await createRate(call, {
      name: 'Uruguay',
      countries: ['UY'],
      amount: 700,
      minDeliveryDays: 5,
      maxDeliveryDays: 8,
    });
    for (const body of [
      {},
      { name: null },
      { amount: null },
      { countries: ['us'] },
      { countries: ['UY', 'UY'] },
      { minDeliveryDays: 9, maxDeliveryDays: 8 },
      { id: crypto.randomUUID() },
      { currency: 'USD' },
    ]) {
      const response = await call('PATCH', `/shipping-rates/${rate.id}`, body);
      expect(response.status, JSON.stringify(body)).toBe(422);
    }
    // One bound against the other as stored: the database reads it in the same batch.
    for (const [body, field] of [
      [{ maxDeliveryDays: 4 }, 'maxDeliveryDays'],
      [{ minDeliveryDays: 9 }, 'minDeliveryDays'],
    ] as const) {
      const response = await call('PATCH', `/shipping-rates/${rate.id}`, body);
      expect(response.status, JSON.stringify(body)).toBe(422);
      const problem = await response.json<Problem>();
      expect(problem.code).toBe('validation_failed');
      expect(problem.errors).toEqual([expect.objectContaining({ path: field })]);
    }
    expect(await (await call('GET', `/shipping-rates/${rate.id}`)).json()).toEqual(rate);
    expect((await auditOf(rate.id)).length).toBe(1);

    // Clearing one bound, or both, is a change like any other.
    const cleared = await call('PATCH', `/shipping-rates/${rate.id}`, { minDeliveryDays: null });
    expect(await cleared.json()).toMatchObject({ minDeliveryDays: null, maxDeliveryDays: 8 });
    const widened = await call('PATCH', `/shipping-rates/${rate.id}`, { minDeliveryDays: 0, maxDeliveryDays: 365 });
    expect(await widened.json()).toMatchObject({ minDeliveryDays: 0, maxDeliveryDays: 365 });
  });

  it('keeps a rate orders were placed with: deleting it is a 409 that says to deactivate it, which hides it and checkout refuses it', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const rate = await createRate(call, { name: 'Everywhere', amount: 1_000_00 });
    const order = await placeOrder(catalog, [['BAL-HOE-NEG-M', 1]], { shippingRateId: rate.id });
    expect(order.shippingRate).toEqual({ id: rate.id, name: 'Everywhere' });

    const refused = await countRoundTrips(() => call('DELETE', `/shipping-rates/${rate.id}`));
    expect(refused.result.status).toBe(409);
    expect(refused.requests).toBe(1);
    const problem = await refused.result.json<Problem>();
    expect(problem.code).toBe('conflict');
    expect(problem.detail).toMatch(/deactivate it/);
    expect(problem.detail).toContain('"active": false');
    expect((await call('GET', `/shipping-rates/${rate.id}`)).status).toBe(200);
    const [kept] = await testDb()
      .execute<{ shipping_rate_id: string }>(sql`SELECT shipping_rate_id FROM orders WHERE id = ${order.id}`)
      .then((result) => result.rows);
    expect(kept!.shipping_rate_id).toBe(rate.id);
    expect((await auditOf(rate.id)).map((row) => row.action)).toEqual(['shipping_rate.created']);

    expect((await call('PATCH', `/shipping-rates/${rate.id}`, { active: false })).status).toBe(200);
    expect((await storefrontRates(catalog)).rates.map((row) => row.id)).not.toContain(rate.id);
    const checkout = await checkoutTo(catalog, rate.id, 'AR', [['BAL-HOE-NEG-M', 1]]);
    expect(checkout.status).toBe(422);
    expect((await checkout.json<Problem>()).errors).toEqual([expect.objectContaining({ path: 'shippingRateId' })]);
    // Still refused while inactive, and still there.
    expect((await call('DELETE', `/shipping-rates/${rate.id}`)).status).toBe(409);
    expect(await rateCount(catalog.storeId)).toBe(3);
  });

  it('the storefront’s list shows each change at once, with the delivery estimate', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    expect((await storefrontRates(catalog)).rates.length).toBe(2);
    const cached = await storefrontRates(catalog);
    expect(cached.cache).toBe('hit');

    const rate = await createRate(call, NEIGHBOURS);
    let read = await storefrontRates(catalog);
    expect(read.cache).toBe('miss');
    const shown = read.rates.find((row) => row.id === rate.id);
    expect(shown).toEqual({
      id: rate.id,
      name: NEIGHBOURS.name,
      description: NEIGHBOURS.description,
      countries: ['UY', 'CL'],
      amount: NEIGHBOURS.amount,
      currency: 'ARS',
      freeOverAmount: NEIGHBOURS.freeOverAmount,
      minDeliveryDays: 7,
      maxDeliveryDays: 15,
    });
    expect((await storefrontRates(catalog, '?country=UY')).rates.map((row) => row.id)).toEqual([rate.id]);
    expect((await storefrontRates(catalog)).cache).toBe('hit');

    await call('PATCH', `/shipping-rates/${rate.id}`, { amount: 2_000_00, maxDeliveryDays: 10 });
    read = await storefrontRates(catalog);
    expect(read.cache).toBe('miss');
    expect(read.rates.find((row) => row.id === rate.id)).toMatchObject({ amount: 2_000_00, maxDeliveryDays: 10 });

    await call('PATCH', `/shipping-rates/${rate.id}`, { active: false });
    expect((await storefrontRates(catalog)).rates.map((row) => row.id)).not.toContain(rate.id);
    await call('PATCH', `/shipping-rates/${rate.id}`, { active: true });
    expect((await storefrontRates(catalog)).rates.map((row) => row.id)).toContain(rate.id);

    expect((await call('DELETE', `/shipping-rates/${rate.id}`)).status).toBe(204);
    read = await storefrontRates(catalog);
    expect(read.cache).toBe('miss');
    expect(read.rates.map((row) => row.id)).not.toContain(rate.id);
  });

  it('checkout charges a rate made through the API by the address’s country, and waives it over its free-over amount', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const neighbours = await createRate(call, NEIGHBOURS);
    const everywhere = await createRate(call, { name: 'Courier', amount: 1_500_00, countries: [] });

    // Not to Argentina; to Uruguay, under the threshold: the fee.
    const argentina = await checkoutTo(catalog, neighbours.id, 'AR', [['BAL-HOE-NEG-M', 1]]);
    expect(argentina.status).toBe(422);
    expect((await argentina.json<Problem>()).errors).toEqual([expect.objectContaining({ path: 'shippingRateId' })]);
    const under = await checkoutTo(catalog, neighbours.id, 'UY', [['BAL-HOE-NEG-M', 1]]);
    expect(under.status, await under.clone().text()).toBe(201);
    const small = await under.json<PlacedOrder>();
    expect(small.totals.subtotal).toBeLessThan(NEIGHBOURS.freeOverAmount);
    expect(small.totals.shipping).toBe(NEIGHBOURS.amount);
    expect(small.totals.total).toBe(small.totals.subtotal + NEIGHBOURS.amount + small.totals.tax);
    expect(small.shippingRate).toEqual({ id: neighbours.id, name: NEIGHBOURS.name });

    // Over the threshold: free.
    const over = await checkoutTo(catalog, neighbours.id, 'CL', [['BAL-HOE-NEG-M', 2]]);
    expect(over.status, await over.clone().text()).toBe(201);
    const large = await over.json<PlacedOrder>();
    expect(large.totals.subtotal).toBeGreaterThanOrEqual(NEIGHBOURS.freeOverAmount);
    expect(large.totals.shipping).toBe(0);
    expect(large.totals.total).toBe(large.totals.subtotal + large.totals.tax);

    // No countries: anywhere.
    for (const country of ['AR', 'JP']) {
      const anywhere = await checkoutTo(catalog, everywhere.id, country, [['BAL-HOE-NEG-M', 1]]);
      expect(anywhere.status, country).toBe(201);
      expect((await anywhere.json<PlacedOrder>()).totals.shipping).toBe(1_500_00);
    }

    // A change of countries or threshold applies to the next checkout.
    await call('PATCH', `/shipping-rates/${neighbours.id}`, { countries: ['AR'], freeOverAmount: null });
    const now = await checkoutTo(catalog, neighbours.id, 'AR', [['BAL-HOE-NEG-M', 2]]);
    expect(now.status, await now.clone().text()).toBe(201);
    expect((await now.json<PlacedOrder>()).totals.shipping).toBe(NEIGHBOURS.amount);
    expect((await checkoutTo(catalog, neighbours.id, 'UY', [['BAL-HOE-NEG-M', 1]])).status).toBe(422);
  });

  it('answers 404 on every route for another store’s rate, and lists only the store’s own', async () => {
    const catalog = await createCatalogStore();
    const rate = await createRate(await ownerOf(catalog), NEIGHBOURS);
    const other = await createCatalogStore();
    const stranger = await ownerOf(other);
    for (const [method, body] of [
      ['GET', undefined],
      ['PATCH', { name: 'Mine now' }],
      ['DELETE', undefined],
    ] as const) {
      const response = await stranger(method, `/shipping-rates/${rate.id}`, body);
      expect(response.status, method).toBe(404);
      expect((await response.json<Problem>()).code).toBe('not_found');
    }
    const theirs = (await (await stranger('GET', '/shipping-rates')).json<{ data: Rate[] }>()).data;
    expect(theirs.map((row) => row.id)).not.toContain(rate.id);
    const [row] = await testDb().select().from(shippingRates).where(eq(shippingRates.id, rate.id));
    expect(row!.name).toBe(NEIGHBOURS.name);
    expect((await stranger('GET', `/shipping-rates/${crypto.randomUUID()}`)).status).toBe(404);
    expect((await stranger('GET', '/shipping-rates/not-a-uuid')).status).toBe(422);
  });

  it('holds a store to 100 rates', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    await testDb()
      .insert(shippingRates)
      .values(
        Array.from({ length: 98 }, (_, index) => ({
          storeId: catalog.storeId,
          name: `Zone ${index}`,
          amount: 100,
          currency: 'ARS',
          position: index + 2,
        })),
      );
    const refused = await call('POST', '/shipping-rates', { name: 'One too many', amount: 100 });
    expect(refused.status).toBe(409);
    expect((await refused.json<Problem>()).detail).toMatch(/at most 100/);
    expect(await rateCount(catalog.storeId)).toBe(100);
    expect((await (await call('GET', '/shipping-rates')).json<{ data: Rate[] }>()).data.length).toBe(100);

    const [last] = await testDb()
      .select({ id: shippingRates.id })
      .from(shippingRates)
      .where(eq(shippingRates.name, 'Zone 97'));
    expect((await call('DELETE', `/shipping-rates/${last!.id}`)).status).toBe(204);
    const next = await createRate(call, { name: 'Room again', amount: 100 });
    expect(next.position).toBe(99);
  });
});
