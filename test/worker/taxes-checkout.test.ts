import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { orders, products, stores } from '../../src/db/schema';
import { api, countRoundTrips, expectProblem, jsonBody } from '../helpers/api';
import { uuidv7 } from '../../src/lib/ids';
import { createCatalogStore } from '../helpers/catalog';
import { checkoutBody, postCheckout, randomAddress, TEST_ADDRESS } from '../helpers/checkout';
import {
  addPricedMarket,
  addTaxRate,
  addWorldwideRate,
  createPricedCart,
  onCart,
  type PricedCart,
} from '../helpers/selling';
import { testDb } from '../helpers/stores';

const HOODIE = 55_000_00;
const REMERA = 32_000_00;

interface TaxedOrder {
  id: string;
  market: string;
  currency: string;
  items: { lineTotal: number; discount: number; tax: number; total: number }[];
  totals: PricedCart['totals'];
  taxLines: PricedCart['taxLines'];
  payment: { amount: number; currency: string } | null;
}

async function setup() {
  const catalog = await createCatalogStore();
  const hoodie = catalog.variant('BAL-HOE-NEG-M');
  const remera = catalog.variant('BAL-RPA-BLA-M');
  const items = [
    { variantId: hoodie.id!, quantity: 1 },
    { variantId: remera.id!, quantity: 1 },
  ];
  return { catalog, hoodie, remera, items };
}

/** A checkout with a query (`?market=`, `?currency=`), under its own key and client address. */
function checkoutIn(slug: string, query: string, body: unknown) {
  return api(
    `/v1/stores/${slug}/checkout${query}`,
    jsonBody(body, { headers: { 'idempotency-key': uuidv7(), 'cf-connecting-ip': randomAddress() } }),
  );
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

describe('taxes by destination', () => {
  it('adds a country’s rate, or finds it contained in tax-inclusive prices, rounded once per rate', async () => {
    const { catalog, items } = await setup();
    await addTaxRate(catalog, { country: 'AR', name: 'IVA', ratePpm: 210_000 });
    const cart = await createPricedCart(catalog, { items, country: 'ar' });
    expect(cart).toMatchObject({ country: 'AR', region: null, taxInclusive: false });
    const taxable = HOODIE + REMERA;
    expect(cart.taxLines).toEqual([
      {
        name: 'IVA',
        percentage: 21,
        country: 'AR',
        region: null,
        taxClass: null,
        taxable,
        amount: 1_827_000,
        included: false,
      },
    ]);
    expect(cart.totals).toMatchObject({ tax: 1_827_000, taxIncluded: 0, total: taxable + 1_827_000 });

    await testDb().update(stores).set({ pricesIncludeTax: true }).where(eq(stores.id, catalog.storeId));
    const contained = Math.round((taxable * 210_000) / 1_210_000);
    const inclusive = await (await onCart(catalog, cart, 'GET', '')).json<PricedCart>();
    expect(inclusive.taxInclusive).toBe(true);
    expect(inclusive.taxLines[0]).toMatchObject({ amount: contained, included: true });
    expect(inclusive.totals).toMatchObject({ tax: 0, taxIncluded: contained, total: taxable });

    const response = await postCheckout(
      catalog.slug,
      checkoutBody(catalog, { cartId: cart.id, cartToken: cart.token }),
    );
    expect(response.status).toBe(201);
    const order = await response.json<TaxedOrder>();
    expect(order.totals).toMatchObject({ tax: 0, taxIncluded: contained });
    expect(sum(order.items.map((item) => item.tax))).toBe(contained);
    expect(order.items.map((item) => item.total)).toEqual([HOODIE, REMERA]);
    const [row] = await testDb().select().from(orders).where(eq(orders.id, order.id));
    expect(row).toMatchObject({ taxIncluded: contained, taxTotal: 0 });
    expect(row!.taxLines).toEqual(order.taxLines);
  });

  it('adds a regional rate to the country’s (GST + PST), for the cart’s region and the order’s address', async () => {
    const { catalog, items } = await setup();
    await addTaxRate(catalog, { country: 'CA', name: 'GST', ratePpm: 50_000 });
    await addTaxRate(catalog, { country: 'CA', region: 'BC', name: 'PST', ratePpm: 70_000 });
    const taxable = HOODIE + REMERA;
    const bc = await createPricedCart(catalog, { items, country: 'CA', region: ' bc ' });
    expect(bc.taxLines.map((line) => [line.name, line.region, line.amount])).toEqual([
      ['GST', null, taxable * 0.05],
      ['PST', 'BC', taxable * 0.07],
    ]);
    const ontario = await (await onCart(catalog, bc, 'PATCH', '', { region: 'ON' })).json<PricedCart>();
    expect(ontario.taxLines.map((line) => line.name)).toEqual(['GST']);
    expect(ontario.totals.tax).toBe(taxable * 0.05);
    const unknown = await (await onCart(catalog, bc, 'PATCH', '', { country: null, region: null })).json<PricedCart>();
    expect(unknown.taxLines).toEqual([]);
    // A region Postgres cannot store is the caller's mistake, named, not the database's.
    await expectProblem(
      await onCart(catalog, bc, 'PATCH', '', { region: 'B\u0000C' }),
      422,
      'validation_failed',
      'region',
    );
    await expectProblem(
      await api(`/v1/stores/${catalog.slug}/carts`, jsonBody({ items, country: 'CA', region: 'B\u0000C' })),
      422,
      'validation_failed',
      'region',
    );

    const rate = await addWorldwideRate(catalog);
    const address = { ...TEST_ADDRESS, country: 'CA', region: 'BC' };
    const response = await postCheckout(
      catalog.slug,
      checkoutBody(catalog, { items }, { shippingAddress: address, shippingRateId: rate.id }),
    );
    expect(response.status).toBe(201);
    const order = await response.json<TaxedOrder>();
    expect(order.taxLines.map((line) => line.amount)).toEqual([taxable * 0.05, taxable * 0.07]);
    expect(order.totals.tax).toBe(taxable * 0.12);
    expect(sum(order.items.map((item) => item.tax))).toBe(taxable * 0.12);
  });

  it('charges a tax class its own rate instead of the general one', async () => {
    const { catalog, remera, items } = await setup();
    await testDb().update(products).set({ taxClass: 'reduced' }).where(eq(products.id, remera.productId!));
    await addTaxRate(catalog, { country: 'AR', name: 'IVA', ratePpm: 210_000 });
    await addTaxRate(catalog, { country: 'AR', taxClass: 'reduced', name: 'IVA reducido', ratePpm: 105_000 });
    const cart = await createPricedCart(catalog, { items, country: 'AR' });
    expect(cart.taxLines.map((line) => [line.name, line.percentage, line.taxClass, line.taxable, line.amount])).toEqual(
      [
        ['IVA', 21, null, HOODIE, HOODIE * 0.21],
        ['IVA reducido', 10.5, 'reduced', REMERA, REMERA * 0.105],
      ],
    );
    const response = await postCheckout(catalog.slug, checkoutBody(catalog, { items }));
    const order = await response.json<TaxedOrder>();
    expect(order.items.map((item) => item.tax)).toEqual([HOODIE * 0.21, REMERA * 0.105]);
  });

  it('falls back to the store’s flat rate where the country has no rates, or none is known', async () => {
    const { catalog, items } = await setup();
    await testDb().update(stores).set({ taxRateBps: 1000 }).where(eq(stores.id, catalog.storeId));
    await addTaxRate(catalog, { country: 'AR', name: 'IVA', ratePpm: 210_000 });
    const taxable = HOODIE + REMERA;
    const uruguay = await createPricedCart(catalog, { items }, '', { 'cf-ipcountry': 'UY' });
    expect(uruguay.country).toBe('UY');
    expect(uruguay.taxLines).toEqual([
      {
        name: 'Tax',
        percentage: 10,
        country: 'UY',
        region: null,
        taxClass: null,
        taxable,
        amount: taxable / 10,
        included: false,
      },
    ]);
    const nowhere = await createPricedCart(catalog, { items });
    expect(nowhere.country).toBeNull();
    expect(nowhere.taxLines.map((line) => [line.name, line.country, line.amount])).toEqual([
      ['Tax', null, taxable / 10],
    ]);
    const argentina = await createPricedCart(catalog, { items }, '', { 'cf-ipcountry': 'AR' });
    expect(argentina.taxLines.map((line) => line.name)).toEqual(['IVA']);
  });
});

describe('selling in a market', () => {
  it('prices a cart in the market’s currency and checks it out there, in one round trip', async () => {
    const { catalog, hoodie, remera } = await setup();
    const { rateId } = await addPricedMarket(
      catalog,
      { code: 'eu', currency: 'EUR', countries: ['ES'], taxInclusive: true },
      { variantIds: [hoodie.id!], amount: 49_99 },
    );
    await addTaxRate(catalog, { country: 'ES', name: 'IVA', ratePpm: 210_000 });
    const mixed = await createPricedCart(catalog, { items: [{ variantId: hoodie.id!, quantity: 2 }] }, '?market=eu');
    expect(mixed).toMatchObject({ market: 'eu', currency: 'EUR', taxInclusive: true });
    // No price in euros: not for sale in this market.
    await expectProblem(
      await onCart(catalog, mixed, 'POST', '/items', { variantId: remera.id!, quantity: 1 }),
      422,
      'validation_failed',
      'variantId',
    );
    const bySpain = await createPricedCart(catalog, {}, '', { 'cf-ipcountry': 'ES' });
    expect(bySpain).toMatchObject({ market: 'eu', currency: 'EUR', country: 'ES' });
    const byCurrency = await createPricedCart(catalog, {}, '?currency=EUR');
    expect(byCurrency.market).toBe('eu');

    const cart = await createPricedCart(
      catalog,
      { items: [{ variantId: hoodie.id!, quantity: 2 }], country: 'ES', shippingRateId: rateId },
      '?market=eu',
    );
    const contained = Math.round((2 * 49_99 * 210_000) / 1_210_000);
    expect(cart.totals).toEqual({
      subtotal: 99_98,
      discount: 0,
      shipping: 500,
      tax: 0,
      taxIncluded: contained,
      total: 104_98,
    });

    const address = { ...TEST_ADDRESS, country: 'ES' };
    const { requests, result: response } = await countRoundTrips(() =>
      postCheckout(
        catalog.slug,
        checkoutBody(
          catalog,
          { cartId: cart.id, cartToken: cart.token },
          { shippingAddress: address, shippingRateId: rateId },
        ),
      ),
    );
    expect(response.status, await response.clone().text()).toBe(201);
    expect(requests).toBe(1);
    const order = await response.json<TaxedOrder>();
    expect(order).toMatchObject({ market: 'eu', currency: 'EUR', payment: { amount: 104_98, currency: 'EUR' } });
    expect(order.totals).toEqual(cart.totals);

    const items = [{ variantId: hoodie.id!, quantity: 1 }];
    const byItems = await checkoutIn(
      catalog.slug,
      '?currency=EUR',
      checkoutBody(catalog, { items }, { shippingAddress: address, shippingRateId: rateId }),
    );
    expect(byItems.status).toBe(201);
    expect(await byItems.json<TaxedOrder>()).toMatchObject({ market: 'eu', currency: 'EUR', totals: { total: 54_99 } });
  });

  it('refuses a market or currency the store does not sell in, for a cart and a checkout', async () => {
    const { catalog, items } = await setup();
    await expectProblem(
      await api(`/v1/stores/${catalog.slug}/carts?market=mars`, jsonBody({})),
      422,
      'validation_failed',
      'market',
    );
    await expectProblem(
      await api(`/v1/stores/${catalog.slug}/carts?currency=JPY`, jsonBody({})),
      422,
      'validation_failed',
      'currency',
    );
    const checkout = (query: string) => checkoutIn(catalog.slug, query, checkoutBody(catalog, { items }));
    await expectProblem(await checkout('?market=mars'), 422, 'validation_failed', 'market');
    await expectProblem(await checkout('?currency=JPY'), 422, 'validation_failed', 'currency');
    expect(await testDb().select().from(orders).where(eq(orders.storeId, catalog.storeId))).toHaveLength(0);
    const home = await checkout('?currency=ARS');
    expect(home.status).toBe(201);
  });
});
