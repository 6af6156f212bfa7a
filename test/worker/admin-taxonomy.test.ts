import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { categories, optionTypes, productCategories, products } from '../../src/db/schema';
import { uuidv7 } from '../../src/lib/ids';
import { api, jsonBody } from '../helpers/api';
import { accessTokenFor, bearer, createStoreWithTeam } from '../helpers/auth';
import { createCatalogStore, type CatalogStore } from '../helpers/catalog';
import { testDb } from '../helpers/stores';

type AnyJson = Record<string, any>;

/** Calls the catalog store's admin API as its owner, with a user token. */
async function ownerOf(catalog: CatalogStore) {
  const owner = { id: catalog.owner.id!, email: catalog.owner.email };
  const token = await accessTokenFor(owner, [{ id: catalog.storeId, slug: catalog.slug, role: 'owner' }]);
  return (method: string, path: string, body?: unknown) =>
    api(
      `/v1/admin/stores/${catalog.slug}${path}`,
      body === undefined ? bearer(token, { method }) : jsonBody(body, bearer(token, { method })),
    );
}

describe('admin options', () => {
  it('creates options with ordered values and swatches, which variants and filters then use', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const created = await call('POST', '/option-types', {
      name: 'Material',
      kind: 'text',
      values: [{ value: 'Algodón' }, { value: 'Lana' }],
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const material = await created.json<AnyJson>();
    expect(material.values.map((value: AnyJson) => [value.value, value.position])).toEqual([
      ['Algodón', 0],
      ['Lana', 1],
    ]);

    const crop = catalog.product('buzo-crop');
    const variant = await call('POST', `/products/${crop.id}/variants`, {
      sku: 'CROP-LANA',
      options: { Material: 'Lana' },
      price: { amount: 100 },
    });
    expect(variant.status).toBe(201);
    const filtered = await (await api(`/v1/stores/${catalog.slug}/products?material=lana`)).json<{ data: AnyJson[] }>();
    expect(filtered.data.map((product) => product.slug)).toEqual(['buzo-crop']);

    const list = await (await call('GET', '/option-types')).json<{ data: AnyJson[] }>();
    expect(list.data.map((option) => option.name)).toEqual(['Size', 'Color', 'Material']);
    const lana = list.data[2]!.values.find((value: AnyJson) => value.value === 'Lana');
    expect(lana.variantCount).toBe(1);

    // A value in use cannot go, nor can its option; an unused one can.
    expect((await call('DELETE', `/option-types/${material.id}/values/${lana.id}`)).status).toBe(409);
    expect((await call('DELETE', `/option-types/${material.id}`)).status).toBe(409);
    const algodon = list.data[2]!.values.find((value: AnyJson) => value.value === 'Algodón');
    expect((await call('DELETE', `/option-types/${material.id}/values/${algodon.id}`)).status).toBe(204);
  });

  it('validates hex swatches and names, and changes a swatch the storefront shows', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    for (const [body, path] of [
      [{ name: 'Tono', kind: 'color', values: [{ value: 'Rojo', hex: 'red' }] }, 'values[0].hex'],
      [{ name: 'Tono', kind: 'color', values: [{ value: 'Rojo', hex: '#12345' }] }, 'values[0].hex'],
      [{ name: 'Tono', kind: 'shade' }, 'kind'],
      [{ name: '' }, 'name'],
    ] as const) {
      const response = await call('POST', '/option-types', body);
      expect(response.status, JSON.stringify(body)).toBe(422);
      expect((await response.json<{ errors: { path: string }[] }>()).errors.map((error) => error.path)).toContain(path);
    }
    expect((await call('POST', '/option-types', { name: 'Size' })).status).toBe(409);
    expect(await testDb().select().from(optionTypes).where(eq(optionTypes.storeId, catalog.storeId))).toHaveLength(2);

    const color = (await (await call('GET', '/option-types')).json<{ data: AnyJson[] }>()).data.find(
      (option) => option.name === 'Color',
    )!;
    const negro = color.values.find((value: AnyJson) => value.value === 'Negro');
    expect((await api(`/v1/stores/${catalog.slug}/products/hoodie-oversize-essential`)).status).toBe(200);
    expect((await call('PATCH', `/option-types/${color.id}/values/${negro.id}`, { hex: '#GGGGGG' })).status).toBe(422);
    const changed = await call('PATCH', `/option-types/${color.id}/values/${negro.id}`, { hex: '#000000' });
    expect(changed.status).toBe(200);
    const page = await (await api(`/v1/stores/${catalog.slug}/products/hoodie-oversize-essential`)).json<AnyJson>();
    expect(page.options[1].values[0]).toEqual({ value: 'Negro', hex: '#000000' });
  });
});

describe('admin categories', () => {
  it('builds a tree the storefront nests, and refuses cycles', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const hoodie = catalog.categories[0]!;
    const child = await (
      await call('POST', '/categories', { slug: 'con-capucha', name: 'Con capucha', parentId: hoodie.id })
    ).json<AnyJson>();
    const grandchild = await (
      await call('POST', '/categories', { slug: 'zip', name: 'Zip', parentId: child.id })
    ).json<AnyJson>();
    expect(grandchild).toMatchObject({ parentId: child.id, position: 0 });

    const tree = await (await api(`/v1/stores/${catalog.slug}/categories`)).json<{ data: AnyJson[] }>();
    expect(tree.data.map((node) => node.slug)).toEqual(['hoodie', 'remera']);
    expect(tree.data[0]!.children[0]).toMatchObject({ slug: 'con-capucha', children: [{ slug: 'zip', children: [] }] });

    for (const parentId of [hoodie.id, child.id, grandchild.id]) {
      const cycle = await call('PATCH', `/categories/${hoodie.id}`, { parentId });
      expect(cycle.status, parentId).toBe(422);
      expect((await cycle.json<{ errors: { path: string }[] }>()).errors[0]!.path).toBe('parentId');
    }
    expect((await call('PATCH', `/categories/${hoodie.id}`, { parentId: uuidv7() })).status).toBe(422);
    const [row] = await testDb().select().from(categories).where(eq(categories.id, hoodie.id!));
    expect(row!.parentId).toBeNull();

    // Moving a leaf to the top is fine.
    expect((await call('PATCH', `/categories/${grandchild.id}`, { parentId: null })).status).toBe(200);
  });

  it('never lets two concurrent moves make a cycle', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const [hoodie, remera] = catalog.categories;
    const [first, second] = await Promise.all([
      call('PATCH', `/categories/${hoodie!.id}`, { parentId: remera!.id }),
      call('PATCH', `/categories/${remera!.id}`, { parentId: hoodie!.id }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 422]);
  });

  it('deletes a category: children move to the top, products stay', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const hoodie = catalog.categories[0]!;
    const child = await (
      await call('POST', '/categories', { slug: 'con-capucha', name: 'Con capucha', parentId: hoodie.id })
    ).json<AnyJson>();
    expect((await call('DELETE', `/categories/${hoodie.id}`)).status).toBe(204);
    const [moved] = await testDb().select().from(categories).where(eq(categories.id, child.id));
    expect(moved!.parentId).toBeNull();
    expect(await testDb().select().from(products).where(eq(products.storeId, catalog.storeId))).toHaveLength(10);
    expect(
      await testDb().select().from(productCategories).where(eq(productCategories.categoryId, hoodie.id!)),
    ).toHaveLength(0);
    expect((await api(`/v1/stores/${catalog.slug}/products?category=hoodie`)).status).toBe(422);
    expect((await call('POST', '/categories', { slug: 'remera', name: 'Otra' })).status).toBe(409);
  });

  it('lets staff neither read nor change the catalog', async () => {
    const { store, tokens } = await createStoreWithTeam();
    const response = await api(
      `/v1/admin/stores/${store.slug}/categories`,
      jsonBody({ slug: 'x', name: 'X' }, bearer(tokens.staff)),
    );
    expect(response.status).toBe(403);
  });
});
