import { env } from 'cloudflare:workers';
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, inventoryMovements, variants } from '../../src/db/schema';
import { uuidv7 } from '../../src/lib/ids';
import { api, countRoundTrips, jsonBody } from '../helpers/api';
import { accessTokenFor, bearer, createTestApiKey } from '../helpers/auth';
import { createCatalogStore, type CatalogStore } from '../helpers/catalog';
import { checkoutBody, postCheckout, stockOf, type PlacedOrder } from '../helpers/checkout';
import { testDb } from '../helpers/stores';

interface Stock {
  variantId: string;
  sku: string;
  onHand: number;
  reserved: number;
  available: number;
  reorderLevel: number;
  lowStock: boolean;
  active: boolean;
  version: number;
}
interface Movement {
  id: string;
  type: string;
  sku: string;
  onHandDelta: number;
  reservedDelta: number;
  onHandBefore: number;
  onHandAfter: number;
  reservedBefore: number;
  reservedAfter: number;
  reason: string | null;
  actorType: string;
  actorId: string | null;
  referenceType: string | null;
  referenceId: string | null;
}
interface Page<T> {
  data: T[];
  nextCursor: string | null;
}
interface Problem {
  code: string;
  detail: string;
  errors?: { path: string }[];
}

/** The store's owner with a user token (the guard then costs no round trip), calling `inventory<path>`. */
async function ownerCall(catalog: CatalogStore) {
  const owner = { id: catalog.owner.id!, email: catalog.owner.email };
  const token = await accessTokenFor(owner, [{ id: catalog.storeId, slug: catalog.slug, role: 'owner' }]);
  return (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    api(`/v1/admin/stores/${catalog.slug}/inventory${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
}

type Call = Awaited<ReturnType<typeof ownerCall>>;

/** Every row of a cursor-paginated list, following nextCursor. */
async function allPages<T>(call: Call, path: string, limit: number): Promise<T[]> {
  const rows: T[] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const response = await call('GET', `${path}${separator}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(response.status, await response.clone().text()).toBe(200);
    const page: Page<T> = await response.json();
    rows.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor);
  return rows;
}

/** What an adjustment must leave alone when it is refused: stock, ledger and audit log. */
async function footprint(variantId: string) {
  const audited = await testDb()
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(and(eq(auditLog.entityId, variantId), eq(auditLog.action, 'inventory.adjusted')));
  const [row] = await testDb().select({ version: variants.version }).from(variants).where(eq(variants.id, variantId));
  return { ...(await stockOf(variantId)), version: row!.version, audited: audited.length };
}

describe('admin inventory: reading stock', () => {
  it('lists every variant’s stock, page by page, with filters', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerCall(catalog);
    const all = await allPages<Stock>(call, '', 8);
    expect(all).toHaveLength(21);
    expect(new Set(all.map((row) => row.variantId)).size).toBe(21);
    expect(all.find((row) => row.sku === 'BAL-HOE-GOS-L')).toMatchObject({
      productName: 'Hoodie Oversize Essential',
      variantLabel: 'L / Gris Oscuro',
      onHand: 2,
      reserved: 0,
      available: 2,
      reorderLevel: 3,
      lowStock: true,
      active: true,
      version: 1,
    });

    const hoodie = catalog.product('hoodie-oversize-essential');
    const ofProduct = await (await call('GET', `?productId=${hoodie.id}`)).json<Page<Stock>>();
    expect(ofProduct.data.map((row) => row.sku).sort()).toEqual(['BAL-HOE-GOS-L', 'BAL-HOE-NEG-L', 'BAL-HOE-NEG-M']);
    const byPrefix = await (await call('GET', '?q=BAL-HZU')).json<Page<Stock>>();
    expect(byPrefix.data.map((row) => row.sku).sort()).toEqual(['BAL-HZU-NEG-L', 'BAL-HZU-NEG-XXL']);
    // LIKE's wildcards in q are plain characters.
    expect((await (await call('GET', '?q=BAL_H%25')).json<Page<Stock>>()).data).toEqual([]);

    const low = await (await call('GET', '?lowStock=true&limit=100')).json<Page<Stock>>();
    const notLow = await (await call('GET', '?lowStock=false&limit=100')).json<Page<Stock>>();
    expect(low.data.every((row) => row.lowStock)).toBe(true);
    expect(notLow.data.every((row) => !row.lowStock)).toBe(true);
    expect(low.data.length + notLow.data.length).toBe(21);

    const { result, requests } = await countRoundTrips(() => call('GET', '?limit=5'));
    expect(result.status).toBe(200);
    expect(requests).toBe(1);
    expect((await call('GET', '?lowStock=maybe')).status).toBe(422);
    expect((await call('GET', '?productId=not-an-id')).status).toBe(422);
  });

  it('reports low stock: active variants at or below their reorder level, the most short first', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerCall(catalog);
    // 5 on hand against a reorder level of 10 is the shortest of all, though not sold out.
    await testDb()
      .update(variants)
      .set({ reorderLevel: 10 })
      .where(eq(variants.id, catalog.variant('BAL-RLB-BEI-M').id!));
    // An inactive variant is not sold: not in the report, whatever its stock.
    await testDb()
      .update(variants)
      .set({ active: false })
      .where(eq(variants.id, catalog.variant('BAL-ROL-GOS-XL').id!));

    const { result, requests } = await countRoundTrips(() => call('GET', '/low-stock?limit=100'));
    expect(requests).toBe(1);
    const report = await result.json<Page<Stock>>();
    expect(report.nextCursor).toBeNull();
    const margins = Object.fromEntries(report.data.map((row) => [row.sku, row.available - row.reorderLevel]));
    expect(margins).toEqual({
      'BAL-RLB-BEI-M': -5,
      'BAL-BBA-BLA-S': -3,
      'BAL-HCC-VER-XL': -3,
      'BAL-HZU-NEG-XXL': -3,
      'BAL-BCR-AZU-L': -2,
      'BAL-HOE-GOS-L': -1,
      'BAL-RPA-NEG-L': -1,
      'BAL-BCB-BLA-M': 0,
    });
    // Most short first; equal shortfalls in id order.
    const order = (row: Stock) => [row.available - row.reorderLevel, row.variantId] as const;
    const sorted = [...report.data].sort((a, b) => order(a)[0] - order(b)[0] || (order(a)[1] < order(b)[1] ? -1 : 1));
    expect(report.data.map((row) => row.sku)).toEqual(sorted.map((row) => row.sku));
    expect(report.data[0]!.sku).toBe('BAL-RLB-BEI-M');
    expect(report.data.every((row) => row.lowStock && row.active)).toBe(true);

    // Page by page, the same rows in the same order.
    const paged = await allPages<Stock>(call, '/low-stock', 3);
    expect(paged.map((row) => row.variantId)).toEqual(report.data.map((row) => row.variantId));
    // A cursor of another list is refused.
    const stockPage = await (await call('GET', '?limit=1')).json<Page<Stock>>();
    expect((await call('GET', `/low-stock?cursor=${stockPage.nextCursor}`)).status).toBe(400);
  });

  it('answers one variant’s stock with its version as ETag, and 404 for another store’s or an unknown one', async () => {
    const catalog = await createCatalogStore();
    const other = await createCatalogStore();
    const call = await ownerCall(catalog);
    const variant = catalog.variant('BAL-HOE-NEG-M');
    const { result: read, requests } = await countRoundTrips(() => call('GET', `/${variant.id}`));
    expect(requests).toBe(1);
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('"1"');
    expect(await read.json<Stock>()).toMatchObject({
      variantId: variant.id,
      sku: 'BAL-HOE-NEG-M',
      onHand: 12,
      available: 12,
      version: 1,
    });
    expect((await call('GET', `/${other.variant('BAL-HOE-NEG-M').id}`)).status).toBe(404);
    expect((await call('GET', `/${uuidv7()}`)).status).toBe(404);
    expect((await call('GET', '/not-a-uuid')).status).toBe(422);
  });
});

describe('admin inventory: adjustments', () => {
  it('applies each type in one round trip, writing a movement with before and after and an audit row', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerCall(catalog);
    const variant = catalog.variant('BAL-HOE-NEG-M'); // 12 on hand

    const steps: [Record<string, unknown>, number, number][] = [
      [{ type: 'inbound', quantity: 10, reason: 'Delivery 42' }, 10, 22],
      [{ type: 'outbound', quantity: 3, reason: 'Damaged in store' }, -3, 19],
      [{ type: 'return', quantity: 1, reason: 'Customer return, resellable' }, 1, 20],
      [{ type: 'adjustment', quantity: -5, reason: 'Stock count' }, -5, 15],
      [{ type: 'adjustment', quantity: 2, reason: 'Stock count, found two' }, 2, 17],
    ];
    let version = 1;
    for (const [body, delta, after] of steps) {
      const { result: response, requests } = await countRoundTrips(() =>
        call('POST', `/${variant.id}/adjustments`, body, { 'if-match': `"${version}"` }),
      );
      expect(response.status, await response.clone().text()).toBe(201);
      expect(requests).toBe(1);
      version += 1;
      expect(response.headers.get('etag')).toBe(`"${version}"`);
      const { stock, movement } = await response.json<{ stock: Stock; movement: Movement }>();
      expect(stock).toMatchObject({ variantId: variant.id, onHand: after, reserved: 0, available: after, version });
      expect(movement).toMatchObject({
        type: body.type,
        sku: 'BAL-HOE-NEG-M',
        onHandDelta: delta,
        reservedDelta: 0,
        onHandBefore: after - delta,
        onHandAfter: after,
        reservedBefore: 0,
        reservedAfter: 0,
        referenceType: 'adjustment',
        referenceId: null,
        reason: body.reason,
        actorType: 'user',
        actorId: catalog.owner.id,
      });
    }
    // The body's version works as well as If-Match, and both may be sent when they agree.
    expect(
      (await call('POST', `/${variant.id}/adjustments`, { type: 'inbound', quantity: 1, reason: 'Found one', version }))
        .status,
    ).toBe(201);
    version += 1;
    const both = await call(
      'POST',
      `/${variant.id}/adjustments`,
      { type: 'inbound', quantity: 1, reason: 'Found another', version },
      { 'if-match': `"${version}"` },
    );
    expect(both.status).toBe(201);
    expect(await stockOf(variant.id!)).toEqual({ onHand: 19, reserved: 0, movements: 8 });

    const audited = await testDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, variant.id!), eq(auditLog.action, 'inventory.adjusted')));
    expect(audited).toHaveLength(7);
    expect(audited.find((row) => (row.after as { reason: string }).reason === 'Delivery 42')).toMatchObject({
      actorType: 'user',
      actorId: catalog.owner.id,
      entityType: 'variant',
      before: { onHand: 12, reserved: 0, version: 1 },
      after: { onHand: 22, reserved: 0, version: 2, type: 'inbound', quantity: 10 },
    });
    const reconciliation = await (await call('GET', '/reconciliation')).json<{
      reconciled: boolean;
      variants: number;
    }>();
    expect(reconciliation).toMatchObject({ reconciled: true, variants: 21 });
  });

  it('refuses a stale version (409), a missing one (428), versions that disagree (422), and stock below what is reserved (409), writing nothing', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerCall(catalog);
    const variant = catalog.variant('BAL-HOE-GOS-L'); // 2 on hand
    const order = await (
      await postCheckout(catalog.slug, checkoutBody(catalog, { items: [{ variantId: variant.id, quantity: 2 }] }))
    ).json<PlacedOrder>();
    expect(order.status).toBe('pending_payment');
    // Reserving stock leaves the version alone: it guards what staff change.
    expect(
      (
        await call('POST', `/${variant.id}/adjustments`, {
          type: 'inbound',
          quantity: 1,
          reason: 'Delivery',
          version: 1,
        })
      ).status,
    ).toBe(201);
    const before = await footprint(variant.id!);
    expect(before).toMatchObject({ onHand: 3, reserved: 2, version: 2 });

    const stale = await call('POST', `/${variant.id}/adjustments`, {
      type: 'inbound',
      quantity: 1,
      reason: 'x',
      version: 1,
    });
    expect(stale.status).toBe(409);
    const staleProblem = await stale.json<Problem>();
    expect(staleProblem).toMatchObject({ code: 'conflict', errors: [{ path: 'version' }] });
    expect(staleProblem.detail).toContain('it is at 2');

    const missing = await call('POST', `/${variant.id}/adjustments`, { type: 'inbound', quantity: 1, reason: 'x' });
    expect(missing.status).toBe(428);
    expect(missing.headers.get('content-type')).toBe('application/problem+json');
    expect((await missing.json<Problem>()).code).toBe('precondition_required');

    const disagree = await call(
      'POST',
      `/${variant.id}/adjustments`,
      { type: 'inbound', quantity: 1, reason: 'x', version: 2 },
      { 'if-match': '"3"' },
    );
    expect(disagree.status).toBe(422);
    expect((await disagree.json<Problem>()).code).toBe('validation_failed');

    for (const body of [
      { type: 'outbound', quantity: 2, reason: 'Lost', version: 2 },
      { type: 'adjustment', quantity: -2, reason: 'Count', version: 2 },
      { type: 'adjustment', quantity: -4, reason: 'Count', version: 2 },
    ]) {
      const belowReserved = await call('POST', `/${variant.id}/adjustments`, body);
      expect(belowReserved.status, JSON.stringify(body)).toBe(409);
      const problem = await belowReserved.json<Problem>();
      expect(problem.code).toBe('conflict');
      expect(problem.detail).toContain('reserved');
    }
    expect(await footprint(variant.id!)).toEqual(before);
  });

  it('answers bad adjustments with 422 and another store’s variant with 404, writing nothing', async () => {
    const catalog = await createCatalogStore();
    const other = await createCatalogStore();
    const call = await ownerCall(catalog);
    const variant = catalog.variant('BAL-HOE-NEG-M');
    const before = await footprint(variant.id!);
    const bad = [
      { type: 'inbound', quantity: 0, reason: 'x', version: 1 },
      { type: 'inbound', quantity: -2, reason: 'x', version: 1 },
      { type: 'outbound', quantity: -2, reason: 'x', version: 1 },
      { type: 'return', quantity: 0, reason: 'x', version: 1 },
      { type: 'adjustment', quantity: 0, reason: 'x', version: 1 },
      { type: 'inbound', quantity: 1.5, reason: 'x', version: 1 },
      { type: 'inbound', quantity: '3', reason: 'x', version: 1 },
      { type: 'inbound', quantity: 2_000_000, reason: 'x', version: 1 },
      { type: 'adjustment', quantity: -2_000_000, reason: 'x', version: 1 },
      { type: 'inbound', quantity: 1, version: 1 },
      { type: 'inbound', quantity: 1, reason: '   ', version: 1 },
      { type: 'inbound', quantity: 1, reason: 'x'.repeat(501), version: 1 },
      { type: 'reservation', quantity: 1, reason: 'x', version: 1 },
      { quantity: 1, reason: 'x', version: 1 },
      { type: 'inbound', quantity: 1, reason: 'x', version: 0 },
      { type: 'inbound', quantity: 1, reason: 'x', version: 1e12 },
      { type: 'inbound', quantity: 1, reason: 'x', version: 1, onHand: 5 },
    ];
    for (const body of bad)
      expect((await call('POST', `/${variant.id}/adjustments`, body)).status, JSON.stringify(body)).toBe(422);
    expect(
      (
        await call(
          'POST',
          `/${variant.id}/adjustments`,
          { type: 'inbound', quantity: 1, reason: 'x' },
          { 'if-match': 'soon' },
        )
      ).status,
    ).toBe(422);
    const foreign = other.variant('BAL-HOE-NEG-M');
    const notHere = await call('POST', `/${foreign.id}/adjustments`, {
      type: 'inbound',
      quantity: 1,
      reason: 'x',
      version: 1,
    });
    expect(notHere.status).toBe(404);
    expect((await notHere.json<Problem>()).code).toBe('not_found');
    expect(
      (await call('POST', `/${uuidv7()}/adjustments`, { type: 'inbound', quantity: 1, reason: 'x', version: 1 }))
        .status,
    ).toBe(404);
    expect(await footprint(variant.id!)).toEqual(before);
    expect(await footprint(foreign.id!)).toEqual({ onHand: 12, reserved: 0, movements: 1, version: 1, audited: 0 });
  });

  it('lets exactly one of several adjustments from the same version through', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerCall(catalog);
    const variant = catalog.variant('BAL-HOE-NEG-M'); // 12 on hand
    // On PGlite the batches run one after another; on PostgreSQL (TEST_DATABASE_URL) they really overlap.
    const responses = await Promise.all(
      Array.from({ length: env.TEST_DATABASE_BACKEND === 'postgres' ? 8 : 4 }, (_, index) =>
        call('POST', `/${variant.id}/adjustments`, {
          type: 'inbound',
          quantity: index + 1,
          reason: 'Race',
          version: 1,
        }),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(statuses.length - 1);
    const winner = await responses.find((response) => response.status === 201)!.json<{ movement: Movement }>();
    // The losers are told the version the winner wrote, not the one they started from.
    for (const response of responses.filter((response) => response.status === 409)) {
      expect((await response.json<Problem>()).detail).toContain('it is at 2');
    }
    expect(await footprint(variant.id!)).toEqual({
      onHand: 12 + winner.movement.onHandDelta,
      reserved: 0,
      movements: 2,
      version: 2,
      audited: 1,
    });
  });

  it('takes an API key with the inventory scopes: two round trips, the key and the batch', async () => {
    const catalog = await createCatalogStore();
    const key = await createTestApiKey({ id: catalog.storeId } as Parameters<typeof createTestApiKey>[0], [
      'inventory:read',
      'inventory:write',
    ]);
    const variant = catalog.variant('BAL-HOE-NEG-M');
    const { result, requests } = await countRoundTrips(() =>
      api(
        `/v1/admin/stores/${catalog.slug}/inventory/${variant.id}/adjustments`,
        jsonBody({ type: 'inbound', quantity: 1, reason: 'By key', version: 1 }, bearer(key.secret)),
      ),
    );
    expect(result.status).toBe(201);
    expect(requests).toBe(2);
    expect((await result.json<{ movement: Movement }>()).movement).toMatchObject({
      actorType: 'api_key',
      actorId: key.id,
    });
    const readOnly = await createTestApiKey({ id: catalog.storeId } as Parameters<typeof createTestApiKey>[0], [
      'inventory:read',
    ]);
    const refused = await api(
      `/v1/admin/stores/${catalog.slug}/inventory/${variant.id}/adjustments`,
      jsonBody({ type: 'inbound', quantity: 1, reason: 'By key', version: 2 }, bearer(readOnly.secret)),
    );
    expect(refused.status).toBe(403);
  });
});

describe('admin inventory: the ledger', () => {
  it('lists movements newest first, with filters, including those checkout wrote, page by page', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerCall(catalog);
    const variant = catalog.variant('BAL-RPA-BLA-M'); // 30 on hand
    const order = await (
      await postCheckout(catalog.slug, checkoutBody(catalog, { items: [{ variantId: variant.id, quantity: 4 }] }))
    ).json<PlacedOrder>();
    expect(
      (
        await call('POST', `/${variant.id}/adjustments`, {
          type: 'inbound',
          quantity: 5,
          reason: 'Delivery',
          version: 1,
        })
      ).status,
    ).toBe(201);

    const { result, requests } = await countRoundTrips(() => call('GET', `/movements?variantId=${variant.id}`));
    expect(requests).toBe(1);
    const page = await result.json<Page<Movement>>();
    expect(
      page.data.map((row) => [row.type, row.onHandBefore, row.onHandAfter, row.reservedBefore, row.reservedAfter]),
    ).toEqual([
      ['inbound', 30, 35, 4, 4],
      ['reservation', 30, 30, 0, 4],
      ['inbound', 0, 30, 0, 0],
    ]);
    const byOrder = await (await call('GET', `/movements?referenceId=${order.id}`)).json<Page<Movement>>();
    expect(byOrder.data).toMatchObject([
      { type: 'reservation', reservedDelta: 4, sku: 'BAL-RPA-BLA-M', referenceType: 'order', referenceId: order.id },
    ]);
    const adjustments = await (await call('GET', '/movements?type=adjustment')).json<Page<Movement>>();
    expect(adjustments.data).toEqual([]);

    // 17 opening inbound movements (the 4 sold-out variants have none), the reservation and the delivery: each once, newest first.
    const everything = await allPages<Movement>(call, '/movements', 5);
    expect(everything).toHaveLength(19);
    expect(new Set(everything.map((row) => row.id)).size).toBe(19);
    expect(everything.map((row) => row.id)).toEqual([...everything.map((row) => row.id)].sort().reverse());
    const inbound = await allPages<Movement>(call, '/movements?type=inbound', 4);
    expect(inbound).toHaveLength(18);
    expect(inbound.every((row) => row.type === 'inbound')).toBe(true);
    expect((await call('GET', '/movements?type=sale')).status).toBe(422);
  });

  it('reconciles the seeded catalog, and finds stock changed outside the ledger', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerCall(catalog);
    const variant = catalog.variant('BAL-BBA-NEG-M'); // 25 on hand
    await postCheckout(catalog.slug, checkoutBody(catalog, { items: [{ variantId: variant.id, quantity: 2 }] }));
    const { result, requests } = await countRoundTrips(() => call('GET', '/reconciliation'));
    expect(requests).toBe(1);
    expect(await result.json()).toMatchObject({ variants: 21, reconciled: true, mismatches: [] });

    await testDb()
      .update(variants)
      .set({ onHand: sql`${variants.onHand} + 1` })
      .where(eq(variants.id, variant.id!));
    const report = await (await call('GET', '/reconciliation')).json<{ reconciled: boolean; mismatches: unknown[] }>();
    expect(report.reconciled).toBe(false);
    expect(report.mismatches).toEqual([
      {
        variantId: variant.id,
        sku: 'BAL-BBA-NEG-M',
        onHand: 26,
        ledgerOnHand: 25,
        reserved: 2,
        ledgerReserved: 2,
        activeReservations: 2,
      },
    ]);

    // A movement row lost (reserved no longer matches its ledger, though the reservations still hold it).
    await testDb()
      .delete(inventoryMovements)
      .where(and(eq(inventoryMovements.variantId, variant.id!), eq(inventoryMovements.type, 'reservation')));
    const worse = await (await call('GET', '/reconciliation')).json<{ mismatches: unknown[] }>();
    expect(worse.mismatches).toEqual([
      {
        variantId: variant.id,
        sku: 'BAL-BBA-NEG-M',
        onHand: 26,
        ledgerOnHand: 25,
        reserved: 2,
        ledgerReserved: 0,
        activeReservations: 2,
      },
    ]);
  });
});
