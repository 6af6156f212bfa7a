import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { events, prices, products, variants } from '../../src/db/schema';
import { api, countRoundTrips, jsonBody } from '../helpers/api';
import { bearer, createTestApiKey } from '../helpers/auth';
import { createCatalogStore, type CatalogStore } from '../helpers/catalog';
import { testDb } from '../helpers/stores';

type AnyJson = Record<string, any>;

async function bulkAs(catalog: CatalogStore) {
  const { secret } = await createTestApiKey({ id: catalog.storeId, slug: catalog.slug } as never, [
    'catalog:write',
    'catalog:read',
  ]);
  return (body: unknown) => api(`/v1/admin/stores/${catalog.slug}/products/bulk`, jsonBody(body, bearer(secret)));
}

const sizes = ['S', 'M', 'L'];

/** `count` new products with three sized variants each. */
function newProducts(count: number, prefix = 'lote') {
  return Array.from({ length: count }, (_, n) => ({
    slug: `${prefix}-${n}`,
    name: `Lote ${n}`,
    status: 'active',
    tags: ['lote'],
    images: [{ url: `https://images.example.com/${prefix}-${n}.jpg` }],
    variants: sizes.map((size) => ({
      sku: `${prefix.toUpperCase()}-${n}-${size}`,
      options: { Size: size },
      price: { amount: 1_000 + n },
    })),
  }));
}

describe('POST /v1/admin/stores/{store}/products/bulk', () => {
  it('creates 100 products with 300 variants and prices in one round trip after auth', async () => {
    const catalog = await createCatalogStore();
    const bulk = await bulkAs(catalog);
    const { result: response, requests } = await countRoundTrips(() => bulk({ products: newProducts(100) }));
    expect(response.status, await response.clone().text()).toBe(200);
    expect(requests).toBe(2);
    const { data } = await response.json<{ data: AnyJson[] }>();
    expect(data).toHaveLength(100);
    expect(data.every((row) => row.created)).toBe(true);
    const db = testDb();
    expect(await db.select().from(products).where(eq(products.storeId, catalog.storeId))).toHaveLength(110);
    expect(await db.select().from(variants).where(eq(variants.storeId, catalog.storeId))).toHaveLength(21 + 300);
    const created = await db.select().from(events).where(eq(events.storeId, catalog.storeId));
    expect(created.filter((event) => event.type === 'product.created')).toHaveLength(100);
    const listed = await (await api(`/v1/stores/${catalog.slug}/products?q=lote&limit=100`)).json<{
      data: AnyJson[];
    }>();
    expect(listed.data).toHaveLength(100);
  });

  it('updates what it names, upserts variants by options, versions only changed prices, and creates the rest', async () => {
    const catalog = await createCatalogStore();
    const bulk = await bulkAs(catalog);
    expect((await bulk({ products: newProducts(2) })).status).toBe(200);
    const [first] = newProducts(1);
    const response = await bulk({
      products: [
        {
          slug: first!.slug,
          name: 'Lote renombrado',
          variants: [
            { sku: 'LOTE-0-S', options: { Size: 'S' }, price: { amount: 1_000 } }, // same price: no new version
            { sku: 'LOTE-0-M', options: { Size: 'M' }, price: { amount: 900 } }, // cheaper
            { sku: 'LOTE-0-XL', options: { Size: 'XL' }, price: { amount: 1_100 } }, // new
          ],
        },
        ...newProducts(1, 'nuevo'),
      ],
    });
    expect(response.status, await response.clone().text()).toBe(200);
    expect((await response.json<{ data: AnyJson[] }>()).data.map((row) => [row.slug, row.created])).toEqual([
      ['lote-0', false],
      ['nuevo-0', true],
    ]);
    const product = await (await api(`/v1/stores/${catalog.slug}/products/lote-0`)).json<AnyJson>();
    expect(product.name).toBe('Lote renombrado');
    expect(product.tags).toEqual(['lote']); // not named, so kept
    expect(product.images).toHaveLength(1);
    expect(product.variants.map((variant: AnyJson) => [variant.sku, variant.price.amount])).toEqual([
      ['LOTE-0-S', 1_000],
      ['LOTE-0-M', 900],
      ['LOTE-0-L', 1_000],
      ['LOTE-0-XL', 1_100],
    ]);
    const small = await testDb().select().from(variants).where(eq(variants.sku, 'LOTE-0-S'));
    expect(await testDb().select().from(prices).where(eq(prices.variantId, small[0]!.id))).toHaveLength(1);
  });

  it('writes nothing when one product is invalid', async () => {
    const catalog = await createCatalogStore();
    const bulk = await bulkAs(catalog);
    const batch = newProducts(5);
    batch[3]!.variants[1]!.options = { Size: 'XXXXL' };
    const refused = await bulk({ products: batch });
    expect(refused.status).toBe(422);
    expect((await refused.json<{ errors: { path: string }[] }>()).errors[0]!.path).toBe(
      'products[3].variants[1].options',
    );

    const duplicateSku = newProducts(2);
    duplicateSku[1]!.variants[0]!.sku = duplicateSku[0]!.variants[0]!.sku;
    expect((await bulk({ products: duplicateSku })).status).toBe(409);
    expect((await bulk({ products: [...newProducts(1), ...newProducts(1)] })).status).toBe(422);
    expect((await bulk({ products: newProducts(101) })).status).toBe(422);
    expect((await bulk({ products: [] })).status).toBe(422);
    expect(await testDb().select().from(products).where(eq(products.storeId, catalog.storeId))).toHaveLength(10);
  });
});
