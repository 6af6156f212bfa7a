import { and, eq } from 'drizzle-orm';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { marketCountries, markets, orders } from '../../src/db/schema';
import { uuidv7 } from '../../src/lib/ids';
import { api, countRoundTrips, expectProblem, jsonBody } from '../helpers/api';
import { checkoutBody, randomAddress, TEST_ADDRESS } from '../helpers/checkout';
import { accessTokenFor, createTestApiKey, createTestUser } from '../helpers/auth';
import { type CatalogStore, createCatalogStore } from '../helpers/catalog';
import { addMarket, addShippingRateIn, priceProductsIn } from '../helpers/markets';
import { adminCaller, ownerOf } from '../helpers/payments';
import { beginHeld } from '../helpers/held-transactions';
import { auditRowsOf, testDb } from '../helpers/stores';

const onPostgres = env.TEST_DATABASE_BACKEND === 'postgres';

type AnyJson = Record<string, any>;

interface Market {
  id: string;
  code: string;
  name: string;
  currency: string;
  countries: string[];
  taxInclusive: boolean;
  active: boolean;
  position: number;
}

const EUROPE = { code: 'europa', name: 'Europa', currency: 'EUR', countries: ['pt', 'ES', 'fr'], taxInclusive: true };

/** A catalog with a market `eu` in EUR for ES and FR, and EUR prices for three of its ten products. */
async function catalogInEurope() {
  const catalog = await createCatalogStore();
  await addMarket(catalog);
  await priceProductsIn(catalog, 'EUR', {
    'hoodie-oversize-essential': 30_00,
    'remera-premium-algodon': 45_00,
    'buzo-crop': 60_00,
  });
  return catalog;
}

const from = (country: string): RequestInit => ({ headers: { 'cf-ipcountry': country } });

async function memberOf(catalog: CatalogStore, role: 'admin' | 'staff') {
  const user = await createTestUser();
  const token = await accessTokenFor(user, [{ id: catalog.storeId, slug: catalog.slug, role }]);
  return adminCaller(catalog.slug, token);
}

describe('admin markets', () => {
  it('creates, reads, lists and changes a market, one round trip each, audited', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);

    const created = await countRoundTrips(() => call('POST', '/markets', EUROPE));
    expect(created.result.status, await created.result.clone().text()).toBe(201);
    expect(created.requests).toBe(1);
    const market = await created.result.json<Market>();
    // Countries upper-cased and in order; after no other market; active.
    expect(market).toMatchObject({ ...EUROPE, countries: ['ES', 'FR', 'PT'], active: true, position: 0 });

    const read = await countRoundTrips(() => call('GET', '/markets/europa'));
    expect(read.requests).toBe(1);
    expect(await read.result.json()).toEqual(market);

    const changed = await countRoundTrips(() =>
      call('PATCH', '/markets/europa', { countries: ['es', 'DE'], name: 'Europa (euro)', taxInclusive: false }),
    );
    expect(changed.result.status, await changed.result.clone().text()).toBe(200);
    expect(changed.requests).toBe(1);
    expect(await changed.result.json()).toMatchObject({
      code: 'europa',
      currency: 'EUR',
      name: 'Europa (euro)',
      countries: ['DE', 'ES'],
      taxInclusive: false,
    });
    const rows = await testDb().select().from(marketCountries).where(eq(marketCountries.marketId, market.id));
    expect(rows.map((row) => row.country).sort()).toEqual(['DE', 'ES']);

    await call('POST', '/markets', { code: 'usa', name: 'USA', currency: 'USD', countries: ['US'] });
    const list = await countRoundTrips(() => call('GET', '/markets'));
    expect(list.requests).toBe(1);
    expect((await list.result.json<{ data: Market[] }>()).data.map((row) => [row.code, row.position])).toEqual([
      ['europa', 0],
      ['usa', 1],
    ]);

    const [made] = await auditRowsOf(catalog.storeId, 'market.created');
    expect(made).toMatchObject({ entityType: 'market', entityId: market.id });
    expect(made!.after).toMatchObject({ code: 'europa', countries: ['ES', 'FR', 'PT'] });
    const [update] = await auditRowsOf(catalog.storeId, 'market.updated');
    expect(update!.before).toMatchObject({ countries: ['ES', 'FR', 'PT'], taxInclusive: true });
    expect(update!.after).toMatchObject({ countries: ['DE', 'ES'], taxInclusive: false, name: 'Europa (euro)' });
  });

  it('deactivates a market and gives its countries back when they are taken out', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    await call('POST', '/markets', EUROPE);
    const off = await call('PATCH', '/markets/europa', { active: false });
    expect(await off.json()).toMatchObject({ active: false, countries: ['ES', 'FR', 'PT'] });
    // An inactive market keeps its countries: another market cannot have them yet.
    const taken = await call('POST', '/markets', {
      code: 'iberia',
      name: 'Iberia',
      currency: 'EUR',
      countries: ['ES'],
    });
    const problem = await expectProblem(taken, 409, 'conflict', 'countries');
    expect(problem.detail).toContain('ES');
    expect(problem.detail).toContain('europa');
    await call('PATCH', '/markets/europa', { countries: [] });
    const iberia = await call('POST', '/markets', {
      code: 'iberia',
      name: 'Iberia',
      currency: 'EUR',
      countries: ['ES'],
    });
    expect(iberia.status).toBe(201);
  });

  it('refuses a country another market serves, naming it, on create and on change, and changes nothing', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    await call('POST', '/markets', EUROPE);
    await call('POST', '/markets', { code: 'usa', name: 'USA', currency: 'USD', countries: ['US'] });

    const created = await call('POST', '/markets', {
      code: 'latam',
      name: 'Latam',
      currency: 'USD',
      countries: ['UY', 'PT'],
    });
    expect((await expectProblem(created, 409, 'conflict', 'countries')).detail).toContain('PT');
    const changed = await call('PATCH', '/markets/usa', { countries: ['US', 'FR'], name: 'Changed' });
    expect((await expectProblem(changed, 409, 'conflict', 'countries')).detail).toContain('FR');

    expect(await (await call('GET', '/markets/usa')).json()).toMatchObject({ name: 'USA', countries: ['US'] });
    expect((await call('GET', '/markets/latam')).status).toBe(404);
    expect(await auditRowsOf(catalog.storeId, 'market.updated')).toHaveLength(0);
    // Its own countries again are no conflict.
    expect((await call('PATCH', '/markets/usa', { countries: ['US', 'CA'] })).status).toBe(200);
  });

  it('refuses a taken code, and a 51st market', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    await call('POST', '/markets', EUROPE);
    const again = await call('POST', '/markets', { ...EUROPE, countries: [] });
    await expectProblem(again, 409, 'conflict', 'code');

    await testDb()
      .insert(markets)
      .values(
        Array.from({ length: 49 }, (_, index) => ({
          id: uuidv7(),
          storeId: catalog.storeId,
          code: `m-${index}`,
          name: `Market ${index}`,
          currency: 'USD',
        })),
      );
    const full = await call('POST', '/markets', { code: 'one-more', name: 'One more', currency: 'USD' });
    expect((await expectProblem(full, 409, 'conflict')).detail).toContain('50');
  });

  it('answers 404 for a code the store does not have, the home market and another store’s market', async () => {
    const catalog = await createCatalogStore();
    const other = await createCatalogStore();
    await addMarket(other, { code: 'eu' });
    const call = await ownerOf(catalog);
    for (const code of ['eu', 'default', 'nope']) {
      await expectProblem(await call('GET', `/markets/${code}`), 404, 'not_found');
      await expectProblem(await call('PATCH', `/markets/${code}`, { name: 'Mine' }), 404, 'not_found');
    }
    // And the other store's market is as it was.
    const [row] = await testDb()
      .select()
      .from(markets)
      .where(and(eq(markets.storeId, other.storeId), eq(markets.code, 'eu')));
    expect(row!.name).toBe('EU');
  });

  it('refuses bad input of every shape with a 422, and writes nothing', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const bad: [unknown, string][] = [
      [{ ...EUROPE, code: 'default' }, 'code'],
      [{ ...EUROPE, code: 'Europa' }, 'code'],
      [{ ...EUROPE, code: '' }, 'code'],
      [{ ...EUROPE, code: 'a'.repeat(33) }, 'code'],
      [{ ...EUROPE, currency: 'eur' }, 'currency'],
      [{ ...EUROPE, currency: 'EURO' }, 'currency'],
      [{ ...EUROPE, currency: undefined }, 'currency'],
      [{ ...EUROPE, name: '' }, 'name'],
      [{ ...EUROPE, name: '   ' }, 'name'],
      [{ ...EUROPE, name: 'x'.repeat(101) }, 'name'],
      [{ ...EUROPE, name: 'Euro\u0000pa' }, 'name'],
      [{ ...EUROPE, countries: ['ES', 'es'] }, 'countries'],
      [{ ...EUROPE, countries: ['ESP'] }, 'countries[0]'],
      [{ ...EUROPE, countries: [''] }, 'countries[0]'],
      [{ ...EUROPE, countries: 'ES' }, 'countries'],
      [{ ...EUROPE, countries: Array.from({ length: 251 }, () => 'ES') }, 'countries'],
      [{ ...EUROPE, taxInclusive: 'yes' }, 'taxInclusive'],
      [{ ...EUROPE, position: -1 }, 'position'],
      [{ ...EUROPE, position: 1.5 }, 'position'],
      [{ ...EUROPE, position: 1e12 }, 'position'],
      [{ ...EUROPE, active: null }, 'active'],
      [{ ...EUROPE, id: uuidv7() }, ''],
    ];
    for (const [body, field] of bad) {
      const response = await call('POST', '/markets', body);
      expect(response.status, JSON.stringify(body).slice(0, 200)).toBe(422);
      if (field) await expectProblem(response, 422, 'validation_failed', field);
    }
    expect((await (await call('GET', '/markets')).json<{ data: unknown[] }>()).data).toEqual([]);

    await call('POST', '/markets', EUROPE);
    for (const body of [{}, { code: 'other' }, { currency: 'USD' }, { countries: ['ES', 'ES'] }, { name: null }]) {
      expect((await call('PATCH', '/markets/europa', body)).status, JSON.stringify(body)).toBe(422);
    }
    await expectProblem(await call('PATCH', '/markets/europa', { name: 'a\u0000' }), 422, 'validation_failed', 'name');
    expect((await call('GET', '/markets/Europa')).status).toBe(422);
    expect(await auditRowsOf(catalog.storeId, 'market.updated')).toHaveLength(0);
  });

  it('lets admins and store:write keys change markets, store:read keys read them, and staff neither', async () => {
    const catalog = await createCatalogStore();
    const admin = await memberOf(catalog, 'admin');
    expect((await admin('POST', '/markets', EUROPE)).status).toBe(201);
    expect((await admin('PATCH', '/markets/europa', { position: 3 })).status).toBe(200);

    const staff = await memberOf(catalog, 'staff');
    await expectProblem(await staff('GET', '/markets'), 403, 'forbidden');
    await expectProblem(await staff('PATCH', '/markets/europa', { name: 'Staff' }), 403, 'forbidden');

    const store = { id: catalog.storeId, slug: catalog.slug } as never;
    const reader = adminCaller(catalog.slug, (await createTestApiKey(store, ['store:read'])).secret);
    expect((await reader('GET', '/markets/europa')).status).toBe(200);
    await expectProblem(
      await reader('POST', '/markets', { ...EUROPE, code: 'other', countries: [] }),
      403,
      'forbidden',
    );
    const writer = adminCaller(catalog.slug, (await createTestApiKey(store, ['store:write'])).secret);
    const made = await countRoundTrips(() => writer('POST', '/markets', { code: 'usa', name: 'USA', currency: 'USD' }));
    expect(made.result.status).toBe(201);
    // An API key costs one round trip of its own (DESIGN.md: at most 2).
    expect(made.requests).toBeLessThanOrEqual(2);
  });
});

describe.runIf(onPostgres)('admin markets racing (real PostgreSQL only; skipped on PGlite)', () => {
  it('answers a country another write gave away meanwhile as a 409 naming it: the key is the guarantee', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    await call('POST', '/markets', { code: 'usa', name: 'USA', currency: 'USD' });
    const otherId = await addMarket(catalog, { code: 'eu', countries: [] });
    // Another write gives ES to eu and has not committed: the PATCH's check cannot see it, its INSERT waits on the key.
    const held = await beginHeld();
    await held.query('INSERT INTO market_countries (store_id, country, market_id) VALUES ($1, $2, $3)', [
      catalog.storeId,
      'ES',
      otherId,
    ]);
    const patch = call('PATCH', '/markets/usa', { countries: ['US', 'ES'] });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await held.commit();
    const problem = await expectProblem(await patch, 409, 'conflict', 'countries');
    expect(problem.detail).toContain('ES');
    expect(await (await call('GET', '/markets/usa')).json()).toMatchObject({ countries: [] });
  });
});

describe('storefront markets', () => {
  it('lists the home market and the active markets, and the one the request sells in', async () => {
    const catalog = await catalogInEurope();
    await addMarket(catalog, { code: 'usa', currency: 'USD', countries: ['US'], position: 1 });
    await addMarket(catalog, { code: 'old', currency: 'GBP', countries: ['GB'], active: false });
    const path = `/v1/stores/${catalog.slug}/markets`;

    const read = await countRoundTrips(() => api(path, from('FR')));
    expect(read.requests).toBe(1);
    const body = await read.result.json<AnyJson>();
    expect(body).toEqual({
      data: [
        { code: 'default', name: catalog.store.name, currency: 'ARS', countries: [], taxInclusive: false },
        { code: 'eu', name: 'EU', currency: 'EUR', countries: ['ES', 'FR'], taxInclusive: true },
        { code: 'usa', name: 'USA', currency: 'USD', countries: ['US'], taxInclusive: true },
      ],
      current: 'eu',
      country: 'FR',
    });
    const current = async (query: string, init?: RequestInit) =>
      (await (await api(`${path}${query}`, init)).json<AnyJson>()).current;
    expect(await current('', from('AR'))).toBe('default');
    expect(await current('', from('GB'))).toBe('default');
    expect(await current('', from('XX'))).toBe('default');
    expect(await current('')).toBe('default');
    expect(await current('?market=usa', from('FR'))).toBe('usa');
    expect(await current('?market=default', from('FR'))).toBe('default');
    expect(await current('?currency=USD')).toBe('usa');
    expect(await current('?currency=ARS', from('ES'))).toBe('default');
    expect((await (await api(path)).json<AnyJson>()).country).toBeNull();

    for (const query of ['?market=old', '?market=nope', '?currency=GBP', '?currency=JPY', '?market=eu&currency=USD']) {
      const field = query.startsWith('?currency') ? 'currency' : 'market';
      await expectProblem(await api(`${path}${query}`), 422, 'validation_failed', field);
    }
    for (const query of ['?market=EU', '?currency=eur', '?country=ES']) {
      expect((await api(`${path}${query}`)).status, query).toBe(422);
    }
    expect((await api('/v1/stores/no-such-store/markets')).status).toBe(404);
  });

  it('lists products priced in the market, leaving out those without a price there', async () => {
    const catalog = await catalogInEurope();
    const list = async (query: string, init?: RequestInit) => {
      const response = await api(`/v1/stores/${catalog.slug}/products${query}`, init);
      expect(response.status, await response.clone().text()).toBe(200);
      return (await response.json<AnyJson>()).data as AnyJson[];
    };
    const prices = (rows: AnyJson[]) => rows.map((row) => [row.slug, row.priceRange.currency, row.priceRange.min]);

    const inEurope = await list('?market=eu&sort=price_asc');
    expect(prices(inEurope)).toEqual([
      ['hoodie-oversize-essential', 'EUR', 30_00],
      ['remera-premium-algodon', 'EUR', 45_00],
      ['buzo-crop', 'EUR', 60_00],
    ]);
    expect(prices(await list('?sort=price_desc', from('ES'))).map((row) => row[0])).toEqual([
      'buzo-crop',
      'remera-premium-algodon',
      'hoodie-oversize-essential',
    ]);
    expect(prices(await list('?currency=EUR&sort=price_asc&minPrice=4000&maxPrice=5000'))).toEqual([
      ['remera-premium-algodon', 'EUR', 45_00],
    ]);
    // Paged by price in EUR: a cursor walks on where the page stopped.
    const first = await api(`/v1/stores/${catalog.slug}/products?market=eu&sort=price_asc&limit=2`);
    const page = await first.json<AnyJson>();
    expect(page.data.map((row: AnyJson) => row.slug)).toEqual(['hoodie-oversize-essential', 'remera-premium-algodon']);
    const next = await list(`?market=eu&sort=price_asc&limit=2&cursor=${page.nextCursor}`);
    expect(next.map((row) => row.slug)).toEqual(['buzo-crop']);

    // At home, every product, in pesos, by their kept sort keys.
    const home = await list('?sort=price_asc&limit=100', from('AR'));
    expect(home).toHaveLength(10);
    expect(home.every((row) => row.priceRange.currency === 'ARS')).toBe(true);
    expect(home[0]!.priceRange.min).toBeLessThanOrEqual(home[1]!.priceRange.min);
    expect(await list('?market=default&sort=price_asc&limit=100', from('ES'))).toEqual(home);
  });

  it('shows a product’s page in the market’s prices, and a 404 where it has none', async () => {
    const catalog = await catalogInEurope();
    const page = (slug: string, query = '', init?: RequestInit) =>
      api(`/v1/stores/${catalog.slug}/products/${slug}${query}`, init);

    const inEurope = await (await page('buzo-crop', '?market=eu')).json<AnyJson>();
    expect(inEurope.priceRange).toEqual({ currency: 'EUR', min: 60_00, max: 61_00 });
    expect(inEurope.variants.map((variant: AnyJson) => variant.price.currency)).toEqual(['EUR', 'EUR']);
    expect((await (await page('buzo-crop', '', from('FR'))).json<AnyJson>()).priceRange.currency).toBe('EUR');
    expect((await (await page('buzo-crop')).json<AnyJson>()).priceRange).toEqual({
      currency: 'ARS',
      min: 39_000_00,
      max: 39_000_00,
    });

    await expectProblem(await page('hoodie-frisa-invierno', '?market=eu'), 404, 'not_found');
    await expectProblem(await page('hoodie-frisa-invierno', '', from('ES')), 404, 'not_found');
    expect((await page('hoodie-frisa-invierno', '', from('AR'))).status).toBe(200);
    await expectProblem(await page('buzo-crop', '?market=nope'), 422, 'validation_failed', 'market');
    await expectProblem(await page('buzo-crop', '?currency=JPY'), 422, 'validation_failed', 'currency');
  });

  it('lists the shipping rates in the market’s currency', async () => {
    const catalog = await catalogInEurope();
    const rateId = await addShippingRateIn(catalog, 'EUR');
    const rates = async (query: string, init?: RequestInit) =>
      (await (await api(`/v1/stores/${catalog.slug}/shipping-rates${query}`, init)).json<AnyJson>()).data as AnyJson[];
    expect((await rates('?market=eu')).map((rate) => [rate.id, rate.currency])).toEqual([[rateId, 'EUR']]);
    expect((await rates('?country=ES', from('ES'))).map((rate) => rate.id)).toEqual([rateId]);
    const home = await rates('');
    expect(home.length).toBeGreaterThan(0);
    expect(home.every((rate) => rate.currency === 'ARS')).toBe(true);
    expect((await api(`/v1/stores/${catalog.slug}/shipping-rates?market=nope`)).status).toBe(422);
  });

  it('takes an items checkout’s ?market= and ?currency= as part of the request its Idempotency-Key names', async () => {
    const catalog = await catalogInEurope();
    const rateId = await addShippingRateIn(catalog, 'EUR');
    // Priced at 30.00 EUR by catalogInEurope, and in stock.
    const hoodie = catalog.variant('BAL-HOE-NEG-M');
    const key = `market-${uuidv7()}`;
    const body = checkoutBody(
      catalog,
      { items: [{ variantId: hoodie.id, quantity: 1 }] },
      { shippingRateId: rateId, shippingAddress: { ...TEST_ADDRESS, country: 'ES' } },
    );
    const checkout = (query: string) =>
      api(
        `/v1/stores/${catalog.slug}/checkout${query}`,
        jsonBody(body, { headers: { 'idempotency-key': key, 'cf-connecting-ip': randomAddress() } }),
      );
    const first = await checkout('?market=eu');
    expect(first.status, await first.clone().text()).toBe(201);
    const placed = await first.json<AnyJson>();
    expect(placed).toMatchObject({ market: 'eu', currency: 'EUR' });
    // The same body in another market is another request: never the euro order answered as if it were it.
    for (const query of ['?market=default', '?currency=ARS', '?market=eu&currency=EUR']) {
      await expectProblem(await checkout(query), 422, 'idempotency_key_reuse');
    }
    const replay = await checkout('?market=eu');
    expect(replay.status).toBe(201);
    expect((await replay.json<AnyJson>()).id).toBe(placed.id);
    expect(await testDb().select().from(orders).where(eq(orders.storeId, catalog.storeId))).toHaveLength(1);
  });

  it('lets staff add a shipping rate in a market’s currency, and no other', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    await call('POST', '/markets', { code: 'usa', name: 'USA', currency: 'USD', countries: ['US'], active: false });
    const rate = { name: 'USPS', amount: 7_50 };
    const made = await call('POST', '/shipping-rates', { ...rate, currency: 'USD' });
    expect(made.status, await made.clone().text()).toBe(201);
    expect(await made.json()).toMatchObject({ ...rate, currency: 'USD' });
    expect(await (await call('POST', '/shipping-rates', { ...rate, currency: 'ARS' })).json()).toMatchObject({
      currency: 'ARS',
    });
    await expectProblem(
      await call('POST', '/shipping-rates', { ...rate, currency: 'EUR' }),
      422,
      'validation_failed',
      'currency',
    );
    await expectProblem(
      await call('POST', '/shipping-rates', { ...rate, currency: 'usd' }),
      422,
      'validation_failed',
      'currency',
    );
    expect((await call('PATCH', '/markets/usa', { active: true })).status).toBe(200);
    const shown = await (await api(`/v1/stores/${catalog.slug}/shipping-rates`, from('US'))).json<AnyJson>();
    expect(shown.data.map((row: AnyJson) => [row.name, row.currency])).toEqual([['USPS', 'USD']]);
  });
});
