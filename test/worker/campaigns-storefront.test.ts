import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { api, countRoundTrips } from '../helpers/api';
import { insertTestCampaign } from '../helpers/campaigns';
import { type CatalogStore, createCatalogStore } from '../helpers/catalog';
import { ownerOf } from '../helpers/payments';
import { testDb } from '../helpers/stores';

type AnyJson = Record<string, any>;

const HOUR = 3_600_000;
const hoursFromNow = (hours: number) => new Date(Date.now() + hours * HOUR);

function storefront(catalog: CatalogStore, path = '') {
  return api(`/v1/stores/${catalog.slug}/campaigns${path}`);
}

async function listed(catalog: CatalogStore, query = ''): Promise<AnyJson[]> {
  const response = await storefront(catalog, query);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json<{ data: AnyJson[] }>()).data;
}

/** max-age and stale-while-revalidate of a response's Cache-Control. */
function lifetimes(response: Response) {
  const header = response.headers.get('cache-control') ?? '';
  const seconds = (name: string) => Number(new RegExp(`${name}=(\\d+)`).exec(header)?.[1]);
  return { maxAge: seconds('max-age'), staleWhileRevalidate: seconds('stale-while-revalidate') };
}

describe('storefront campaigns', () => {
  it('lists scheduled and open campaigns, soonest ending first, never ending or settled ones', async () => {
    const catalog = await createCatalogStore();
    const open = await insertTestCampaign(catalog, { endsAt: hoursFromNow(5) });
    const openSooner = await insertTestCampaign(catalog, { endsAt: hoursFromNow(2) });
    const scheduled = await insertTestCampaign(catalog, { startsAt: hoursFromNow(1), endsAt: hoursFromNow(3) });
    await insertTestCampaign(catalog, { startsAt: hoursFromNow(-2), endsAt: hoursFromNow(-1) });
    for (const status of ['successful', 'failed', 'cancelled']) {
      const settled = await insertTestCampaign(catalog);
      await testDb().execute(
        sql`UPDATE campaigns SET status = ${status}::campaign_status, settled_at = now() WHERE id = ${settled.id}`,
      );
    }
    await testDb().execute(sql`UPDATE campaigns SET participant_count = 2 WHERE id = ${open.id}`);

    const { requests, result } = await countRoundTrips(() => storefront(catalog));
    expect(result.status).toBe(200);
    expect(requests).toBe(1);
    const data = (await result.json<{ data: AnyJson[] }>()).data;
    expect(data.map((row) => [row.id, row.state])).toEqual([
      [openSooner.id, 'open'],
      [scheduled.id, 'scheduled'],
      [open.id, 'open'],
    ]);
    const shown = data[2]!;
    expect(shown).toMatchObject({
      participants: 2,
      placesLeft: 3,
      minParticipants: 2,
      maxParticipants: 5,
      price: open.price,
      originalPrice: open.originalPrice,
      currency: 'ARS',
      variant: { id: open.variant.id, sku: open.variant.sku, productId: open.variant.productId },
    });
    expect(shown).not.toHaveProperty('cancelReason');
    expect(shown).not.toHaveProperty('updatedAt');
    expect(typeof shown.imageUrl === 'string' || shown.imageUrl === null).toBe(true);
    // Until its end for an open one, until its start for a scheduled one.
    expect(shown.secondsLeft).toBeGreaterThan(5 * 3600 - 120);
    expect(shown.secondsLeft).toBeLessThanOrEqual(5 * 3600);
    expect(data[1]!.secondsLeft).toBeGreaterThan(3600 - 120);
    expect(data[1]!.secondsLeft).toBeLessThanOrEqual(3600);

    // A hit costs nothing.
    const again = await countRoundTrips(() => storefront(catalog));
    expect(again.requests).toBe(0);
    expect(again.result.headers.get('x-catalog-cache')).toBe('hit');
  });

  it('leaves out campaigns on variants a shopper cannot buy, and filters by variant or product', async () => {
    const catalog = await createCatalogStore();
    const [first, second] = catalog.variants.filter((v) => v.productId !== catalog.variants[0]!.productId).slice(0, 2);
    const onFirst = await insertTestCampaign(catalog);
    const onOther = await insertTestCampaign(catalog, { sku: first!.sku });
    const hidden = await insertTestCampaign(catalog, { sku: second!.sku });
    await testDb().execute(sql`UPDATE variants SET active = false WHERE id = ${hidden.variant.id}`);

    const all = (await listed(catalog)).map((row) => row.id);
    expect(all.sort()).toEqual([onFirst.id, onOther.id].sort());
    expect((await listed(catalog, `?variantId=${first!.id}`)).map((row) => row.id)).toEqual([onOther.id]);
    expect((await listed(catalog, `?productId=${onFirst.variant.productId}`)).map((row) => row.id)).toEqual([
      onFirst.id,
    ]);
    for (const query of ['?variantId=nope', '?productId=1', '?other=1']) {
      expect((await storefront(catalog, query)).status, query).toBe(422);
    }
  });

  it('shows one campaign in any state, with secondsLeft 0 once over', async () => {
    const catalog = await createCatalogStore();
    const campaign = await insertTestCampaign(catalog);
    const open = await countRoundTrips(() => storefront(catalog, `/${campaign.id}`));
    expect(open.requests).toBe(1);
    const body = await open.result.json<AnyJson>();
    expect(body).toMatchObject({ id: campaign.id, state: 'open', participants: 0, placesLeft: 5 });
    expect(body.secondsLeft).toBeGreaterThan(3000);

    const failed = await insertTestCampaign(catalog);
    await testDb().execute(sql`UPDATE campaigns SET status = 'failed', settled_at = now() WHERE id = ${failed.id}`);
    const ended = await (await storefront(catalog, `/${failed.id}`)).json<AnyJson>();
    expect(ended).toMatchObject({ state: 'failed', secondsLeft: 0 });
    expect(ended.settledAt).not.toBeNull();

    const ending = await insertTestCampaign(catalog, { startsAt: hoursFromNow(-2), endsAt: hoursFromNow(-1) });
    expect(await (await storefront(catalog, `/${ending.id}`)).json()).toMatchObject({
      state: 'ending',
      secondsLeft: 0,
    });
  });

  it('answers 404 for another store’s campaign and a closed store, 422 for a malformed id', async () => {
    const catalog = await createCatalogStore();
    const other = await createCatalogStore();
    const theirs = await insertTestCampaign(other);
    for (const id of [theirs.id, '019caea2-54f8-701c-9714-e1edc07911a5']) {
      const response = await storefront(catalog, `/${id}`);
      expect(response.status, id).toBe(404);
      expect(((await response.json()) as AnyJson).code).toBe('not_found');
    }
    expect((await storefront(catalog, '/not-a-uuid')).status).toBe(422);
    expect(await listed(catalog)).toEqual([]);

    // A closed store's campaigns are a 404, as the rest of its storefront.
    const closed = await createCatalogStore();
    const its = await insertTestCampaign(closed);
    await testDb().execute(sql`UPDATE stores SET status = 'closed' WHERE id = ${closed.storeId}`);
    expect((await storefront(closed)).status).toBe(404);
    expect((await storefront(closed, `/${its.id}`)).status).toBe(404);
  });

  it('is cached for at most 10 seconds (20 more while revalidating), whatever the store’s settings', async () => {
    const catalog = await createCatalogStore();
    const campaign = await insertTestCampaign(catalog, { endsAt: hoursFromNow(48) });
    await testDb().execute(sql`UPDATE stores
      SET settings = settings || '{"catalogCacheMaxAgeSeconds": 3600, "catalogCacheStaleWhileRevalidateSeconds": 7200}'::jsonb
      WHERE id = ${catalog.storeId}`);
    for (const path of ['', `/${campaign.id}`]) {
      const response = await storefront(catalog, path);
      expect(response.status).toBe(200);
      const { maxAge, staleWhileRevalidate } = lifetimes(response);
      expect(maxAge, path).toBeGreaterThan(0);
      expect(maxAge, path).toBeLessThanOrEqual(10);
      expect(staleWhileRevalidate, path).toBeLessThanOrEqual(20);
      expect(response.headers.get('cache-tag')).toContain(`store:${catalog.storeId}:campaigns`);
      expect(response.headers.get('etag')).toBeTruthy();
    }
  });

  it('shows an admin change at once: writes purge the cached answers', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const variant = catalog.variants[0]!;
    const created = await call('POST', '/campaigns', {
      variantId: variant.id,
      name: 'Primera',
      price: 1,
      minParticipants: 1,
      maxParticipants: 3,
      startsAt: hoursFromNow(1).toISOString(),
      endsAt: hoursFromNow(3).toISOString(),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const campaign = await created.json<AnyJson>();

    expect((await listed(catalog)).map((row) => row.name)).toEqual(['Primera']);
    expect((await storefront(catalog)).headers.get('x-catalog-cache')).toBe('hit');
    const detail = await storefront(catalog, `/${campaign.id}`);
    expect(((await detail.json()) as AnyJson).name).toBe('Primera');

    expect((await call('PATCH', `/campaigns/${campaign.id}`, { name: 'Renombrada' })).status).toBe(200);
    expect((await listed(catalog)).map((row) => row.name)).toEqual(['Renombrada']);
    expect(((await (await storefront(catalog, `/${campaign.id}`)).json()) as AnyJson).name).toBe('Renombrada');
  });
});
