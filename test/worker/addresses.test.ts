import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { api, countRoundTrips, jsonBody } from '../helpers/api';
import { accessTokenFor, bearer, createTestUser } from '../helpers/auth';
import { createCatalogStore, type CatalogStore } from '../helpers/catalog';
import { checkoutBody, postCheckout, TEST_ADDRESS, type PlacedOrder } from '../helpers/checkout';
import { testDb } from '../helpers/stores';

interface SavedAddress {
  id: string;
  store: string;
  name: string;
  line1: string;
  country: string;
  isDefault: boolean;
}

/** A signed-in shopper's calls to /v1/me/addresses. */
async function shopper() {
  const user = await createTestUser();
  const token = await accessTokenFor(user, []);
  const call = (method: string, path: string, body?: unknown) =>
    api(`/v1/me/addresses${path}`, bearer(token, body === undefined ? { method } : jsonBody(body, { method })));
  const list = async (slug: string) =>
    (await (await call('GET', `?store=${slug}`)).json<{ data: SavedAddress[] }>()).data;
  const save = async (slug: string, body: Record<string, unknown>) => {
    const response = await call('POST', `?store=${slug}`, body);
    expect(response.status, await response.clone().text()).toBe(201);
    return response.json<SavedAddress>();
  };
  return { user, token, call, list, save };
}

const HOME = { ...TEST_ADDRESS, name: 'Home' };
const WORK = { name: 'Work', line1: 'Florida 100', city: 'Buenos Aires', country: 'ar' };

function cardlessCheckout(catalog: CatalogStore, token: string, overrides: Record<string, unknown>) {
  const body = checkoutBody(
    catalog,
    { items: [{ variantId: catalog.variant('BAL-RPA-BLA-M').id, quantity: 1 }] },
    overrides,
  );
  return postCheckout(catalog.slug, body, { headers: { authorization: `Bearer ${token}` } });
}

describe('saved addresses', () => {
  it('the first is the default, a new default moves it, deleting the default passes it on; one round trip each', async () => {
    const catalog = await createCatalogStore();
    const me = await shopper();
    const { requests, result } = await countRoundTrips(() => me.call('POST', `?store=${catalog.slug}`, HOME));
    expect(requests).toBe(1);
    const home = await result.json<SavedAddress>();
    expect(home).toMatchObject({ name: 'Home', store: catalog.slug, isDefault: true });
    const work = await me.save(catalog.slug, WORK);
    expect(work).toMatchObject({ isDefault: false, country: 'AR' });
    expect((await me.list(catalog.slug)).map((row) => [row.name, row.isDefault])).toEqual([
      ['Home', true],
      ['Work', false],
    ]);

    const moved = await me.call('PATCH', `/${work.id}`, { isDefault: true, line1: 'Florida 200' });
    expect(moved.status, await moved.clone().text()).toBe(200);
    expect(await moved.json()).toMatchObject({ isDefault: true, line1: 'Florida 200' });
    expect((await me.list(catalog.slug)).map((row) => [row.name, row.isDefault])).toEqual([
      ['Work', true],
      ['Home', false],
    ]);

    const third = await me.save(catalog.slug, { ...HOME, name: 'Weekend', isDefault: true });
    expect((await me.list(catalog.slug)).filter((row) => row.isDefault).map((row) => row.id)).toEqual([third.id]);
    expect((await me.call('DELETE', `/${third.id}`)).status).toBe(204);
    // The newest left (Work) takes the default.
    expect((await me.list(catalog.slug)).map((row) => [row.name, row.isDefault])).toEqual([
      ['Work', true],
      ['Home', false],
    ]);

    // Addresses are per store.
    const other = await createCatalogStore();
    expect(await me.list(other.slug)).toEqual([]);
  });

  it('check out with a saved address: the order keeps a copy; a stranger’s address, a guest, or both kinds of address are refused', async () => {
    const catalog = await createCatalogStore();
    const me = await shopper();
    const home = await me.save(catalog.slug, { ...HOME, phone: '+54 11 1234' });
    const placed = await cardlessCheckout(catalog, me.token, {
      shippingAddress: undefined,
      shippingAddressId: home.id,
      email: me.user.email,
    });
    expect(placed.status, await placed.clone().text()).toBe(201);
    const order = await placed.json<PlacedOrder & { shippingAddress: Record<string, unknown> }>();
    expect(order.shippingAddress).toMatchObject({
      name: 'Home',
      line1: TEST_ADDRESS.line1,
      country: 'AR',
      phone: '+54 11 1234',
    });
    // Editing the saved address later leaves the order alone.
    await me.call('PATCH', `/${home.id}`, { line1: 'Somewhere else 1' });
    const { rows } = await testDb().execute<{ line1: string }>(
      sql`SELECT shipping_address ->> 'line1' AS line1 FROM orders WHERE id = ${order.id}`,
    );
    expect(rows[0]!.line1).toBe(TEST_ADDRESS.line1);

    const stranger = await shopper();
    const count = async () =>
      Number(
        (
          await testDb().execute<{ n: string }>(
            sql`SELECT count(*) AS n FROM orders WHERE store_id = ${catalog.storeId}`,
          )
        ).rows[0]!.n,
      );
    const before = await count();
    const theirs = await cardlessCheckout(catalog, stranger.token, {
      shippingAddress: undefined,
      shippingAddressId: home.id,
      email: stranger.user.email,
    });
    expect(theirs.status).toBe(422);
    expect(await theirs.json()).toMatchObject({ errors: [{ path: 'shippingAddressId' }] });
    const guest = await postCheckout(
      catalog.slug,
      checkoutBody(
        catalog,
        { items: [{ variantId: catalog.variant('BAL-RPA-BLA-M').id, quantity: 1 }] },
        { shippingAddress: undefined, shippingAddressId: home.id },
      ),
    );
    expect(guest.status).toBe(422);
    const both = await cardlessCheckout(catalog, me.token, { shippingAddressId: home.id });
    expect(both.status).toBe(422);
    expect(await count()).toBe(before);
  });

  it('refuses strangers, unknown stores, bad fields and more than 20, changing nothing', async () => {
    const catalog = await createCatalogStore();
    const me = await shopper();
    const home = await me.save(catalog.slug, HOME);
    const stranger = await shopper();
    expect((await stranger.call('PATCH', `/${home.id}`, { name: 'Mine' })).status).toBe(404);
    expect((await stranger.call('DELETE', `/${home.id}`)).status).toBe(404);
    expect((await api(`/v1/me/addresses?store=${catalog.slug}`)).status).toBe(401);
    expect((await me.call('GET', '?store=no-such-store')).status).toBe(404);
    expect((await me.call('POST', '?store=no-such-store', HOME)).status).toBe(404);
    expect((await me.call('GET', '')).status).toBe(422);
    for (const body of [
      {},
      { ...HOME, country: 'Argentina' },
      { ...HOME, name: '' },
      { ...HOME, extra: 1 },
      { ...HOME, isDefault: 'yes' },
    ]) {
      expect((await me.call('POST', `?store=${catalog.slug}`, body)).status, JSON.stringify(body)).toBe(422);
    }
    expect((await me.call('PATCH', `/${home.id}`, {})).status).toBe(422);
    expect(await me.list(catalog.slug)).toMatchObject([{ id: home.id, name: 'Home', isDefault: true }]);

    for (let n = 1; n < 20; n++) await me.save(catalog.slug, { ...WORK, name: `Place ${n}` });
    const overflow = await me.call('POST', `?store=${catalog.slug}`, WORK);
    expect(overflow.status).toBe(422);
    expect(await me.list(catalog.slug)).toHaveLength(20);
  });
});
