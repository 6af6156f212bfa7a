import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { api, countRoundTrips, jsonBody, requestApp } from '../helpers/api';
import { bearer, createTestApiKey } from '../helpers/auth';
import { createCatalogStore } from '../helpers/catalog';
import { addMarket, priceProductsIn } from '../helpers/markets';
import { ownerOf } from '../helpers/payments';

type AnyJson = Record<string, any>;

describe('storefront catalog caching', () => {
  it('answers a repeat read from the in-Worker cache with no round trip, with the same ETag and cache headers', async () => {
    const catalog = await createCatalogStore();
    for (const path of [
      `/v1/stores/${catalog.slug}/products?limit=5&sort=price_asc`,
      `/v1/stores/${catalog.slug}/products/hoodie-oversize-essential`,
      `/v1/stores/${catalog.slug}/categories`,
      `/v1/stores/${catalog.slug}/shipping-rates`,
    ]) {
      const miss = await countRoundTrips(() => api(path));
      expect(miss.requests, path).toBe(1);
      expect(miss.result.headers.get('x-catalog-cache')).toBe('miss');
      const hit = await countRoundTrips(() => api(path));
      expect(hit.requests, path).toBe(0);
      expect(hit.result.status).toBe(200);
      expect(hit.result.headers.get('x-catalog-cache')).toBe('hit');
      expect(hit.result.headers.get('etag')).toBe(miss.result.headers.get('etag'));
      expect(hit.result.headers.get('cache-control')).toBe(
        'public, max-age=60, stale-while-revalidate=600, stale-if-error=86400',
      );
      expect(hit.result.headers.get('cache-tag')).toContain(`store:${catalog.storeId}`);
      expect(await hit.result.text()).toBe(await miss.result.text());
    }
  });

  it('gives each request its own id even when cached, and files query strings in any order under one entry', async () => {
    const catalog = await createCatalogStore();
    const first = await api(`/v1/stores/${catalog.slug}/products?featured=true&limit=3`);
    const second = await countRoundTrips(() => api(`/v1/stores/${catalog.slug}/products?limit=3&featured=true`));
    expect(second.requests).toBe(0);
    expect(second.result.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));
  });

  it('answers 304 to If-None-Match, weak or strong, hit or miss', async () => {
    const catalog = await createCatalogStore();
    const path = `/v1/stores/${catalog.slug}/products/buzo-crop`;
    const first = await api(path);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    for (const tag of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const response = await api(path, { headers: { 'if-none-match': tag } });
      expect(response.status, tag).toBe(304);
      expect(response.headers.get('etag')).toBe(etag);
      expect(await response.text()).toBe('');
    }
    expect((await api(path, { headers: { 'if-none-match': '"stale"' } })).status).toBe(200);
    // On a miss too: another URL of the same product.
    const byId = await api(`/v1/stores/${catalog.slug}/products/${catalog.product('buzo-crop').id}`, {
      headers: { 'if-none-match': etag },
    });
    expect(byId.status).toBe(304);
  });

  it('tags responses with the store and what they show', async () => {
    const catalog = await createCatalogStore();
    const product = catalog.product('buzo-crop');
    const detail = await api(`/v1/stores/${catalog.slug}/products/buzo-crop`);
    expect(detail.headers.get('cache-tag')!.split(',')).toEqual([`store:${catalog.storeId}`, `product:${product.id}`]);
    const list = await api(`/v1/stores/${catalog.slug}/products?sort=name&limit=2`);
    const shown = (await list.json<{ data: { id: string }[] }>()).data.map((row) => `product:${row.id}`);
    expect(shown).toHaveLength(2);
    expect(list.headers.get('cache-tag')!.split(',')).toEqual([
      `store:${catalog.storeId}`,
      `store:${catalog.storeId}:products`,
      ...shown,
    ]);
  });

  it('after an admin price change, the next read shows the new price, and the read after that is a hit again', async () => {
    const catalog = await createCatalogStore();
    const { secret } = await createTestApiKey({ id: catalog.storeId, slug: catalog.slug } as never, ['catalog:write']);
    const product = catalog.product('buzo-crop');
    const variant = catalog.variants.find((row) => row.productId === product.id)!;
    const detailPath = `/v1/stores/${catalog.slug}/products/buzo-crop`;
    const listPath = `/v1/stores/${catalog.slug}/products?limit=100`;
    const priceOf = (body: AnyJson) => body.variants.find((row: AnyJson) => row.id === variant.id).price.amount;
    const listedPrice = (body: AnyJson) => body.data.find((row: AnyJson) => row.slug === 'buzo-crop').priceRange.min;

    await api(detailPath);
    await api(listPath);
    expect((await countRoundTrips(() => api(detailPath))).requests).toBe(0);

    const changed = await api(
      `/v1/admin/stores/${catalog.slug}/products/${product.id}/variants/${variant.id}/prices`,
      jsonBody({ amount: 12_345 }, bearer(secret)),
    );
    expect(changed.status).toBe(201);

    const detail = await countRoundTrips(() => api(detailPath));
    expect(detail.requests).toBe(1);
    expect(priceOf(await detail.result.json<AnyJson>())).toBe(12_345);
    expect(listedPrice(await (await api(listPath)).json<AnyJson>())).toBe(12_345);
    expect((await countRoundTrips(() => api(detailPath))).requests).toBe(0);
  });

  it('purges by tag through Workers Cache where the runtime offers it, and then skips the in-Worker layer', async () => {
    const catalog = await createCatalogStore();
    const { secret } = await createTestApiKey({ id: catalog.storeId, slug: catalog.slug } as never, ['catalog:write']);
    const product = catalog.product('buzo-crop');
    const purges: CachePurgeOptions[] = [];
    const background: Promise<unknown>[] = [];
    // ctx.cache exists only where Workers Cache is enabled, in production; this context stands in for that runtime.
    const context = {
      waitUntil: (promise: Promise<unknown>) => background.push(promise),
      passThroughOnException: () => {},
      props: {},
      cache: {
        purge: async (options: CachePurgeOptions) => {
          purges.push(options);
          return { success: true, errors: [] };
        },
        invalidate: async () => ({ success: true, errors: [] }),
      },
    } as unknown as ExecutionContext;
    const app = createApp();
    const response = await requestApp(
      app,
      `/v1/admin/stores/${catalog.slug}/products/${product.id}`,
      jsonBody({ name: 'Buzo Crop Edición' }, { ...bearer(secret), method: 'PATCH' }),
      env,
      context,
    );
    expect(response.status).toBe(200);
    expect(purges).toEqual([{ tags: [`store:${catalog.storeId}:products`, `product:${product.id}`] }]);
    // And once more a moment later, for a read that missed before the write and stored its answer after the purge.
    expect(background).toHaveLength(1);

    const path = `/v1/stores/${catalog.slug}/products/buzo-crop`;
    await requestApp(app, path, {}, env, context);
    const again = await countRoundTrips(async () => requestApp(app, path, {}, env, context));
    expect(again.requests).toBe(1);
    expect(again.result.headers.get('cache-tag')).toContain(`product:${product.id}`);
  });

  it('caches no error', async () => {
    const catalog = await createCatalogStore();
    const path = `/v1/stores/${catalog.slug}/products/no-such-product`;
    const first = await api(path);
    expect(first.status).toBe(404);
    expect(first.headers.get('cache-control')).toBeNull();
    expect((await countRoundTrips(() => api(path))).requests).toBe(1);
  });
});

describe('catalog caching in markets', () => {
  /** A catalog selling in EUR to ES and FR (market `eu`), with a EUR price for buzo-crop only. */
  async function catalogInEurope() {
    const catalog = await createCatalogStore();
    await addMarket(catalog);
    await priceProductsIn(catalog, 'EUR', { 'buzo-crop': 60_00 });
    return catalog;
  }
  const from = (country: string): RequestInit => ({ headers: { 'cf-ipcountry': country } });
  const currencyOf = async (response: Response) => (await response.json<AnyJson>()).priceRange.currency;

  it('never answers one market from another’s entry, named explicitly: one round trip a miss, none a hit', async () => {
    const catalog = await catalogInEurope();
    const path = `/v1/stores/${catalog.slug}/products/buzo-crop`;
    for (const [query, currency] of [
      ['?market=eu', 'EUR'],
      ['?market=default', 'ARS'],
      ['?currency=EUR', 'EUR'],
      ['', 'ARS'],
    ] as const) {
      const miss = await countRoundTrips(() => api(`${path}${query}`, from('ES')));
      expect(miss.requests, query).toBe(1);
      expect(await currencyOf(miss.result.clone())).toBe(query === '' ? 'EUR' : currency);
      const hit = await countRoundTrips(() => api(`${path}${query}`, from('ES')));
      expect(hit.requests, query).toBe(0);
      expect(hit.result.headers.get('x-catalog-cache')).toBe('hit');
      // Named markets are the same for everyone: public, no Vary.
      if (query) {
        expect(hit.result.headers.get('vary'), query).toBeNull();
        expect(hit.result.headers.get('cache-control')).toMatch(/^public, /);
      }
    }
  });

  it('keeps the market of each shopper’s country apart under one URL, and says it varies by CF-IPCountry', async () => {
    const catalog = await catalogInEurope();
    const list = `/v1/stores/${catalog.slug}/products?limit=50`;
    const slugs = async (response: Response) =>
      (await response.json<{ data: AnyJson[] }>()).data.map((row) => row.slug);

    const spain = await countRoundTrips(() => api(list, from('ES')));
    expect(spain.requests).toBe(1);
    expect(await slugs(spain.result.clone())).toEqual(['buzo-crop']);
    expect(spain.result.headers.get('vary')).toBe('CF-IPCountry');

    const argentina = await countRoundTrips(() => api(list, from('AR')));
    expect(argentina.requests).toBe(1);
    expect(await slugs(argentina.result)).toHaveLength(10);

    const france = await countRoundTrips(() => api(list, from('FR')));
    expect(france.requests).toBe(1);
    expect(await slugs(france.result)).toEqual(['buzo-crop']);

    for (const [country, count] of [
      ['ES', 1],
      ['AR', 10],
      ['FR', 1],
    ] as const) {
      const hit = await countRoundTrips(() => api(list, from(country)));
      expect(hit.requests, country).toBe(0);
      expect(await slugs(hit.result.clone()), country).toHaveLength(count);
      expect(hit.result.headers.get('vary')).toBe('CF-IPCountry');
      // No Workers Cache in front here: a shared cache honouring Vary may keep it.
      expect(hit.result.headers.get('cache-control')).toMatch(/^public, /);
    }
    // A 304 says what it varies by too.
    const etag = (await api(list, from('ES'))).headers.get('etag')!;
    const notModified = await api(list, { headers: { 'cf-ipcountry': 'ES', 'if-none-match': etag } });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get('vary')).toBe('CF-IPCountry');
  });

  it('adds no Vary for a store whose markets no country picks', async () => {
    const catalog = await createCatalogStore();
    await addMarket(catalog, { countries: [] });
    const response = await api(`/v1/stores/${catalog.slug}/products/buzo-crop`, from('ES'));
    expect(response.headers.get('vary')).toBeNull();
    expect(await currencyOf(response)).toBe('ARS');
  });

  it('answers a market-by-country read private where Workers Cache, keyed by URL, stands in front', async () => {
    const catalog = await catalogInEurope();
    const context = {
      waitUntil: () => {},
      passThroughOnException: () => {},
      props: {},
      cache: {
        purge: async () => ({ success: true, errors: [] }),
        invalidate: async () => ({ success: true, errors: [] }),
      },
    } as unknown as ExecutionContext;
    const app = createApp();
    const path = `/v1/stores/${catalog.slug}/products/buzo-crop`;
    const byCountry = await requestApp(app, path, from('ES'), env, context);
    expect(byCountry.headers.get('cache-control')).toMatch(/^private, /);
    expect(byCountry.headers.get('vary')).toBe('CF-IPCountry');
    const named = await requestApp(app, `${path}?market=eu`, from('ES'), env, context);
    expect(named.headers.get('cache-control')).toMatch(/^public, /);
    expect(named.headers.get('vary')).toBeNull();
  });

  it('after a market change, the next read is in the new market', async () => {
    const catalog = await createCatalogStore();
    await priceProductsIn(catalog, 'EUR', { 'buzo-crop': 60_00 });
    const path = `/v1/stores/${catalog.slug}/products/buzo-crop`;
    expect(await currencyOf(await api(path, from('ES')))).toBe('ARS');
    expect((await countRoundTrips(() => api(path, from('ES')))).requests).toBe(0);

    const call = await ownerOf(catalog);
    const made = await call('POST', '/markets', { code: 'eu', name: 'EU', currency: 'EUR', countries: ['ES'] });
    expect(made.status).toBe(201);
    const after = await countRoundTrips(() => api(path, from('ES')));
    expect(after.requests).toBe(1);
    expect(await currencyOf(after.result)).toBe('EUR');

    await call('PATCH', '/markets/eu', { active: false });
    expect(await currencyOf(await api(path, from('ES')))).toBe('ARS');
  });

  it('answers 422 for a market or currency the store does not sell in, and caches nothing of it', async () => {
    const catalog = await catalogInEurope();
    for (const path of [
      `/v1/stores/${catalog.slug}/products?market=us`,
      `/v1/stores/${catalog.slug}/products/buzo-crop?currency=USD`,
      `/v1/stores/${catalog.slug}/shipping-rates?market=us`,
      `/v1/stores/${catalog.slug}/markets?currency=USD`,
    ]) {
      const first = await api(path);
      expect(first.status, path).toBe(422);
      expect((await countRoundTrips(() => api(path))).requests, path).toBe(1);
    }
  });
});

describe('cross-origin access', () => {
  it('lets a storefront on another origin read the catalog, cached or not, and see its cache headers', async () => {
    const catalog = await createCatalogStore();
    const path = `/v1/stores/${catalog.slug}/products/buzo-crop`;
    for (const expected of ['miss', 'hit']) {
      const response = await api(path, { headers: { origin: 'https://shop.example.com' } });
      expect(response.headers.get('x-catalog-cache')).toBe(expected);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(response.headers.get('access-control-expose-headers')).toContain('ETag');
    }
  });

  it('answers an admin preflight without touching the guard', async () => {
    const catalog = await createCatalogStore();
    const preflight = await countRoundTrips(() =>
      api(`/v1/admin/stores/${catalog.slug}/products`, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://admin.example.com',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        },
      }),
    );
    expect(preflight.result.status).toBe(204);
    expect(preflight.requests).toBe(0);
    expect(preflight.result.headers.get('access-control-allow-headers')).toContain('Authorization');
    expect(preflight.result.headers.get('access-control-allow-methods')).toContain('PATCH');
  });
});
