import { and, asc, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog } from '../../src/db/schema';
import { countRoundTrips, type ProblemBody } from '../helpers/api';
import { createStoreWithTeam, createTestApiKey } from '../helpers/auth';
import { adminCaller } from '../helpers/payments';
import { testDb } from '../helpers/stores';

interface TaxRate {
  id: string;
  country: string;
  region: string | null;
  taxClass: string | null;
  name: string;
  percentage: number;
  ratePpm: number;
  createdAt: string;
  updatedAt: string;
}

const NEW_YORK = { country: 'US', region: 'NY', name: 'New York State', percentage: 8.875 };

async function ownerCall() {
  const team = await createStoreWithTeam();
  return { team, call: adminCaller(team.store.slug, team.tokens.owner) };
}

async function created(call: ReturnType<typeof adminCaller>, body: Record<string, unknown>): Promise<TaxRate> {
  const response = await call('POST', '/tax-rates', body);
  expect(response.status, await response.clone().text()).toBe(201);
  return response.json<TaxRate>();
}

/** The store's rates as stored, to prove that a refusal changed nothing. */
async function storedRates(storeId: string) {
  const { rows } = await testDb().execute(
    sql`SELECT id, country, region, tax_class, name, rate_ppm, updated_at FROM tax_rates WHERE store_id = ${storeId} ORDER BY id`,
  );
  return rows;
}

async function auditOf(rateId: string) {
  return testDb()
    .select({ action: auditLog.action, before: auditLog.before, after: auditLog.after })
    .from(auditLog)
    .where(and(eq(auditLog.entityId, rateId), eq(auditLog.entityType, 'tax_rate')))
    .orderBy(asc(auditLog.id));
}

describe('admin tax rates', () => {
  it('creates, reads, lists, changes and deletes a rate: each one round trip and audited', async () => {
    const { call } = await ownerCall();

    const made = await countRoundTrips(() => call('POST', '/tax-rates', { ...NEW_YORK, region: ' ny ' }));
    expect(made.result.status, await made.result.clone().text()).toBe(201);
    expect(made.requests).toBe(1);
    const rate = await made.result.json<TaxRate>();
    // The region is compared upper case, so it is stored so; 8.875 % is 88,750 ppm exactly.
    expect(rate).toMatchObject({ ...NEW_YORK, taxClass: null, ratePpm: 88_750 });

    const read = await countRoundTrips(() => call('GET', `/tax-rates/${rate.id}`));
    expect(read.requests).toBe(1);
    expect(await read.result.json()).toEqual(rate);

    const spain = await created(call, { country: 'ES', name: 'IVA', percentage: 21 });
    const reduced = await created(call, { country: 'ES', taxClass: 'reduced', name: 'IVA', percentage: 10 });
    const federal = await created(call, { country: 'US', name: 'Zero', percentage: 0, region: null });
    expect([spain.ratePpm, reduced.ratePpm, federal.ratePpm]).toEqual([210_000, 100_000, 0]);

    // By country, region (none first), class (none first), name.
    const list = await countRoundTrips(() => call('GET', '/tax-rates'));
    expect(list.requests).toBe(1);
    const ids = (await list.result.json<{ data: TaxRate[] }>()).data.map((row) => row.id);
    expect(ids).toEqual([spain.id, reduced.id, federal.id, rate.id]);
    const us = await (await call('GET', '/tax-rates?country=US')).json<{ data: TaxRate[] }>();
    expect(us.data.map((row) => row.id)).toEqual([federal.id, rate.id]);
    expect((await (await call('GET', '/tax-rates?country=FR')).json<{ data: TaxRate[] }>()).data).toEqual([]);

    const changed = await countRoundTrips(() =>
      call('PATCH', `/tax-rates/${rate.id}`, { percentage: 4.5, region: null, taxClass: 'clothing' }),
    );
    expect(changed.result.status, await changed.result.clone().text()).toBe(200);
    expect(changed.requests).toBe(1);
    expect(await changed.result.json()).toMatchObject({
      percentage: 4.5,
      ratePpm: 45_000,
      region: null,
      taxClass: 'clothing',
    });

    const deleted = await countRoundTrips(() => call('DELETE', `/tax-rates/${rate.id}`));
    expect(deleted.result.status).toBe(204);
    expect(deleted.requests).toBe(1);
    expect((await call('GET', `/tax-rates/${rate.id}`)).status).toBe(404);
    expect((await call('PATCH', `/tax-rates/${rate.id}`, { name: 'x' })).status).toBe(404);
    expect((await call('DELETE', `/tax-rates/${rate.id}`)).status).toBe(404);

    const audit = await auditOf(rate.id);
    expect(audit.map((row) => row.action)).toEqual(['tax_rate.created', 'tax_rate.updated', 'tax_rate.deleted']);
    expect(audit[0]).toMatchObject({ before: null, after: { ...NEW_YORK, ratePpm: 88_750 } });
    expect(audit[1]).toMatchObject({
      before: { ratePpm: 88_750, region: 'NY', taxClass: null },
      after: { ratePpm: 45_000, region: null, taxClass: 'clothing' },
    });
    expect(audit[2]).toMatchObject({ before: { ratePpm: 45_000 }, after: null });
  });

  it('refuses a bad value of every field with a 422, writing nothing', async () => {
    const { team, call } = await ownerCall();
    const rate = await created(call, { country: 'ES', name: 'IVA', percentage: 21 });
    const before = await storedRates(team.store.id);
    const valid = { country: 'PT', name: 'IVA', percentage: 23 };
    const bad: Record<string, unknown>[] = [
      {},
      { country: 'PT', name: 'IVA' },
      { country: 'PT', percentage: 23 },
      { name: 'IVA', percentage: 23 },
      { ...valid, country: 'pt' },
      { ...valid, country: 'PRT' },
      { ...valid, country: '' },
      { ...valid, country: null },
      { ...valid, country: 35 },
      { ...valid, region: '' },
      { ...valid, region: '   ' },
      { ...valid, region: 'Lisboa e Vale' },
      { ...valid, region: 'x'.repeat(11) },
      { ...valid, region: 'N/Y' },
      { ...valid, region: 12 },
      { ...valid, taxClass: '' },
      { ...valid, taxClass: 'Reduced' },
      { ...valid, taxClass: 'reduced rate' },
      { ...valid, taxClass: '-reduced' },
      { ...valid, taxClass: 'a'.repeat(33) },
      { ...valid, taxClass: 7 },
      { ...valid, name: '' },
      { ...valid, name: '   ' },
      { ...valid, name: 'x'.repeat(101) },
      { ...valid, name: 'I\u0000VA' },
      { ...valid, name: null },
      { ...valid, percentage: -1 },
      { ...valid, percentage: -0.0001 },
      { ...valid, percentage: 100.0001 },
      { ...valid, percentage: 1e300 },
      { ...valid, percentage: 8.87501 },
      { ...valid, percentage: '23' },
      { ...valid, percentage: null },
      { ...valid, ratePpm: 230_000 },
      { ...valid, storeId: team.store.id },
      { ...valid, id: crypto.randomUUID() },
    ];
    for (const body of bad) {
      const response = await call('POST', '/tax-rates', body);
      expect(response.status, JSON.stringify(body)).toBe(422);
      expect((await response.json<ProblemBody>()).code).toBe('validation_failed');
    }
    const patches: Record<string, unknown>[] = [
      {},
      { name: null },
      { country: null },
      { percentage: null },
      { percentage: 101 },
      { region: 'bad region' },
      { taxClass: 'UPPER' },
      { name: 'I\u0000VA' },
      { ratePpm: 1 },
      { createdAt: '2026-01-01T00:00:00Z' },
    ];
    for (const body of patches) {
      const response = await call('PATCH', `/tax-rates/${rate.id}`, body);
      expect(response.status, JSON.stringify(body)).toBe(422);
    }
    for (const path of ['/tax-rates?country=es', '/tax-rates?country=', '/tax-rates?region=NY']) {
      expect((await call('GET', path)).status, path).toBe(422);
    }
    for (const path of ['/tax-rates/not-a-uuid', `/tax-rates/${crypto.randomUUID()}`]) {
      const status = (await call('GET', path)).status;
      expect([404, 422], path).toContain(status);
    }
    const malformed = await call('POST', '/tax-rates', undefined, { 'content-type': 'application/json' });
    expect(malformed.status).toBeGreaterThanOrEqual(400);
    expect(malformed.status).toBeLessThan(500);
    expect(await storedRates(team.store.id)).toEqual(before);
    expect((await auditOf(rate.id)).length).toBe(1);

    // The edges of the range are rates too.
    expect((await created(call, { country: 'PT', name: 'Isento', percentage: 0 })).ratePpm).toBe(0);
    expect((await created(call, { country: 'PT', name: 'Tudo', percentage: 100 })).ratePpm).toBe(1_000_000);
    expect((await created(call, { country: 'PT', name: 'Fino', percentage: 0.0001 })).ratePpm).toBe(1);
  });

  it('answers a twin rate (same country, region, class and name) with a 409 on create and on change', async () => {
    const { team, call } = await ownerCall();
    const general = await created(call, { country: 'CA', name: 'GST', percentage: 5 });
    const quebec = await created(call, { country: 'CA', region: 'QC', name: 'GST', percentage: 5 });
    const books = await created(call, { country: 'CA', taxClass: 'books', name: 'GST', percentage: 0 });
    const before = await storedRates(team.store.id);

    for (const body of [
      { country: 'CA', name: 'GST', percentage: 7 },
      { country: 'CA', region: 'qc', name: 'GST', percentage: 7 },
      { country: 'CA', taxClass: 'books', name: 'GST', percentage: 7 },
    ]) {
      const refused = await countRoundTrips(() => call('POST', '/tax-rates', body));
      expect(refused.result.status, JSON.stringify(body)).toBe(409);
      expect(refused.requests).toBe(1);
      const problem = await refused.result.json<ProblemBody>();
      expect(problem.code).toBe('conflict');
      expect(problem.errors).toEqual([expect.objectContaining({ path: 'name' })]);
    }
    const twin = await call('PATCH', `/tax-rates/${quebec.id}`, { region: null });
    expect(twin.status).toBe(409);
    expect((await call('PATCH', `/tax-rates/${books.id}`, { taxClass: null })).status).toBe(409);
    expect(await storedRates(team.store.id)).toEqual(before);
    expect((await auditOf(quebec.id)).map((row) => row.action)).toEqual(['tax_rate.created']);

    // Another name, or another destination, is another rate.
    await created(call, { country: 'CA', region: 'QC', name: 'QST', percentage: 9.975 });
    expect((await call('PATCH', `/tax-rates/${general.id}`, { name: 'GST/HST' })).status).toBe(200);
  });

  it('keeps each store’s rates to itself, and lets only those who may manage the store change them', async () => {
    const { team, call } = await ownerCall();
    const other = await ownerCall();
    const rate = await created(call, { country: 'ES', name: 'IVA', percentage: 21 });
    const theirs = await created(other.call, { country: 'ES', name: 'IVA', percentage: 21 });

    expect((await other.call('GET', `/tax-rates/${rate.id}`)).status).toBe(404);
    expect((await other.call('PATCH', `/tax-rates/${rate.id}`, { percentage: 0 })).status).toBe(404);
    expect((await other.call('DELETE', `/tax-rates/${rate.id}`)).status).toBe(404);
    const otherList = await (await other.call('GET', '/tax-rates')).json<{ data: TaxRate[] }>();
    expect(otherList.data.map((row) => row.id)).toEqual([theirs.id]);
    expect(await (await call('GET', `/tax-rates/${rate.id}`)).json()).toEqual(rate);

    const admin = adminCaller(team.store.slug, team.tokens.admin);
    expect((await admin('PATCH', `/tax-rates/${rate.id}`, { name: 'IVA general' })).status).toBe(200);
    const staff = adminCaller(team.store.slug, team.tokens.staff);
    expect((await staff('GET', '/tax-rates')).status).toBe(403);
    expect((await staff('POST', '/tax-rates', { country: 'PT', name: 'IVA', percentage: 23 })).status).toBe(403);

    const reader = await createTestApiKey(team.store, ['store:read']);
    const readOnly = adminCaller(team.store.slug, reader.secret);
    expect((await readOnly('GET', '/tax-rates')).status).toBe(200);
    expect((await readOnly('DELETE', `/tax-rates/${rate.id}`)).status).toBe(403);
    const writer = await createTestApiKey(team.store, ['store:read', 'store:write']);
    const withKey = await countRoundTrips(() =>
      adminCaller(team.store.slug, writer.secret)('POST', '/tax-rates', { country: 'PT', name: 'IVA', percentage: 23 }),
    );
    expect(withKey.result.status).toBe(201);
    expect(withKey.requests).toBeLessThanOrEqual(2);
  });
});

describe('a product’s tax class', () => {
  it('is set on create, changed, cleared and imported in bulk; a bad one is a 422 that writes nothing', async () => {
    const { call } = await ownerCall();
    const made = await call('POST', '/products', { slug: 'libro', name: 'Libro', taxClass: 'books' });
    expect(made.status, await made.clone().text()).toBe(201);
    const product = await made.json<{ id: string; taxClass: string | null }>();
    expect(product.taxClass).toBe('books');
    const plain = await (await call('POST', '/products', { slug: 'remera', name: 'Remera' })).json<{
      taxClass: string | null;
    }>();
    expect(plain.taxClass).toBeNull();

    for (const taxClass of ['', 'Books', 'books & more', 'a'.repeat(33), 42, ['books']]) {
      const refused = await call('PATCH', `/products/${product.id}`, { taxClass });
      expect(refused.status, JSON.stringify(taxClass)).toBe(422);
      expect((await call('POST', '/products', { slug: 'otro', name: 'Otro', taxClass })).status).toBe(422);
    }
    expect((await (await call('GET', `/products/${product.id}`)).json<{ taxClass: string }>()).taxClass).toBe('books');

    const changed = await call('PATCH', `/products/${product.id}`, { taxClass: 'reduced' });
    expect((await changed.json<{ taxClass: string }>()).taxClass).toBe('reduced');
    const cleared = await call('PATCH', `/products/${product.id}`, { taxClass: null });
    expect((await cleared.json<{ taxClass: string | null }>()).taxClass).toBeNull();

    const bulk = await call('POST', '/products/bulk', {
      products: [
        { slug: 'libro', name: 'Libro', taxClass: 'books' },
        { slug: 'cuaderno', name: 'Cuaderno', taxClass: 'reduced' },
      ],
    });
    expect(bulk.status, await bulk.clone().text()).toBe(200);
    const { rows } = await testDb().execute<{ slug: string; tax_class: string | null }>(
      sql`SELECT slug, tax_class FROM products WHERE slug IN ('libro', 'cuaderno', 'remera')
        AND store_id = (SELECT store_id FROM products WHERE id = ${product.id}) ORDER BY slug`,
    );
    expect(rows).toEqual([
      { slug: 'cuaderno', tax_class: 'reduced' },
      { slug: 'libro', tax_class: 'books' },
      { slug: 'remera', tax_class: null },
    ]);
  });
});
