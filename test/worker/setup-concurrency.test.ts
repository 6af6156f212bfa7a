import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createCatalogStore } from '../helpers/catalog';
import { ownerOf } from '../helpers/payments';
import { auditRowsOf, testDb } from '../helpers/stores';

const onPostgres = env.TEST_DATABASE_BACKEND === 'postgres';
if (!onPostgres) {
  console.info(
    '[skipped] store setup concurrency tests need real PostgreSQL (TEST_DATABASE_URL): PGlite runs one batch at a time, so nothing would race.',
  );
}

const STORM = 20;

/** The statuses of `count` copies of one request sent at once, sorted. */
async function storm(count: number, send: (n: number) => Promise<Response>): Promise<number[]> {
  const responses = await Promise.all(Array.from({ length: count }, (_, n) => send(n)));
  return responses.map((response) => response.status).sort();
}

describe.runIf(onPostgres)('merchant setup under concurrency (real PostgreSQL only; skipped on PGlite)', () => {
  it('of 20 customers created at once with one email, one is made and 19 are 409, none a 500', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const email = `storm-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const statuses = await storm(STORM, (n) => call('POST', '/customers', { email, name: `Buyer ${n}` }));
    expect(statuses).toEqual([201, ...Array(STORM - 1).fill(409)]);
    expect(await auditRowsOf(catalog.storeId, 'customer.created')).toHaveLength(1);
  });

  it('20 blocks of one customer at once all answer it blocked, audited once', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const created = await call('POST', '/customers', { phone: '+5493415550111' });
    const { id } = await created.json<{ id: string }>();
    const statuses = await storm(STORM, (n) =>
      call('POST', `/customers/${id}/block`, { reason: `Refused parcel ${n}` }),
    );
    expect(statuses).toEqual(Array(STORM).fill(200));
    expect(await auditRowsOf(catalog.storeId, 'customer.blocked')).toHaveLength(1);
  });

  it('shipping rates created at once never pass the cap of 100 per store', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const { rows } = await testDb().execute<{ count: string }>(
      sql`SELECT count(*) FROM shipping_rates WHERE store_id = ${catalog.storeId}`,
    );
    const room = 100 - Number(rows[0]!.count) - 5;
    for (let n = 0; n < room; n++) {
      const response = await call('POST', '/shipping-rates', { name: `Zone ${n}`, amount: 1000 });
      expect(response.status).toBe(201);
    }
    const statuses = await storm(STORM, (n) => call('POST', '/shipping-rates', { name: `Storm ${n}`, amount: 1000 }));
    expect(statuses).toEqual([...Array(5).fill(201), ...Array(STORM - 5).fill(409)]);
    const after = await testDb().execute<{ count: string }>(
      sql`SELECT count(*) FROM shipping_rates WHERE store_id = ${catalog.storeId}`,
    );
    expect(Number(after.rows[0]!.count)).toBe(100);
  });

  it('an owner closing the store 20 times at once closes it once; settings changed at once all land, each audited', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    expect(await storm(STORM, () => call('POST', '/close', { reason: 'Inventory count' }))).toEqual(
      Array(STORM).fill(200),
    );
    expect(await auditRowsOf(catalog.storeId, 'store.closed')).toHaveLength(1);
    const statuses = await storm(10, (n) => call('PATCH', '', { settings: { reservationTtlMinutes: 31 + n } }));
    expect(statuses).toEqual(Array(10).fill(200));
    expect(await auditRowsOf(catalog.storeId, 'store.updated')).toHaveLength(10);
    const store = await (await call('GET', '')).json<{ status: string; settings: { reservationTtlMinutes: number } }>();
    expect(store.status).toBe('closed');
    expect(store.settings.reservationTtlMinutes).toBeGreaterThanOrEqual(31);
  });
});
