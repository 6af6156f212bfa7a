import { eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { categories, prices, productCategories, products, shippingRates, variants } from '../../src/db/schema';
import { uuidv7 } from '../../src/lib/ids';
import { refreshStaleSortPrices } from '../../src/services/catalog/sort-prices';
import { api, countRoundTrips, jsonBody } from '../helpers/api';
import { bearer, createTestApiKey } from '../helpers/auth';
import { createCatalogStore } from '../helpers/catalog';
import { testDb } from '../helpers/stores';

interface Summary {
  id: string;
  slug: string;
  name: string;
  featured: boolean;
  image: { url: string; alt: string } | null;
  priceRange: { currency: string; min: number; max: number };
  compareAtPriceRange: { min: number; max: number } | null;
  availability: string;
  swatches: { value: string; hex: string }[];
}
interface Page {
  data: Summary[];
  nextCursor: string | null;
}

async function listPage(slug: string, query = ''): Promise<Page> {
  const response = await api(`/v1/stores/${slug}/products${query}`);
  expect(response.status, await response.clone().text()).toBe(200);
  return response.json<Page>();
}

/** Every page of a listing, following nextCursor. */
async function listAll(slug: string, query: string): Promise<Summary[]> {
  const all: Summary[] = [];
  let cursor: string | null = null;
  do {
    const separator = query ? '&' : '?';
    const page: Page = await listPage(slug, `${query}${cursor ? `${separator}cursor=${cursor}` : ''}`);
    all.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

describe('GET /v1/stores/{store}/products', () => {
  it('lists active products with prices, availability and swatches, in one round trip, never stock or cost', async () => {
    const catalog = await createCatalogStore();
    const { result: response, requests } = await countRoundTrips(() =>
      api(`/v1/stores/${catalog.slug}/products?limit=100`),
    );
    expect(response.status).toBe(200);
    expect(requests).toBe(1);
    const text = await response.text();
    const page = JSON.parse(text) as Page;
    expect(page.data).toHaveLength(10);
    expect(page.nextCursor).toBeNull();
    const essential = page.data.find((product) => product.slug === 'hoodie-oversize-essential')!;
    expect(essential).toMatchObject({
      name: 'Hoodie Oversize Essential',
      featured: true,
      image: { url: expect.stringContaining('hoodie-oversize-essential-1.jpg') },
      priceRange: { currency: 'ARS', min: 55_000_00, max: 55_000_00 },
      availability: 'in_stock',
    });
    expect(essential.swatches.map((swatch) => swatch.value)).toEqual(['Negro', 'Gris Oscuro']);
    for (const secret of ['onHand', 'on_hand', 'reserved', 'costPrice', 'cost_price', 'available'])
      expect(text).not.toContain(secret);
  });

  it('shows availability in words, with the store’s low-stock line', async () => {
    const catalog = await createCatalogStore({
      settings: { lowStockThreshold: 4 },
      products: [
        oneVariantProduct('plenty', { onHand: 10 }),
        oneVariantProduct('few', { onHand: 4 }),
        oneVariantProduct('none', { onHand: 0 }),
        oneVariantProduct('own-line', { onHand: 6, reorderLevel: 6 }),
      ],
    });
    const page = await listPage(catalog.slug, '?sort=name');
    expect(Object.fromEntries(page.data.map((product) => [product.slug, product.availability]))).toEqual({
      plenty: 'in_stock',
      few: 'low_stock',
      none: 'out_of_stock',
      'own-line': 'low_stock',
    });
  });

  it('hides drafts, archived products, inactive variants and products nobody can buy', async () => {
    const catalog = await createCatalogStore({
      products: [
        oneVariantProduct('visible'),
        oneVariantProduct('draft'),
        oneVariantProduct('archived'),
        oneVariantProduct('inactive'),
        oneVariantProduct('unpriced'),
      ],
    });
    const db = testDb();
    await db
      .update(products)
      .set({ status: 'draft' })
      .where(eq(products.id, catalog.product('draft').id!));
    await db
      .update(products)
      .set({ status: 'archived' })
      .where(eq(products.id, catalog.product('archived').id!));
    await db
      .update(variants)
      .set({ active: false })
      .where(eq(variants.productId, catalog.product('inactive').id!));
    await db.delete(prices).where(eq(prices.variantId, catalog.variant('SKU-unpriced').id!));
    const page = await listPage(catalog.slug);
    expect(page.data.map((product) => product.slug)).toEqual(['visible']);
    for (const hidden of ['draft', 'archived', 'inactive', 'unpriced']) {
      const response = await api(`/v1/stores/${catalog.slug}/products/${hidden}`);
      expect(response.status, hidden).toBe(404);
    }
  });

  it('filters by category and its descendants, featured, text, price range, options and stock', async () => {
    const catalog = await createCatalogStore();
    const db = testDb();
    // A sub-category of Hoodie, holding one remera: it appears under hoodie too.
    const childId = uuidv7();
    await db.insert(categories).values({
      id: childId,
      storeId: catalog.storeId,
      parentId: catalog.categories[0]!.id,
      slug: 'capsula',
      name: 'Cápsula',
    });
    await db
      .insert(productCategories)
      .values({ productId: catalog.product('remera-logo-bordado').id!, categoryId: childId, storeId: catalog.storeId });

    const slugs = async (query: string) => (await listAll(catalog.slug, query)).map((product) => product.slug).sort();
    const hoodieCategory = catalog.categories[0]!.id;
    const hoodies = catalog.productCategories
      .filter((link) => link.categoryId === hoodieCategory)
      .map((link) => catalog.products.find((product) => product.id === link.productId)!.slug!);
    expect(hoodies).toHaveLength(7);
    expect(await slugs('?category=hoodie')).toEqual([...hoodies, 'remera-logo-bordado'].sort());
    expect(await slugs('?category=capsula')).toEqual(['remera-logo-bordado']);
    expect((await slugs('?featured=true')).length).toBe(3);
    // Name, tags and description all count: 'canguro' is one product's name and another's pocket.
    expect(await slugs('?q=canguro')).toEqual(['hoodie-canguro-clasico', 'hoodie-oversize-essential']);
    const cheap = await listAll(catalog.slug, '?maxPrice=3500000');
    expect(cheap.length).toBeGreaterThan(0);
    for (const product of cheap) expect(product.priceRange.min).toBeLessThanOrEqual(35_000_00);

    // size=M and color=Negro must hold for one variant, not across two.
    const blackMedium = await slugs('?size=M&color=negro');
    const expected = catalog.products
      .filter((product) =>
        catalog.variants.some((variant) => variant.productId === product.id && variant.sku!.endsWith('-NEG-M')),
      )
      .map((product) => product.slug!)
      .sort();
    expect(blackMedium).toEqual(expected);
    expect(await slugs('?color=Negro,Blanco')).toEqual(await slugs('?color=Negro&color=Blanco'));

    const inStock = await listAll(catalog.slug, '?inStock=true');
    const everything = await listAll(catalog.slug, '');
    expect(inStock.length).toBeLessThan(everything.length);
    for (const product of inStock) expect(product.availability).not.toBe('out_of_stock');
  });

  it('sorts by newest, price and name, and pages through with a stable cursor', async () => {
    const catalog = await createCatalogStore();
    for (const [sort, compare] of [
      ['price_asc', (a: Summary, b: Summary) => a.priceRange.min - b.priceRange.min],
      ['price_desc', (a: Summary, b: Summary) => b.priceRange.min - a.priceRange.min],
    ] as const) {
      const all = await listAll(catalog.slug, `?sort=${sort}&limit=3`);
      expect(all).toHaveLength(10);
      expect(new Set(all.map((product) => product.id)).size).toBe(10);
      expect([...all].sort(compare).map((p) => p.priceRange.min)).toEqual(all.map((p) => p.priceRange.min));
    }
    const byName = await listAll(catalog.slug, '?sort=name&limit=4');
    expect(byName.map((product) => product.name)).toEqual(
      catalog.products.map((product) => product.name!).sort((a, b) => (a < b ? -1 : 1)),
    );
    // The seed writes every product in one transaction, so they share created_at and the id decides.
    const newest = await listAll(catalog.slug, '?limit=3');
    expect(newest.map((product) => product.id)).toEqual(
      catalog.products
        .map((product) => product.id!)
        .sort()
        .reverse(),
    );
    const relevance = await listAll(catalog.slug, '?q=hoodie&limit=2');
    const matches = await listAll(catalog.slug, '?q=hoodie&sort=newest');
    expect(relevance.length).toBeGreaterThan(2);
    expect(relevance.map((product) => product.id).sort()).toEqual(matches.map((product) => product.id).sort());
  });

  it('pages by name through the longest names a product may have', async () => {
    const long = (letter: string) => `${letter}${'ñ'.repeat(199)}`;
    const catalog = await createCatalogStore({
      products: ['c', 'a', 'b'].map((letter) => ({ ...oneVariantProduct(`long-${letter}`), name: long(letter) })),
    });
    const all = await listAll(catalog.slug, '?sort=name&limit=1');
    expect(all.map((product) => product.slug)).toEqual(['long-a', 'long-b', 'long-c']);
  });

  it('refuses invalid filters, sorts and cursors with field errors', async () => {
    const catalog = await createCatalogStore();
    const cases: [string, number, string][] = [
      ['?sort=cheapest', 422, 'sort'],
      ['?minPrice=-1', 422, 'minPrice'],
      ['?minPrice=500&maxPrice=100', 422, 'maxPrice'],
      ['?limit=0', 422, 'limit'],
      ['?featured=yes', 422, 'featured'],
      ['?sort=relevance', 422, 'sort'],
      ['?category=Not_A_Slug', 422, 'category'],
      ['?category=no-such-category', 422, 'query.category'],
      ['?colour=Negro', 422, 'query.colour'],
      ['?cursor=garbage', 400, 'cursor'],
    ];
    for (const [query, status, path] of cases) {
      const response = await api(`/v1/stores/${catalog.slug}/products${query}`);
      expect(response.status, `${query} ${await response.clone().text()}`).toBe(status);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      const problem = await response.json<{ errors?: { path?: string }[] }>();
      expect(
        problem.errors?.map((error) => error.path),
        query,
      ).toContain(path);
    }
    // Cursors made by hand: a date that does not exist, a NUL character.
    const forged = (position: object) =>
      btoa(JSON.stringify(position)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    for (const [query, position] of [
      ['', { id: catalog.products[0]!.id, sort: 'newest', value: '2024-02-30 00:00:00+00' }],
      ['?sort=name&', { id: catalog.products[0]!.id, sort: 'name', value: 'a\u0000b' }],
      ['?sort=price_asc&', { id: catalog.products[0]!.id, sort: 'price_asc', value: 1e300 }],
    ] as const) {
      const response = await api(`/v1/stores/${catalog.slug}/products${query || '?'}cursor=${forged(position)}`);
      expect(response.status, JSON.stringify(position)).toBe(400);
    }
    for (const path of [
      `/v1/stores/${catalog.slug}/products?q=%00`,
      `/v1/stores/${catalog.slug}/products?size=%00`,
      '/v1/stores/%00/products',
    ]) {
      const response = await api(path);
      expect([400, 404, 422], path).toContain(response.status);
    }
    // A cursor of one sort is refused by another.
    const page = await listPage(catalog.slug, '?sort=price_asc&limit=2');
    const response = await api(`/v1/stores/${catalog.slug}/products?sort=name&cursor=${page.nextCursor}`);
    expect(response.status).toBe(400);
  });

  it('is a 404 for an unknown store, and never shows another store’s products', async () => {
    const [mine, theirs] = await Promise.all([createCatalogStore(), createCatalogStore()]);
    expect((await api('/v1/stores/no-such-store/products')).status).toBe(404);
    const page = await listPage(mine.slug, '?limit=100');
    const theirIds = new Set(theirs.products.map((product) => product.id));
    expect(page.data.some((product) => theirIds.has(product.id))).toBe(false);
    expect((await api(`/v1/stores/${mine.slug}/products/${theirs.products[0]!.id}`)).status).toBe(404);
  });
});

describe('GET /v1/stores/{store}/products/{idOrSlug}', () => {
  it('answers images, options with swatches, active variants with prices, and categories, in one round trip', async () => {
    const catalog = await createCatalogStore();
    const essential = catalog.product('hoodie-oversize-essential');
    await testDb().update(variants).set({ active: false }).where(eq(variants.sku, 'BAL-HOE-NEG-L'));
    const { result: response, requests } = await countRoundTrips(() =>
      api(`/v1/stores/${catalog.slug}/products/hoodie-oversize-essential`),
    );
    expect(response.status).toBe(200);
    expect(requests).toBe(1);
    const product = await response.json<Record<string, any>>();
    expect(product.id).toBe(essential.id);
    expect(product.images.map((image: { url: string }) => image.url.split('/').pop())).toEqual([
      'hoodie-oversize-essential-1.jpg',
      'hoodie-oversize-essential-2.jpg',
      'hoodie-oversize-essential-3.jpg',
    ]);
    expect(product.options).toEqual([
      {
        name: 'Size',
        kind: 'size',
        values: [
          { value: 'M', hex: null },
          { value: 'L', hex: null },
        ],
      },
      {
        name: 'Color',
        kind: 'color',
        values: [
          { value: 'Negro', hex: '#1A1A1A' },
          { value: 'Gris Oscuro', hex: '#4A4A4A' },
        ],
      },
    ]);
    expect(product.variants.map((variant: { sku: string }) => variant.sku)).toEqual(['BAL-HOE-NEG-M', 'BAL-HOE-GOS-L']);
    expect(product.variants[0]).toEqual({
      id: catalog.variant('BAL-HOE-NEG-M').id,
      sku: 'BAL-HOE-NEG-M',
      selectedOptions: [
        { name: 'Size', value: 'M' },
        { name: 'Color', value: 'Negro' },
      ],
      price: { currency: 'ARS', amount: 55_000_00, compareAtAmount: null },
      availability: 'in_stock',
    });
    expect(product.variants[1].availability).toBe('low_stock');
    expect(product.categories).toEqual([{ id: catalog.categories[0]!.id, slug: 'hoodie', name: 'Hoodie' }]);
    const byId = await api(`/v1/stores/${catalog.slug}/products/${essential.id}`);
    expect((await byId.json<{ slug: string }>()).slug).toBe('hoodie-oversize-essential');
  });

  it('between two prices from the same moment, shows the one made later', async () => {
    const catalog = await createCatalogStore({ products: [oneVariantProduct('tied', { price: 1000 })] });
    const variant = catalog.variant('SKU-tied');
    const moment = new Date(Date.now() - 60_000);
    await testDb()
      .update(prices)
      .set({ validFrom: new Date(Date.now() - 86_400_000) })
      .where(eq(prices.variantId, variant.id!));
    const base = { storeId: catalog.storeId, currency: 'ARS', variantId: variant.id, validFrom: moment };
    await testDb()
      .insert(prices)
      .values({ id: uuidv7(), ...base, amount: 1111 });
    await testDb()
      .insert(prices)
      .values({ id: uuidv7(), ...base, amount: 2222 });
    const product = await (await api(`/v1/stores/${catalog.slug}/products/tied`)).json<{
      variants: { price: { amount: number } }[];
    }>();
    expect(product.variants[0]!.price.amount).toBe(2222);
  });

  it('uses the newest price in effect: a scheduled price takes over at its time, and a product price backs variants without one', async () => {
    const catalog = await createCatalogStore({ products: [oneVariantProduct('priced', { price: 1000 })] });
    const db = testDb();
    const variant = catalog.variant('SKU-priced');
    const product = catalog.product('priced');
    const base = { storeId: catalog.storeId, currency: 'ARS' };
    await db
      .update(prices)
      .set({ validFrom: new Date(Date.now() - 86_400_000) })
      .where(eq(prices.variantId, variant.id!));
    await db.insert(prices).values([
      { id: uuidv7(), ...base, variantId: variant.id, amount: 900, validFrom: new Date(Date.now() - 1000) },
      { id: uuidv7(), ...base, variantId: variant.id, amount: 500, validFrom: new Date(Date.now() + 3_600_000) },
    ]);
    const response = await api(`/v1/stores/${catalog.slug}/products/priced`);
    expect((await response.json<{ variants: { price: { amount: number } }[] }>()).variants[0]!.price.amount).toBe(900);
    // The scheduled change caps how long the answer may be cached.
    const maxAge = Number(/max-age=(\d+)/.exec(response.headers.get('cache-control')!)![1]);
    expect(maxAge).toBeLessThanOrEqual(60);

    await db.delete(prices).where(eq(prices.variantId, variant.id!));
    await db.insert(prices).values({ id: uuidv7(), ...base, productId: product.id, amount: 777, compareAtAmount: 999 });
    // By id: the slug's answer is in the in-Worker cache, and this test changed prices behind the API's back.
    const fallback = await api(`/v1/stores/${catalog.slug}/products/${product.id}`);
    expect((await fallback.json<{ variants: { price: unknown }[] }>()).variants[0]!.price).toEqual({
      currency: 'ARS',
      amount: 777,
      compareAtAmount: 999,
    });
  });

  it('caps the cache lifetime at the next scheduled price change', async () => {
    const catalog = await createCatalogStore({
      settings: { catalogCacheMaxAgeSeconds: 300, catalogCacheStaleWhileRevalidateSeconds: 600 },
    });
    const variant = catalog.variant('BAL-HOE-NEG-M');
    await testDb()
      .insert(prices)
      .values({
        id: uuidv7(),
        storeId: catalog.storeId,
        currency: 'ARS',
        variantId: variant.id,
        amount: 1,
        validFrom: new Date(Date.now() + 120_000),
      });
    const response = await api(`/v1/stores/${catalog.slug}/products/hoodie-oversize-essential`);
    const [, maxAge, stale] = /max-age=(\d+), stale-while-revalidate=(\d+)/
      .exec(response.headers.get('cache-control')!)!
      .map(Number);
    expect(maxAge).toBeGreaterThan(100);
    expect(maxAge! + stale!).toBeLessThanOrEqual(120);
    const untouched = await createCatalogStore({
      settings: { catalogCacheMaxAgeSeconds: 300, catalogCacheStaleWhileRevalidateSeconds: 600 },
    });
    const plain = await api(`/v1/stores/${untouched.slug}/products/hoodie-oversize-essential`);
    expect(plain.headers.get('cache-control')).toBe(
      'public, max-age=300, stale-while-revalidate=600, stale-if-error=86400',
    );
  });

  it('prefers the product whose id it is over one whose slug looks like that id', async () => {
    const catalog = await createCatalogStore();
    const target = catalog.product('buzo-crop');
    await testDb()
      .update(products)
      .set({ slug: target.id! })
      .where(eq(products.id, catalog.product('buzo-basico-algodon').id!));
    const response = await api(`/v1/stores/${catalog.slug}/products/${target.id}`);
    expect(response.status).toBe(200);
    expect((await response.json<{ slug: string }>()).slug).toBe('buzo-crop');
  });

  it('is a 404 problem for an unknown product or store', async () => {
    const catalog = await createCatalogStore();
    for (const path of [
      `/v1/stores/${catalog.slug}/products/no-such-product`,
      `/v1/stores/${catalog.slug}/products/${uuidv7()}`,
      '/v1/stores/nope/products/x',
    ]) {
      const response = await api(path);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
    }
  });
});

/** A product with one variant, no options, in no category. */
function oneVariantProduct(slug: string, variant: { onHand?: number; reorderLevel?: number; price?: number } = {}) {
  return {
    slug,
    name: slug,
    description: `The ${slug} product.`,
    categories: [],
    variants: [
      {
        sku: `SKU-${slug}`,
        price: variant.price ?? 1000,
        onHand: variant.onHand ?? 10,
        reorderLevel: variant.reorderLevel ?? 0,
      },
    ],
  };
}

describe('GET /v1/stores/{store}/shipping-rates', () => {
  it('lists active rates in order, optionally only those that ship to a country', async () => {
    const catalog = await createCatalogStore({
      shippingRates: [
        { name: 'Everywhere', countries: [], amount: 500 },
        { name: 'Argentina', countries: ['AR'], amount: 300, freeOverAmount: 10_000 },
        { name: 'Uruguay', countries: ['UY'], amount: 700 },
        { name: 'Retired', countries: [], amount: 100 },
      ],
    });
    await testDb().update(shippingRates).set({ active: false }).where(eq(shippingRates.name, 'Retired'));
    const names = async (query: string) =>
      (
        await (await api(`/v1/stores/${catalog.slug}/shipping-rates${query}`)).json<{ data: { name: string }[] }>()
      ).data.map((rate) => rate.name);
    expect(await names('')).toEqual(['Everywhere', 'Argentina', 'Uruguay']);
    expect(await names('?country=ar')).toEqual(['Everywhere', 'Argentina']);
    const rates = await (await api(`/v1/stores/${catalog.slug}/shipping-rates?country=AR`)).json<{
      data: Record<string, unknown>[];
    }>();
    expect(rates.data[1]).toMatchObject({
      name: 'Argentina',
      countries: ['AR'],
      amount: 300,
      currency: 'ARS',
      freeOverAmount: 10_000,
    });
    expect((await api(`/v1/stores/${catalog.slug}/shipping-rates?country=ARG`)).status).toBe(422);
  });
});

describe('price-sorted pages and their kept sort keys', () => {
  const byPrice = (rows: Summary[]) => rows.map((row) => [row.priceRange.min, row.id] as const);
  const expectedOrder = (rows: Summary[], direction: 1 | -1) =>
    byPrice(rows).sort((a, b) => direction * (a[0] - b[0] || (a[1] < b[1] ? -1 : 1)));

  it('orders by the price in effect even where a product’s key is stale or missing, across pages', async () => {
    const catalog = await createCatalogStore();
    const db = testDb();
    const [a, b, c, d, e] = catalog.products.map((product) => product.id!);
    // Wrong keys past their time, and keys never computed: both must be priced on the fly.
    await db
      .update(products)
      .set({ sortPrice: 0, sortPriceUntil: new Date(Date.now() - 1000) })
      .where(inArray(products.id, [a!, b!, c!]));
    await db
      .update(products)
      .set({ sortPrice: null, sortPriceAt: null })
      .where(inArray(products.id, [d!, e!]));
    for (const [sort, direction] of [
      ['price_asc', 1],
      ['price_desc', -1],
    ] as const) {
      const paged = await listAll(catalog.slug, `?sort=${sort}&limit=3`);
      expect(paged).toHaveLength(10);
      expect(byPrice(paged)).toEqual(expectedOrder(paged, direction));
    }
  });

  it('keeps the key with every write that can move it, and notes when a scheduled price will', async () => {
    const catalog = await createCatalogStore();
    const { secret } = await createTestApiKey({ id: catalog.storeId, slug: catalog.slug } as never, ['catalog:write']);
    const product = catalog.product('buzo-crop');
    const variant = catalog.variants.find((row) => row.productId === product.id)!;
    const key = async () => (await testDb().select().from(products).where(eq(products.id, product.id!)))[0]!;
    expect((await key()).sortPrice).toBe(
      Math.min(
        ...catalog.prices
          .filter((row) => catalog.variants.some((v) => v.id === row.variantId && v.productId === product.id))
          .map((row) => row.amount),
      ),
    );

    const pricesPath = `/v1/admin/stores/${catalog.slug}/products/${product.id}/variants/${variant.id}/prices`;
    expect((await api(pricesPath, jsonBody({ amount: 7 }, bearer(secret)))).status).toBe(201);
    expect((await key()).sortPrice).toBe(7);
    const later = new Date(Date.now() + 3_600_000);
    expect(
      (await api(pricesPath, jsonBody({ amount: 5, validFrom: later.toISOString() }, bearer(secret)))).status,
    ).toBe(201);
    const scheduled = await key();
    expect(scheduled.sortPrice).toBe(7);
    expect(scheduled.sortPriceUntil?.getTime()).toBe(later.getTime());

    const deactivate = await api(
      `/v1/admin/stores/${catalog.slug}/products/${product.id}/variants/${variant.id}`,
      jsonBody({ active: false }, bearer(secret, { method: 'PATCH' })),
    );
    expect(deactivate.status).toBe(200);
    // The 7 left with the variant: the key is the lowest price of the variants still on sale, or none.
    const others = catalog.variants
      .filter((row) => row.productId === product.id && row.id !== variant.id)
      .map((row) => row.id);
    const remaining = catalog.prices
      .filter((row) => row.variantId != null && others.includes(row.variantId))
      .map((row) => row.amount);
    expect((await key()).sortPrice).toBe(remaining.length ? Math.min(...remaining) : null);
  });

  it('the cron job recomputes stale keys', async () => {
    const catalog = await createCatalogStore();
    const db = testDb();
    await db.update(products).set({ sortPrice: null, sortPriceAt: null }).where(eq(products.storeId, catalog.storeId));
    await refreshStaleSortPrices(db, 10_000);
    const rows = await db.select().from(products).where(eq(products.storeId, catalog.storeId));
    expect(rows.every((row) => row.sortPriceAt !== null && row.sortPrice !== null)).toBe(true);
  });
});
