import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, events, orderItems, orders, products } from '../../src/db/schema';
import { uuidv7 } from '../../src/lib/ids';
import { api, countRoundTrips, jsonBody } from '../helpers/api';
import { bearer, createTestApiKey } from '../helpers/auth';
import { createCatalogStore, type CatalogStore } from '../helpers/catalog';
import { testDb } from '../helpers/stores';

/** The catalog store's owner, through an API key with the catalog scopes (an integration). */
async function adminOf(catalog: CatalogStore) {
  const { secret } = await createTestApiKey({ id: catalog.storeId, slug: catalog.slug } as never, [
    'catalog:read',
    'catalog:write',
  ]);
  const base = `/v1/admin/stores/${catalog.slug}`;
  const call = (method: string, path: string, body?: unknown) =>
    api(`${base}${path}`, body === undefined ? bearer(secret, { method }) : jsonBody(body, bearer(secret, { method })));
  return { call, base, secret };
}

type AnyJson = Record<string, any>;

const newProduct = {
  slug: 'buzo-nuevo',
  name: 'Buzo Nuevo',
  description: 'Frisa liviana.',
  status: 'active',
  tags: ['buzo', 'nuevo'],
  images: [{ url: 'https://images.example.com/buzo-nuevo-1.jpg', alt: 'Frente' }],
  variants: [
    {
      sku: 'BN-NEG-M',
      options: { Size: 'M', Color: 'Negro' },
      price: { amount: 40_000_00 },
      costPrice: 15_000_00,
      reorderLevel: 2,
    },
    {
      sku: 'BN-NEG-L',
      options: { Size: 'L', Color: 'Negro' },
      price: { amount: 42_000_00, compareAtAmount: 50_000_00 },
    },
  ],
};

describe('admin products', () => {
  it('creates a product with variants, prices, images and categories in one round trip, then shows it to staff and shoppers', async () => {
    const catalog = await createCatalogStore();
    const admin = await adminOf(catalog);
    // Ids in upper case are the same ids.
    const body = { ...newProduct, categoryIds: [catalog.categories[0]!.id!.toUpperCase()] };
    const { result: response, requests } = await countRoundTrips(() => admin.call('POST', '/products', body));
    expect(response.status, await response.clone().text()).toBe(201);
    expect(requests).toBe(2); // the API key, then the batch
    const product = await response.json<AnyJson>();
    expect(product).toMatchObject({
      slug: 'buzo-nuevo',
      status: 'active',
      tags: ['buzo', 'nuevo'],
      categories: [{ slug: 'hoodie' }],
    });
    expect(
      product.variants.map((variant: AnyJson) => [
        variant.sku,
        variant.price.amount,
        variant.onHand,
        variant.options.map((o: AnyJson) => o.value),
      ]),
    ).toEqual([
      ['BN-NEG-M', 40_000_00, 0, ['M', 'Negro']],
      ['BN-NEG-L', 42_000_00, 0, ['L', 'Negro']],
    ]);
    expect(product.variants[0].costPrice).toBe(15_000_00);

    const event = await testDb().select().from(events).where(eq(events.aggregateId, product.id));
    expect(event.map((row) => row.type)).toEqual(['product.created']);
    const audit = await testDb().select().from(auditLog).where(eq(auditLog.entityId, product.id));
    expect(audit.map((row) => row.action)).toContain('product.created');

    const storefront = await api(`/v1/stores/${catalog.slug}/products/buzo-nuevo`);
    expect(storefront.status).toBe(200);
    const shown = await storefront.json<AnyJson>();
    expect(shown.variants.every((variant: AnyJson) => variant.availability === 'out_of_stock')).toBe(true);
    expect(JSON.stringify(shown)).not.toContain('costPrice');
  });

  it('writes nothing when any part is invalid: an unknown option, category, a taken slug or SKU', async () => {
    const catalog = await createCatalogStore();
    const admin = await adminOf(catalog);
    const cases: [unknown, number, string][] = [
      [{ ...newProduct, variants: [{ sku: 'X-1', options: { Size: 'XXXL' } }] }, 422, 'variants[0].options'],
      [{ ...newProduct, variants: [{ sku: 'X-1', options: { Material: 'Lana' } }] }, 422, 'variants[0].options'],
      [{ ...newProduct, categoryIds: [uuidv7()] }, 422, 'categoryIds'],
      [{ ...newProduct, slug: 'hoodie-oversize-essential' }, 409, 'slug'],
      [{ ...newProduct, variants: [{ sku: 'BAL-HOE-NEG-M' }] }, 409, 'sku'],
      [
        {
          ...newProduct,
          variants: [
            { sku: 'A', options: { Size: 'M' } },
            { sku: 'B', options: { Size: 'M' } },
          ],
        },
        409,
        'options',
      ],
      [
        { ...newProduct, images: Array.from({ length: 7 }, (_, n) => ({ url: `https://x.test/${n}.jpg` })) },
        422,
        'images',
      ],
      [{ ...newProduct, variants: [{ sku: 'N', price: { amount: -5 } }] }, 422, 'variants[0].price.amount'],
      [
        { ...newProduct, variants: [{ sku: 'N', price: { amount: 500, compareAtAmount: 400 } }] },
        422,
        'variants[0].price.compareAtAmount',
      ],
      [{ ...newProduct, slug: 'Bad Slug' }, 422, 'slug'],
      [{ ...newProduct, unknownField: 1 }, 422, ''],
    ];
    for (const [body, status, path] of cases) {
      const response = await admin.call('POST', '/products', body);
      const problem = await response.json<{ errors?: { path?: string }[] }>();
      expect(response.status, JSON.stringify(problem)).toBe(status);
      if (path)
        expect(
          problem.errors?.map((error) => error.path),
          JSON.stringify(problem),
        ).toContain(path);
    }
    const rows = await testDb().select().from(products).where(eq(products.storeId, catalog.storeId));
    expect(rows).toHaveLength(10);
  });

  it('updates fields, status and categories; archiving hides the product from the storefront at once', async () => {
    const catalog = await createCatalogStore();
    const admin = await adminOf(catalog);
    const product = catalog.product('buzo-crop');
    // Warm the storefront's cache with the product visible.
    expect((await api(`/v1/stores/${catalog.slug}/products/buzo-crop`)).status).toBe(200);
    const listed = async () =>
      (await (await api(`/v1/stores/${catalog.slug}/products?limit=100`)).json<{ data: AnyJson[] }>()).data.map(
        (p) => p.slug,
      );
    expect(await listed()).toContain('buzo-crop');

    const renamed = await admin.call('PATCH', `/products/${product.id}`, {
      name: 'Buzo Crop II',
      featured: true,
      categoryIds: [catalog.categories[1]!.id],
      tags: [],
    });
    expect(renamed.status, await renamed.clone().text()).toBe(200);
    expect(await renamed.json<AnyJson>()).toMatchObject({
      name: 'Buzo Crop II',
      featured: true,
      tags: [],
      categories: [{ slug: 'remera' }],
    });
    expect((await (await api(`/v1/stores/${catalog.slug}/products/buzo-crop`)).json<AnyJson>()).name).toBe(
      'Buzo Crop II',
    );

    const archived = await admin.call('PATCH', `/products/${product.id}`, { status: 'archived' });
    expect(archived.status).toBe(200);
    expect((await api(`/v1/stores/${catalog.slug}/products/buzo-crop`)).status).toBe(404);
    expect(await listed()).not.toContain('buzo-crop');
    // Staff still see it.
    const drafts = await (await admin.call('GET', '/products?status=archived')).json<{ data: AnyJson[] }>();
    expect(drafts.data.map((p) => p.slug)).toEqual(['buzo-crop']);
  });

  it('deletes a product without history, and refuses one with orders with a hint to archive', async () => {
    const catalog = await createCatalogStore();
    const admin = await adminOf(catalog);
    const free = catalog.product('buzo-crop');
    expect((await admin.call('DELETE', `/products/${free.id}`)).status).toBe(204);
    expect((await admin.call('GET', `/products/${free.id}`)).status).toBe(404);
    expect((await admin.call('DELETE', `/products/${free.id}`)).status).toBe(404);

    const sold = catalog.product('hoodie-oversize-essential');
    const variant = catalog.variant('BAL-HOE-NEG-M');
    const orderId = uuidv7();
    await testDb().insert(orders).values({
      id: orderId,
      storeId: catalog.storeId,
      email: 'buyer@example.test',
      currency: 'ARS',
      subtotal: 100,
      total: 100,
    });
    await testDb().insert(orderItems).values({
      id: uuidv7(),
      storeId: catalog.storeId,
      orderId,
      variantId: variant.id!,
      productId: sold.id!,
      productName: 'x',
      sku: 'x',
      unitPrice: 100,
      quantity: 1,
      lineTotal: 100,
    });
    const refused = await admin.call('DELETE', `/products/${sold.id}`);
    expect(refused.status).toBe(409);
    expect((await refused.json<{ detail: string }>()).detail).toMatch(/archive/);
    const variantRefused = await admin.call('DELETE', `/products/${sold.id}/variants/${variant.id}`);
    expect(variantRefused.status).toBe(409);
    expect((await variantRefused.json<{ detail: string }>()).detail).toMatch(/deactivate/);
    expect(await testDb().select().from(products).where(eq(products.id, sold.id!))).toHaveLength(1);
  });

  it('is a 404 for another store’s product, and lists with cursors', async () => {
    const [mine, theirs] = await Promise.all([createCatalogStore(), createCatalogStore()]);
    const admin = await adminOf(mine);
    const foreign = theirs.product('buzo-crop');
    for (const [method, path, body] of [
      ['GET', `/products/${foreign.id}`],
      ['PATCH', `/products/${foreign.id}`, { name: 'Hijacked' }],
      ['DELETE', `/products/${foreign.id}`],
      ['POST', `/products/${foreign.id}/variants`, { sku: 'HIJACK' }],
      ['POST', `/products/${foreign.id}/prices`, { amount: 1 }],
      ['POST', `/products/${foreign.id}/images`, { url: 'https://x.test/a.jpg' }],
    ] as const) {
      const response = await admin.call(method, path, body);
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    expect((await testDb().select().from(products).where(eq(products.id, foreign.id!)))[0]!.name).toBe(foreign.name);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: AnyJson[]; nextCursor: string | null } = await (
        await admin.call('GET', `/products?limit=3${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      seen.push(...page.data.map((p) => p.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(mine.products.map((p) => p.id!).sort());
  });
});

describe('admin variants and prices', () => {
  it('creates, upserts by option combination, and updates variants with optimistic versions', async () => {
    const catalog = await createCatalogStore();
    const admin = await adminOf(catalog);
    const product = catalog.product('buzo-crop');
    const created = await admin.call('POST', `/products/${product.id}/variants`, {
      sku: 'CROP-AZU-S',
      options: { Size: 'S', Color: 'Azul' },
      price: { amount: 30_000_00 },
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const variant = await created.json<AnyJson>();
    expect(variant).toMatchObject({ sku: 'CROP-AZU-S', version: 1, price: { amount: 30_000_00 } });

    const again = await admin.call('POST', `/products/${product.id}/variants`, {
      sku: 'CROP-AZU-S-2',
      options: { Color: 'Azul', Size: 'S' },
    });
    expect(again.status).toBe(409);

    const upserted = await admin.call('PUT', `/products/${product.id}/variants`, {
      sku: 'CROP-AZU-S2',
      options: { Color: 'Azul', Size: 'S' },
      barcode: '7790001',
      price: { amount: 31_000_00 },
    });
    expect(upserted.status).toBe(200);
    expect(await upserted.json<AnyJson>()).toMatchObject({
      id: variant.id,
      sku: 'CROP-AZU-S2',
      barcode: '7790001',
      version: 2,
      price: { amount: 31_000_00 },
    });
    const fresh = await admin.call('PUT', `/products/${product.id}/variants`, {
      sku: 'CROP-AZU-M',
      options: { Color: 'Azul', Size: 'M' },
    });
    expect(fresh.status).toBe(201);

    // The same price again adds no version.
    await admin.call('PUT', `/products/${product.id}/variants`, {
      sku: 'CROP-AZU-S2',
      options: { Color: 'Azul', Size: 'S' },
      price: { amount: 31_000_00 },
    });
    const history = await (await admin.call('GET', `/products/${product.id}/variants/${variant.id}/prices`)).json<{
      data: AnyJson[];
    }>();
    expect(history.data.map((price) => [price.amount, price.status])).toEqual([
      [31_000_00, 'current'],
      [30_000_00, 'superseded'],
    ]);

    const stale = await admin.call('PATCH', `/products/${product.id}/variants/${variant.id}`, {
      active: false,
      version: 1,
    });
    expect(stale.status).toBe(409);
    const patched = await admin.call('PATCH', `/products/${product.id}/variants/${variant.id}`, {
      active: false,
      reorderLevel: 4,
      version: 3,
    });
    expect(patched.status, await patched.clone().text()).toBe(200);
    expect(await patched.json<AnyJson>()).toMatchObject({ active: false, reorderLevel: 4, version: 4 });

    // Two changes from the same version at once: exactly one wins.
    const racing = await Promise.all([
      admin.call('PATCH', `/products/${product.id}/variants/${variant.id}`, { barcode: 'A', version: 4 }),
      admin.call('PATCH', `/products/${product.id}/variants/${variant.id}`, { barcode: 'B', version: 4 }),
    ]);
    expect(racing.map((response) => response.status).sort()).toEqual([200, 409]);

    const otherProduct = catalog.product('buzo-basico-algodon');
    expect(
      (await admin.call('PATCH', `/products/${otherProduct.id}/variants/${variant.id}`, { active: true })).status,
    ).toBe(404);
    expect((await admin.call('DELETE', `/products/${product.id}/variants/${variant.id}`)).status).toBe(204);
  });

  it('schedules prices that take effect at their time, keeps history, and withdraws only what has not started', async () => {
    const catalog = await createCatalogStore();
    const admin = await adminOf(catalog);
    const product = catalog.product('buzo-crop');
    const variant = catalog.variants.find((row) => row.productId === product.id)!;
    const soon = new Date(Date.now() + 2_000).toISOString();
    const scheduled = await admin.call('POST', `/products/${product.id}/variants/${variant.id}/prices`, {
      amount: 1_00,
      validFrom: soon,
    });
    expect(scheduled.status, await scheduled.clone().text()).toBe(201);
    const price = await scheduled.json<AnyJson>();
    expect(price).toMatchObject({ amount: 1_00, status: 'scheduled', currency: 'ARS' });

    const before = await (await api(`/v1/stores/${catalog.slug}/products/${product.id}`)).json<AnyJson>();
    const variantShown = () => before.variants.find((row: AnyJson) => row.id === variant.id);
    expect(variantShown().price.amount).toBe(
      variant.sku ? catalog.prices.find((row) => row.variantId === variant.id)!.amount : 0,
    );

    await new Promise((resolve) => setTimeout(resolve, 2_200));
    // No job ran and nothing was purged: the cached answer may not outlive the change.
    const after = await (await api(`/v1/stores/${catalog.slug}/products/${product.id}`)).json<AnyJson>();
    expect(after.variants.find((row: AnyJson) => row.id === variant.id).price.amount).toBe(1_00);

    const withdraw = await admin.call('DELETE', `/products/${product.id}/prices/${price.id}`);
    expect(withdraw.status).toBe(409);
    const later = await (
      await admin.call('POST', `/products/${product.id}/prices`, {
        amount: 5_00,
        validFrom: new Date(Date.now() + 86_400_000).toISOString(),
      })
    ).json<AnyJson>();
    expect(later.status).toBe('scheduled');
    expect((await admin.call('DELETE', `/products/${product.id}/prices/${later.id}`)).status).toBe(204);

    for (const [body, path] of [
      [{ amount: 5, validFrom: '2020-01-01T00:00:00Z' }, 'validFrom'],
      [{ amount: 5, validFrom: soon, validTo: soon }, 'validTo'],
      [{ amount: -1 }, 'amount'],
      [{ amount: 5, compareAtAmount: 5 }, 'compareAtAmount'],
    ] as const) {
      const response = await admin.call('POST', `/products/${product.id}/variants/${variant.id}/prices`, body);
      expect(response.status, JSON.stringify(body)).toBe(422);
      expect((await response.json<{ errors: { path: string }[] }>()).errors.map((error) => error.path)).toContain(path);
    }
  });
});

describe('admin images', () => {
  it('keeps at most 6 images in order, reorders them, and closes gaps on delete', async () => {
    const catalog = await createCatalogStore();
    const admin = await adminOf(catalog);
    const product = catalog.product('hoodie-oversize-essential'); // has 3
    let images: AnyJson[] = [];
    for (const n of [4, 5, 6]) {
      const response = await admin.call('POST', `/products/${product.id}/images`, {
        url: `https://images.example.com/${n}.jpg`,
        alt: `Foto ${n}`,
      });
      expect(response.status).toBe(201);
      images = (await response.json<{ data: AnyJson[] }>()).data;
    }
    expect(images.map((image) => image.position)).toEqual([0, 1, 2, 3, 4, 5]);
    const seventh = await admin.call('POST', `/products/${product.id}/images`, {
      url: 'https://images.example.com/7.jpg',
    });
    expect(seventh.status).toBe(422);

    const reversed = images.map((image) => image.id).reverse();
    const reordered = await admin.call('PUT', `/products/${product.id}/images/order`, { imageIds: reversed });
    expect(reordered.status, await reordered.clone().text()).toBe(200);
    expect((await reordered.json<{ data: AnyJson[] }>()).data.map((image) => image.id)).toEqual(reversed);
    expect(
      (await admin.call('PUT', `/products/${product.id}/images/order`, { imageIds: reversed.slice(1) })).status,
    ).toBe(422);
    expect(
      (
        await admin.call('PUT', `/products/${product.id}/images/order`, {
          imageIds: [reversed[0], ...reversed.slice(0, 5)],
        })
      ).status,
    ).toBe(422);

    expect((await admin.call('DELETE', `/products/${product.id}/images/${reversed[2]}`)).status).toBe(204);
    const shown = await (await api(`/v1/stores/${catalog.slug}/products/${product.id}`)).json<{ images: AnyJson[] }>();
    expect(shown.images).toHaveLength(5);
    const staff = await (await admin.call('GET', `/products/${product.id}`)).json<{ images: AnyJson[] }>();
    expect(staff.images.map((image) => image.position)).toEqual([0, 1, 2, 3, 4]);
    expect(staff.images.map((image) => image.id)).toEqual([...reversed.slice(0, 2), ...reversed.slice(3)]);
  });

  it('never lets two uploads at once make a seventh image', async () => {
    const catalog = await createCatalogStore();
    const admin = await adminOf(catalog);
    const product = catalog.product('hoodie-oversize-essential'); // has 3
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, n) =>
        admin.call('POST', `/products/${product.id}/images`, { url: `https://images.example.com/race-${n}.jpg` }),
      ),
    );
    expect(responses.filter((response) => response.status === 201)).toHaveLength(3);
    expect(responses.filter((response) => response.status === 422)).toHaveLength(3);
  });
});
