import { and, asc, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, markets, promotionCodes, promotionRedemptions, promotions, stores } from '../../src/db/schema';
import { countRoundTrips, expectProblem } from '../helpers/api';
import { createStoreWithTeam, createTestApiKey } from '../helpers/auth';
import { type CatalogStore, createCatalogStore } from '../helpers/catalog';
import { type AdminCall, adminCaller, ownerOf, placeOrder } from '../helpers/payments';
import { testDb } from '../helpers/stores';

interface Promotion {
  id: string;
  name: string;
  method: string;
  type: string;
  percentage: number | null;
  amounts: Record<string, number>;
  markets: string[];
  usageLimit: number | null;
  active: boolean;
  timesUsed: number;
  status: string;
  codeCount: number;
  [field: string]: unknown;
}

interface Code {
  id: string;
  promotionId: string;
  code: string;
  usageLimit: number | null;
  timesUsed: number;
}

interface Problem {
  code: string;
  detail: string;
  errors?: { path?: string; message?: string }[];
}

const SUMMER = {
  name: 'Verano: 15 % en buzos',
  description: 'Desde $50.000',
  method: 'code',
  type: 'percentage',
  percentage: 15,
  minSubtotals: { ARS: 5_000_000 },
  usageLimit: 500,
  usageLimitPerCustomer: 1,
};

async function create(call: AdminCall, body: Record<string, unknown>): Promise<Promotion> {
  const response = await call('POST', '/promotions', body);
  expect(response.status, await response.clone().text()).toBe(201);
  return response.json<Promotion>();
}

async function promotionCount(storeId: string): Promise<number> {
  const { rows } = await testDb().execute<{ count: string }>(
    sql`SELECT (SELECT count(*) FROM promotions WHERE store_id = ${storeId})
      + (SELECT count(*) FROM promotion_codes WHERE store_id = ${storeId}) AS count`,
  );
  return Number(rows[0]!.count);
}

async function auditActions(storeId: string, entityId: string) {
  const rows = await testDb()
    .select({ action: auditLog.action, before: auditLog.before, after: auditLog.after })
    .from(auditLog)
    .where(and(eq(auditLog.storeId, storeId), eq(auditLog.entityId, entityId)))
    .orderBy(asc(auditLog.id));
  return rows;
}

async function listNames(call: AdminCall, query: string): Promise<string[]> {
  const response = await call('GET', `/promotions${query}`);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json<{ data: Promotion[] }>()).data.map((row) => row.name);
}

function categoryOf(catalog: CatalogStore) {
  return catalog.categories[0]!.id;
}

describe('admin promotions', () => {
  it('creates, reads, lists, changes and deletes: each one round trip, every write audited', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const hoodie = catalog.products[0]!.id;

    const created = await countRoundTrips(() =>
      call('POST', '/promotions', {
        ...SUMMER,
        productIds: [hoodie],
        categoryIds: [categoryOf(catalog)],
        customerSegments: ['new', 'vip'],
        markets: ['default'],
        code: '  verano15 ',
        codeUsageLimit: 100,
      }),
    );
    expect(created.result.status, await created.result.clone().text()).toBe(201);
    expect(created.requests).toBe(1);
    const promotion = await created.result.json<Promotion>();
    expect(promotion).toMatchObject({
      ...SUMMER,
      amounts: {},
      productIds: [hoodie],
      categoryIds: [categoryOf(catalog)],
      customerSegments: ['new', 'vip'],
      markets: ['default'],
      firstOrderOnly: false,
      endsAt: null,
      active: true,
      timesUsed: 0,
      status: 'active',
      codeCount: 1,
    });
    const [stored] = await testDb().select().from(promotions).where(eq(promotions.id, promotion.id));
    expect(stored!.percentageBps).toBe(1500);
    const [code] = await testDb().select().from(promotionCodes).where(eq(promotionCodes.promotionId, promotion.id));
    expect(code).toMatchObject({ code: 'VERANO15', usageLimit: 100, timesUsed: 0 });

    const read = await countRoundTrips(() => call('GET', `/promotions/${promotion.id}`));
    expect(read.requests).toBe(1);
    expect(await read.result.json()).toEqual(promotion);

    const changed = await countRoundTrips(() =>
      call('PATCH', `/promotions/${promotion.id}`, { percentage: 12.5, active: false, usageLimit: null }),
    );
    expect(changed.result.status, await changed.result.clone().text()).toBe(200);
    expect(changed.requests).toBe(1);
    expect(await changed.result.json()).toMatchObject({
      percentage: 12.5,
      active: false,
      usageLimit: null,
      status: 'inactive',
    });

    const automatic = await create(call, {
      name: 'Envío gratis',
      method: 'automatic',
      type: 'free_shipping',
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(automatic).toMatchObject({ status: 'scheduled', codeCount: 0, percentage: null });
    const fixed = await create(call, {
      name: 'Dos mil menos',
      method: 'code',
      type: 'fixed_amount',
      amounts: { ARS: 200_000, USD: 200 },
      startsAt: '2020-01-01T00:00:00Z',
      endsAt: '2020-02-01T00:00:00Z',
    });
    expect(fixed).toMatchObject({ status: 'ended', amounts: { ARS: 200_000, USD: 200 } });

    const list = await countRoundTrips(() => call('GET', '/promotions?limit=2'));
    expect(list.requests).toBe(1);
    const firstPage = await list.result.json<{ data: Promotion[]; nextCursor: string | null }>();
    expect(firstPage.data.map((row) => row.id)).toEqual([fixed.id, automatic.id]);
    expect(firstPage.nextCursor).not.toBeNull();
    expect(await listNames(call, `?cursor=${firstPage.nextCursor}`)).toEqual([SUMMER.name]);
    expect(await listNames(call, '?method=automatic')).toEqual(['Envío gratis']);
    expect(await listNames(call, '?type=fixed_amount')).toEqual(['Dos mil menos']);
    expect(await listNames(call, '?active=false')).toEqual([SUMMER.name]);
    expect(await listNames(call, '?q=GRATIS')).toEqual(['Envío gratis']);
    expect(await listNames(call, '?code=verano15')).toEqual([SUMMER.name]);
    expect(await listNames(call, '?code=OTRO-CODIGO')).toEqual([]);

    const deleted = await countRoundTrips(() => call('DELETE', `/promotions/${promotion.id}`));
    expect(deleted.result.status).toBe(204);
    expect(deleted.requests).toBe(1);
    expect((await call('GET', `/promotions/${promotion.id}`)).status).toBe(404);
    expect((await call('DELETE', `/promotions/${promotion.id}`)).status).toBe(404);
    expect(await testDb().select().from(promotionCodes).where(eq(promotionCodes.id, code!.id))).toEqual([]);

    const audit = await auditActions(catalog.storeId, promotion.id);
    expect(audit.map((row) => row.action)).toEqual(['promotion.created', 'promotion.updated', 'promotion.deleted']);
    expect(audit[1]).toMatchObject({
      before: { percentage: 15, active: true, usageLimit: 500 },
      after: { percentage: 12.5, active: false, usageLimit: null },
    });
    expect((await auditActions(catalog.storeId, code!.id)).map((row) => row.action)).toEqual([
      'promotion_code.created',
    ]);
  });

  it('refuses a bad value of every field with a 422, writing nothing', async () => {
    const catalog = await createCatalogStore();
    const other = await createCatalogStore();
    const call = await ownerOf(catalog);
    const valid = { name: 'Promo', method: 'code', type: 'free_shipping' };
    const percent = { ...valid, type: 'percentage', percentage: 10 };
    const fixed = { ...valid, type: 'fixed_amount', amounts: { ARS: 100 } };
    const manyIds = Array.from({ length: 501 }, () => crypto.randomUUID());
    const manyCurrencies = Object.fromEntries(
      Array.from({ length: 51 }, (_, n) => [
        `A${String.fromCharCode(65 + (n % 26))}${String.fromCharCode(65 + Math.floor(n / 26))}`,
        1,
      ]),
    );
    const bad: Record<string, unknown>[] = [
      {},
      { ...valid, name: '' },
      { ...valid, name: '   ' },
      { ...valid, name: 'x'.repeat(201) },
      { ...valid, name: 7 },
      { ...valid, description: '' },
      { ...valid, description: 'x'.repeat(2001) },
      { ...valid, method: 'manual' },
      { ...valid, method: undefined },
      { ...valid, type: 'bogo' },
      { ...valid, type: 'percentage' },
      { ...percent, percentage: 0 },
      { ...percent, percentage: 0.001 },
      { ...percent, percentage: 12.345 },
      { ...percent, percentage: 100.01 },
      { ...percent, percentage: -5 },
      { ...percent, percentage: '10' },
      { ...valid, percentage: 10 },
      { ...fixed, percentage: 10 },
      { ...valid, type: 'fixed_amount' },
      { ...fixed, amounts: {} },
      { ...fixed, amounts: { ars: 100 } },
      { ...fixed, amounts: { ARS: 0 } },
      { ...fixed, amounts: { ARS: -1 } },
      { ...fixed, amounts: { ARS: 1.5 } },
      { ...fixed, amounts: { ARS: 1e12 } },
      { ...fixed, amounts: { ARS: '100' } },
      { ...fixed, amounts: [100] },
      { ...fixed, amounts: manyCurrencies },
      { ...percent, amounts: { ARS: 100 } },
      { ...valid, minSubtotals: { ARS: 0 } },
      { ...valid, minSubtotals: { EURO: 10 } },
      { ...valid, productIds: ['not-a-uuid'] },
      { ...valid, productIds: manyIds },
      { ...valid, productIds: [catalog.products[0]!.id, catalog.products[0]!.id] },
      { ...valid, productIds: [catalog.products[0]!.id, catalog.products[0]!.id!.toUpperCase()] },
      { ...valid, categoryIds: 'x' },
      { ...valid, firstOrderOnly: 'yes' },
      { ...valid, customerSegments: ['gold'] },
      { ...valid, customerSegments: ['new', 'new'] },
      { ...valid, markets: ['Uruguay'] },
      { ...valid, markets: [''] },
      { ...valid, markets: ['x'.repeat(33)] },
      { ...valid, startsAt: 'tomorrow' },
      { ...valid, startsAt: '2026-12-01T00:00:00' },
      { ...valid, endsAt: '2020-01-01T00:00:00Z' },
      { ...valid, startsAt: '2027-01-02T00:00:00Z', endsAt: '2027-01-01T00:00:00Z' },
      { ...valid, startsAt: '2027-01-01T00:00:00Z', endsAt: '2027-01-01T00:00:00Z' },
      { ...valid, usageLimit: 0 },
      { ...valid, usageLimit: 1.5 },
      { ...valid, usageLimit: 2 ** 31 },
      { ...valid, usageLimitPerCustomer: 0 },
      { ...valid, active: 'true' },
      { ...valid, code: 'AB' },
      { ...valid, code: 'VERANO 15' },
      { ...valid, code: '-VERANO' },
      { ...valid, code: 'x'.repeat(41) },
      { ...valid, code: 'x'.repeat(5_000) },
      { ...valid, method: 'automatic', code: 'VERANO15' },
      { ...valid, codeUsageLimit: 5 },
      { ...valid, code: 'VERANO15', codeUsageLimit: 0 },
      { ...valid, timesUsed: 3 },
      { ...valid, storeId: other.storeId },
    ];
    for (const body of bad) {
      const response = await call('POST', '/promotions', body);
      expect(response.status, JSON.stringify(body).slice(0, 200)).toBe(422);
      expect((await response.json<Problem>()).code).toBe('validation_failed');
    }

    // Ids and markets the store does not have: a 422 naming the first one's place.
    await testDb()
      .insert(markets)
      .values({ storeId: catalog.storeId, code: 'uruguay', name: 'Uruguay', currency: 'UYU', active: false });
    const refusals: [Record<string, unknown>, string][] = [
      [{ ...valid, productIds: [catalog.products[0]!.id, other.products[0]!.id] }, 'productIds[1]'],
      [{ ...valid, productIds: [crypto.randomUUID()] }, 'productIds[0]'],
      [{ ...valid, categoryIds: [other.categories[0]!.id] }, 'categoryIds[0]'],
      [{ ...valid, markets: ['default', 'uruguay', 'chile'] }, 'markets[2]'],
    ];
    for (const [body, path] of refusals) {
      const response = await call('POST', '/promotions', body);
      expect(response.status, JSON.stringify(body)).toBe(422);
      expect((await response.json<Problem>()).errors?.[0]?.path).toBe(path);
    }
    expect(await promotionCount(catalog.storeId)).toBe(0);
    // An inactive market of the store is a market still.
    await create(call, { ...valid, markets: ['default', 'uruguay'] });
  });

  it('keeps method and type, checks changes against the stored type and the uses so far', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const fixed = await create(call, {
      name: 'Fijo',
      method: 'code',
      type: 'fixed_amount',
      amounts: { ARS: 100 },
      startsAt: '2030-01-01T00:00:00Z',
      usageLimit: 10,
    });
    const before = await testDb().select().from(promotions).where(eq(promotions.id, fixed.id));
    const bad: Record<string, unknown>[] = [
      {},
      { method: 'automatic' },
      { type: 'percentage' },
      { percentage: 10 },
      { amounts: {} },
      { endsAt: '2029-12-31T00:00:00Z' },
      { startsAt: '2031-01-01T00:00:00Z', endsAt: '2030-06-01T00:00:00Z' },
      { name: null },
      { startsAt: null },
      { code: 'NUEVO' },
      { codeCount: 3 },
      { timesUsed: 0 },
    ];
    for (const body of bad) {
      const response = await call('PATCH', `/promotions/${fixed.id}`, body);
      expect(response.status, JSON.stringify(body)).toBe(422);
    }
    const percent = await create(call, { name: 'Pct', method: 'automatic', type: 'percentage', percentage: 5 });
    expect((await call('PATCH', `/promotions/${percent.id}`, { amounts: { ARS: 5 } })).status).toBe(422);
    // Moving the start past the stored end.
    await call('PATCH', `/promotions/${fixed.id}`, { endsAt: '2030-02-01T00:00:00Z' });
    const late = await call('PATCH', `/promotions/${fixed.id}`, { startsAt: '2030-03-01T00:00:00Z' });
    expect(late.status).toBe(422);
    expect((await late.json<Problem>()).errors?.[0]?.path).toBe('startsAt');

    const stranger = await createCatalogStore();
    const foreign = await call('PATCH', `/promotions/${fixed.id}`, { productIds: [stranger.products[0]!.id] });
    expect(foreign.status).toBe(422);
    expect((await foreign.json<Problem>()).errors?.[0]?.path).toBe('productIds[0]');
    const unknownMarket = await call('PATCH', `/promotions/${fixed.id}`, { markets: ['mars'] });
    expect((await unknownMarket.json<Problem>()).errors?.[0]?.path).toBe('markets[0]');

    await testDb().update(promotions).set({ timesUsed: 4 }).where(eq(promotions.id, fixed.id));
    const below = await call('PATCH', `/promotions/${fixed.id}`, { usageLimit: 3 });
    expect(below.status).toBe(409);
    expect((await below.json<Problem>()).errors?.[0]?.path).toBe('usageLimit');
    const atUses = await call('PATCH', `/promotions/${fixed.id}`, { usageLimit: 4 });
    expect(await atUses.json()).toMatchObject({ usageLimit: 4, timesUsed: 4, status: 'used_up' });
    const [after] = await testDb().select().from(promotions).where(eq(promotions.id, fixed.id));
    expect(after).toMatchObject({
      ...before[0],
      endsAt: after!.endsAt,
      usageLimit: 4,
      timesUsed: 4,
      updatedAt: after!.updatedAt,
    });
  });

  it('names the field of a NUL character or a year the database cannot hold, on every operation, changing nothing', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const promotion = await create(call, { ...SUMMER, code: 'NUL-FREE' });
    const before = await call('GET', `/promotions/${promotion.id}`).then((r) => r.text());
    const valid = { name: 'Promo', method: 'code', type: 'free_shipping' };
    const refusals: [string, string, unknown, string][] = [
      ['POST', '/promotions', { ...valid, name: 'Pro\u0000mo' }, 'name'],
      ['POST', '/promotions', { ...valid, description: 'a\u0000b' }, 'description'],
      ['POST', '/promotions', { ...valid, startsAt: '0000-01-01T00:00:00Z' }, 'startsAt'],
      ['POST', '/promotions', { ...valid, startsAt: '0001-01-01T00:00:00+01:00' }, 'startsAt'],
      ['POST', '/promotions', { ...valid, endsAt: '0000-06-01T00:00:00Z' }, 'endsAt'],
      ['PATCH', `/promotions/${promotion.id}`, { name: '\u0000' }, 'name'],
      ['PATCH', `/promotions/${promotion.id}`, { description: 'a\u0000' }, 'description'],
      ['PATCH', `/promotions/${promotion.id}`, { endsAt: '0000-01-01T00:00:00Z' }, 'endsAt'],
      ['GET', '/promotions?q=a%00b', undefined, 'q'],
      ['GET', `/promotions/${promotion.id}/codes?q=NUL%00`, undefined, 'q'],
      ['GET', `/promotions/${promotion.id}/usage?from=0000-01-01T00:00:00Z`, undefined, 'from'],
    ];
    for (const [method, path, body, field] of refusals) {
      await expectProblem(await call(method, path, body), 422, 'validation_failed', field);
    }
    expect(await call('GET', `/promotions/${promotion.id}`).then((r) => r.text())).toBe(before);
    expect(await promotionCount(catalog.storeId)).toBe(2);
  });

  it('answers 404 for another store’s promotions and codes, 403 for staff and keys without the scope', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const promotion = await create(call, { ...SUMMER, code: 'MINE-1' });
    const [code] = await testDb().select().from(promotionCodes).where(eq(promotionCodes.promotionId, promotion.id));
    const stranger = await ownerOf(await createCatalogStore());
    const paths: [string, string, unknown?][] = [
      ['GET', `/promotions/${promotion.id}`],
      ['PATCH', `/promotions/${promotion.id}`, { name: 'Mía' }],
      ['DELETE', `/promotions/${promotion.id}`],
      ['GET', `/promotions/${promotion.id}/usage`],
      ['GET', `/promotions/${promotion.id}/codes`],
      ['POST', `/promotions/${promotion.id}/codes`, { code: 'THEIRS-1' }],
      ['POST', `/promotions/${promotion.id}/codes/batch`, { count: 2 }],
      ['DELETE', `/promotions/${promotion.id}/codes/${code!.id}`],
    ];
    for (const [method, path, body] of paths) {
      const response = await stranger(method, path, body);
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    expect(await listNames(stranger, '?code=MINE-1')).toEqual([]);
    expect(await call('GET', `/promotions/${promotion.id}`).then((r) => r.json())).toMatchObject({
      name: SUMMER.name,
      codeCount: 1,
    });

    const team = await createStoreWithTeam();
    const staff = adminCaller(team.store.slug, team.tokens.staff);
    expect((await staff('GET', '/promotions')).status).toBe(403);
    expect((await staff('POST', '/promotions', SUMMER)).status).toBe(403);
    const admin = adminCaller(team.store.slug, team.tokens.admin);
    expect((await admin('POST', '/promotions', SUMMER)).status).toBe(201);
    const catalogKey = await createTestApiKey(team.store, ['catalog:read', 'catalog:write']);
    const noScope = adminCaller(team.store.slug, catalogKey.secret);
    expect((await noScope('GET', '/promotions')).status).toBe(403);
    const readKey = await createTestApiKey(team.store, ['promotions:read']);
    const reader = adminCaller(team.store.slug, readKey.secret);
    expect((await reader('GET', '/promotions')).status).toBe(200);
    expect((await reader('POST', '/promotions', SUMMER)).status).toBe(403);
    const writeKey = await createTestApiKey(team.store, ['promotions:write', 'promotions:read']);
    expect((await adminCaller(team.store.slug, writeKey.secret)('POST', '/promotions', SUMMER)).status).toBe(201);
  });
});

describe('admin promotion codes', () => {
  it('adds, lists, deletes codes: upper case, unique in the store, none for automatic promotions', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const promotion = await create(call, SUMMER);
    const another = await create(call, { ...SUMMER, name: 'Otra', code: 'TAKEN-1' });
    const automatic = await create(call, { name: 'Auto', method: 'automatic', type: 'free_shipping' });

    const added = await countRoundTrips(() =>
      call('POST', `/promotions/${promotion.id}/codes`, { code: ' summer-1 ', usageLimit: 5 }),
    );
    expect(added.result.status, await added.result.clone().text()).toBe(201);
    expect(added.requests).toBe(1);
    const code = await added.result.json<Code>();
    expect(code).toMatchObject({ promotionId: promotion.id, code: 'SUMMER-1', usageLimit: 5, timesUsed: 0 });
    await call('POST', `/promotions/${promotion.id}/codes`, { code: 'WINTER_2' });

    for (const taken of ['taken-1', 'SUMMER-1']) {
      const response = await call('POST', `/promotions/${promotion.id}/codes`, { code: taken });
      expect(response.status).toBe(409);
      expect((await response.json<Problem>()).errors?.[0]?.path).toBe('code');
    }
    const takenAtCreation = await call('POST', '/promotions', { ...SUMMER, code: 'Summer-1' });
    expect(takenAtCreation.status).toBe(409);
    expect((await call('POST', `/promotions/${automatic.id}/codes`, { code: 'AUTO-1' })).status).toBe(409);
    expect((await call('POST', `/promotions/${automatic.id}/codes/batch`, { count: 3 })).status).toBe(409);
    for (const body of [
      {},
      { code: 'ab' },
      { code: 'ÑANDÚ' },
      { code: 'OK-CODE', usageLimit: 0 },
      { code: 'OK-CODE', extra: 1 },
    ]) {
      expect((await call('POST', `/promotions/${promotion.id}/codes`, body)).status, JSON.stringify(body)).toBe(422);
    }
    expect(await promotionCount(catalog.storeId)).toBe(3 + 3);

    const list = await countRoundTrips(() => call('GET', `/promotions/${promotion.id}/codes?q=sum`));
    expect(list.requests).toBe(1);
    expect((await list.result.json<{ data: Code[] }>()).data.map((row) => row.code)).toEqual(['SUMMER-1']);
    const all = await (await call('GET', `/promotions/${promotion.id}/codes?limit=1`)).json<{
      data: Code[];
      nextCursor: string;
    }>();
    expect(all.data.map((row) => row.code)).toEqual(['WINTER_2']);
    const next = await (await call('GET', `/promotions/${promotion.id}/codes?cursor=${all.nextCursor}`)).json<{
      data: Code[];
    }>();
    expect(next.data.map((row) => row.code)).toEqual(['SUMMER-1']);
    expect((await call('GET', `/promotions/${crypto.randomUUID()}/codes`)).status).toBe(404);
    // Another promotion's code is not this one's.
    const [anotherCode] = await testDb()
      .select()
      .from(promotionCodes)
      .where(eq(promotionCodes.promotionId, another.id));
    expect((await call('DELETE', `/promotions/${promotion.id}/codes/${anotherCode!.id}`)).status).toBe(404);

    await testDb().update(promotionCodes).set({ timesUsed: 1 }).where(eq(promotionCodes.id, anotherCode!.id));
    const redeemed = await call('DELETE', `/promotions/${another.id}/codes/${anotherCode!.id}`);
    expect(redeemed.status).toBe(409);

    const deleted = await countRoundTrips(() => call('DELETE', `/promotions/${promotion.id}/codes/${code.id}`));
    expect(deleted.result.status).toBe(204);
    expect(deleted.requests).toBe(1);
    expect((await auditActions(catalog.storeId, code.id)).map((row) => row.action)).toEqual([
      'promotion_code.created',
      'promotion_code.deleted',
    ]);
  });

  it('makes 1000 distinct single-use codes in one round trip', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const promotion = await create(call, SUMMER);
    const made = await countRoundTrips(() =>
      call('POST', `/promotions/${promotion.id}/codes/batch`, { count: 1000, prefix: 'bf-' }),
    );
    expect(made.result.status, await made.result.clone().text()).toBe(201);
    expect(made.requests).toBe(1);
    const codes = (await made.result.json<{ data: Code[] }>()).data;
    expect(codes).toHaveLength(1000);
    expect(new Set(codes.map((row) => row.code)).size).toBe(1000);
    for (const row of codes) {
      expect(row.code).toMatch(/^BF-[2-9A-HJ-NP-Z]{10}$/);
      expect(row).toMatchObject({ usageLimit: 1, timesUsed: 0, promotionId: promotion.id });
    }
    const stored = await testDb().select().from(promotionCodes).where(eq(promotionCodes.promotionId, promotion.id));
    expect(stored).toHaveLength(1000);
    expect(stored.every((row) => row.usageLimit === 1)).toBe(true);

    const short = await (await call('POST', `/promotions/${promotion.id}/codes/batch`, { count: 3, length: 16 })).json<{
      data: Code[];
    }>();
    expect(short.data.map((row) => row.code.length)).toEqual([16, 16, 16]);
    expect((await call('GET', `/promotions/${promotion.id}`).then((r) => r.json<Promotion>())).codeCount).toBe(1003);
    const audit = await auditActions(catalog.storeId, promotion.id);
    expect(audit.map((row) => row.action)).toEqual([
      'promotion.created',
      'promotion_code.generated',
      'promotion_code.generated',
    ]);
    expect(audit[1]!.after).toMatchObject({ count: 1000 });

    for (const body of [
      { count: 0 },
      { count: 1001 },
      { count: 1.5 },
      { count: 5, length: 7 },
      { count: 5, length: 17 },
      { count: 5, prefix: '' },
      { count: 5, prefix: 'ABCDEFGHIJKLM' },
      { count: 5, prefix: '-BF' },
      { count: 5, prefix: 'B F' },
      { count: 5, usageLimit: 2 },
    ]) {
      expect((await call('POST', `/promotions/${promotion.id}/codes/batch`, body)).status, JSON.stringify(body)).toBe(
        422,
      );
    }
    expect(await promotionCount(catalog.storeId)).toBe(1 + 1003);
  });
});

describe('promotion usage report', () => {
  it('sums redemptions per currency, per code and per day in the store’s timezone', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const db = testDb();
    await db.update(stores).set({ timezone: 'America/Argentina/Buenos_Aires' }).where(eq(stores.id, catalog.storeId));
    const promotion = await create(call, { ...SUMMER, code: 'USED-1' });
    await call('POST', `/promotions/${promotion.id}/codes`, { code: 'UNUSED-1' });
    const [used] = await db.select().from(promotionCodes).where(eq(promotionCodes.code, 'USED-1'));

    const empty = await (await call('GET', `/promotions/${promotion.id}/usage`)).json();
    expect(empty).toEqual({
      promotionId: promotion.id,
      timesUsed: 0,
      usageLimit: 500,
      orders: 0,
      currencies: [],
      codes: { total: 2, used: 0 },
      firstRedemptionAt: null,
      lastRedemptionAt: null,
      days: [],
    });

    const orders = await Promise.all([1, 2, 3].map(() => placeOrder(catalog, [['BAL-HOE-NEG-M', 1]])));
    const redemption = (order: number, currency: string, amount: number, shippingAmount: number, at: string) => ({
      storeId: catalog.storeId,
      promotionId: promotion.id,
      codeId: used!.id,
      code: 'USED-1',
      orderId: orders[order]!.id,
      currency,
      amount,
      shippingAmount,
      createdAt: new Date(at),
    });
    await db.insert(promotionRedemptions).values([
      // 23:30 in Buenos Aires on the 9th.
      redemption(0, 'ARS', 825_000, 0, '2026-11-10T02:30:00Z'),
      redemption(1, 'ARS', 500_000, 150_000, '2026-11-10T15:00:00Z'),
      redemption(2, 'USD', 1_250, 0, '2026-11-10T16:00:00Z'),
    ]);
    await db.update(promotions).set({ timesUsed: 3 }).where(eq(promotions.id, promotion.id));
    await db.update(promotionCodes).set({ timesUsed: 3 }).where(eq(promotionCodes.id, used!.id));

    const report = await countRoundTrips(() => call('GET', `/promotions/${promotion.id}/usage`));
    expect(report.requests).toBe(1);
    const usage = await report.result.json<Record<string, unknown>>();
    expect(usage).toMatchObject({
      timesUsed: 3,
      usageLimit: 500,
      orders: 3,
      currencies: [
        { currency: 'ARS', orders: 2, discount: 1_325_000, shippingWaived: 150_000 },
        { currency: 'USD', orders: 1, discount: 1_250, shippingWaived: 0 },
      ],
      codes: { total: 2, used: 1 },
      days: [
        { date: '2026-11-09', orders: 1, discount: { ARS: 825_000 } },
        { date: '2026-11-10', orders: 2, discount: { ARS: 500_000, USD: 1_250 } },
      ],
    });
    expect(Date.parse(usage.firstRedemptionAt as string)).toBe(Date.parse('2026-11-10T02:30:00Z'));
    expect(Date.parse(usage.lastRedemptionAt as string)).toBe(Date.parse('2026-11-10T16:00:00Z'));

    const narrowed = await (
      await call('GET', `/promotions/${promotion.id}/usage?from=2026-11-10T03:00:00Z&to=2026-11-10T15:30:00Z`)
    ).json();
    expect(narrowed).toMatchObject({
      orders: 1,
      timesUsed: 3,
      currencies: [{ currency: 'ARS', orders: 1, discount: 500_000, shippingWaived: 150_000 }],
      days: [{ date: '2026-11-10', orders: 1, discount: { ARS: 500_000 } }],
    });
    for (const query of ['?from=yesterday', '?from=2026-11-11T00:00:00Z&to=2026-11-10T00:00:00Z', '?other=1']) {
      expect((await call('GET', `/promotions/${promotion.id}/usage${query}`)).status, query).toBe(422);
    }
    expect((await call('GET', `/promotions/${crypto.randomUUID()}/usage`)).status).toBe(404);

    // Redeemed: not deleted, neither it nor its code.
    const refused = await call('DELETE', `/promotions/${promotion.id}`);
    expect(refused.status).toBe(409);
    expect((await refused.json<Problem>()).detail).toContain('deactivate');
    expect((await call('DELETE', `/promotions/${promotion.id}/codes/${used!.id}`)).status).toBe(409);
    expect((await call('GET', `/promotions/${promotion.id}`)).status).toBe(200);
  });
});
