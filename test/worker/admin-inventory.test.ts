import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, variants } from '../../src/db/schema';
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
  version: number;
}
interface Movement {
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
  referenceId: string | null;
}
interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

async function ownerCall(catalog: CatalogStore) {
  const owner = { id: catalog.owner.id!, email: catalog.owner.email };
  const token = await accessTokenFor(owner, [{ id: catalog.storeId, slug: catalog.slug, role: 'owner' }]);
  return (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    api(`/v1/admin/stores/${catalog.slug}/inventory${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
}

describe('admin inventory', () => {
  it('lists stock with filters and pages, and reports low stock', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerCall(catalog);
    const all: Stock[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<Stock> = await (await call('GET', `?limit=8${cursor ? `&cursor=${cursor}` : ''}`)).json();
      all.push(...page.data);
      cursor = page.nextCursor;
    } while (cursor);
    expect(all).toHaveLength(21);
    expect(all.find((row) => row.sku === 'BAL-HOE-GOS-L')).toMatchObject({ onHand: 2, reserved: 0, available: 2, reorderLevel: 3, lowStock: true, version: 1 });

    const hoodie = catalog.product('hoodie-oversize-essential');
    const ofProduct = await (await call('GET', `?productId=${hoodie.id}`)).json<Page<Stock>>();
    expect(ofProduct.data.map((row) => row.sku).sort()).toEqual(['BAL-HOE-GOS-L', 'BAL-HOE-NEG-L', 'BAL-HOE-NEG-M']);
    const byPrefix = await (await call('GET', '?q=BAL-HZU')).json<Page<Stock>>();
    expect(byPrefix.data.map((row) => row.sku).sort()).toEqual(['BAL-HZU-NEG-L', 'BAL-HZU-NEG-XXL']);

    const low = await countRoundTrips(() => call('GET', '/low-stock?limit=100'));
    expect(low.requests).toBe(1);
    const lowSkus = (await low.result.json<Page<Stock>>()).data.map((row) => row.sku).sort();
    const expected = catalog.variants.filter((variant) => (variant.onHand ?? 0) <= (variant.reorderLevel ?? 0)).map((variant) => variant.sku).sort();
    expect(lowSkus).toEqual(expected);
    expect(lowSkus).toContain('BAL-HCC-VER-XL');
  });

  it('adjusts stock in one round trip with each type, writing a movement with before and after', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerCall(catalog);
    const variant = catalog.variant('BAL-HOE-NEG-M'); // 12 on hand
    const read = await call('GET', `/${variant.id}`);
    expect(read.headers.get('etag')).toBe('"1"');

    const steps: [Record<string, unknown>, number, number][] = [
      [{ type: 'inbound', quantity: 10, reason: 'Delivery 42' }, 10, 22],
      [{ type: 'outbound', quantity: 3, reason: 'Damaged in store' }, -3, 19],
      [{ type: 'return', quantity: 1, reason: 'Customer return, resellable' }, 1, 20],
      [{ type: 'adjustment', quantity: -5, reason: 'Stock count' }, -5, 15],
    ];
    let version = 1;
    for (const [body, delta, after] of steps) {
      const { result: response, requests } = await countRoundTrips(() => call('POST', `/${variant.id}/adjustments`, body, { 'if-match': `"${version}"` }));
      expect(response.status, await response.clone().text()).toBe(201);
      expect(requests).toBe(1);
      version += 1;
      expect(response.headers.get('etag')).toBe(`"${version}"`);
      const { stock, movement } = await response.json<{ stock: Stock; movement: Movement }>();
      expect(stock).toMatchObject({ onHand: after, version });
      expect(movement).toMatchObject({ type: body.type, onHandDelta: delta, reservedDelta: 0, onHandBefore: after - delta, onHandAfter: after, reason: body.reason, actorType: 'user' });
    }
    // The body's version works as well as If-Match.
    const byBody = await call('POST', `/${variant.id}/adjustments`, { type: 'inbound', quantity: 1, reason: 'Found one', version });
    expect(byBody.status).toBe(201);
    const audited = await testDb().select().from(auditLog).where(eq(auditLog.entityId, variant.id!));
    expect(audited.filter((row) => row.action === 'inventory.adjusted')).toHaveLength(5);
    const reconciliation = await (await call('GET', '/reconciliation')).json<{ reconciled: boolean; variants: number }>();
    expect(reconciliation).toMatchObject({ reconciled: true, variants: 21 });
  });

  it('refuses a stale version (409), a missing one (428), and a change below what is reserved (409), changing nothing', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerCall(catalog);
    const variant = catalog.variant('BAL-HOE-GOS-L'); // 2 on hand
    const order = await (await postCheckout(catalog.slug, checkoutBody(catalog, { items: [{ variantId: variant.id, quantity: 2 }] }))).json<PlacedOrder>();
    expect(order.status).toBe('pending_payment');
    const before = await stockOf(variant.id!);

    const stale = await call('POST', `/${variant.id}/adjustments`, { type: 'inbound', quantity: 1, reason: 'x', version: 9 });
    expect(stale.status).toBe(409);
    expect((await stale.json<{ errors: { path: string }[] }>()).errors[0]!.path).toBe('version');
    const missing = await call('POST', `/${variant.id}/adjustments`, { type: 'inbound', quantity: 1, reason: 'x' });
    expect(missing.status).toBe(428);
    expect((await missing.json<{ code: string }>()).code).toBe('precondition_required');
    const disagree = await call('POST', `/${variant.id}/adjustments`, { type: 'inbound', quantity: 1, reason: 'x', version: 1 }, { 'if-match': '"2"' });
    expect(disagree.status).toBe(422);
    const belowReserved = await call('POST', `/${variant.id}/adjustments`, { type: 'outbound', quantity: 1, reason: 'Lost', version: 1 });
    expect(belowReserved.status).toBe(409);
    expect((await belowReserved.json<{ detail: string }>()).detail).toContain('reserved');
    expect(await stockOf(variant.id!)).toEqual(before);
  });

  it('answers bad adjustments with 422 and another store’s variant with 404, changing nothing', async () => {
    const catalog = await createCatalogStore();
    const other = await createCatalogStore();
    const call = await ownerCall(catalog);
    const variant = catalog.variant('BAL-HOE-NEG-M');
    const before = await stockOf(variant.id!);
    const bad = [
      { type: 'inbound', quantity: 0, reason: 'x', version: 1 },
      { type: 'inbound', quantity: -2, reason: 'x', version: 1 },
      { type: 'adjustment', quantity: 0, reason: 'x', version: 1 },
      { type: 'inbound', quantity: 1.5, reason: 'x', version: 1 },
      { type: 'inbound', quantity: 2_000_000, reason: 'x', version: 1 },
      { type: 'inbound', quantity: 1, version: 1 },
      { type: 'inbound', quantity: 1, reason: '   ', version: 1 },
      { type: 'reservation', quantity: 1, reason: 'x', version: 1 },
      { type: 'inbound', quantity: 1, reason: 'x', version: 1, onHand: 5 },
    ];
    for (const body of bad) expect((await call('POST', `/${variant.id}/adjustments`, body)).status, JSON.stringify(body)).toBe(422);
    expect((await call('POST', `/${variant.id}/adjustments`, { type: 'inbound', quantity: 1, reason: 'x' }, { 'if-match': 'soon' })).status).toBe(422);
    const foreign = other.variant('BAL-HOE-NEG-M');
    expect((await call('POST', `/${foreign.id}/adjustments`, { type: 'inbound', quantity: 1, reason: 'x', version: 1 })).status).toBe(404);
    expect((await call('GET', `/${foreign.id}`)).status).toBe(404);
    expect((await call('GET', `/${uuidv7()}`)).status).toBe(404);
    expect(await stockOf(variant.id!)).toEqual(before);
    expect(await stockOf(foreign.id!)).toEqual({ onHand: 12, reserved: 0, movements: 1 });
  });

  it('lists the ledger newest first with filters, including the movements checkout wrote', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerCall(catalog);
    const variant = catalog.variant('BAL-RPA-BLA-M'); // 30 on hand
    const order = await (await postCheckout(catalog.slug, checkoutBody(catalog, { items: [{ variantId: variant.id, quantity: 4 }] }))).json<PlacedOrder>();
    await call('POST', `/${variant.id}/adjustments`, { type: 'inbound', quantity: 5, reason: 'Delivery', version: 1 });

    const { result, requests } = await countRoundTrips(() => call('GET', `/movements?variantId=${variant.id}`));
    expect(requests).toBe(1);
    const page = await result.json<Page<Movement>>();
    expect(page.data.map((row) => [row.type, row.onHandBefore, row.onHandAfter, row.reservedBefore, row.reservedAfter])).toEqual([
      ['inbound', 30, 35, 4, 4],
      ['reservation', 30, 30, 0, 4],
      ['inbound', 0, 30, 0, 0],
    ]);
    const byOrder = await (await call('GET', `/movements?referenceId=${order.id}`)).json<Page<Movement>>();
    expect(byOrder.data).toMatchObject([{ type: 'reservation', reservedDelta: 4, sku: 'BAL-RPA-BLA-M' }]);
    const firstPage = await (await call('GET', '/movements?type=inbound&limit=2')).json<Page<Movement>>();
    expect(firstPage.data).toHaveLength(2);
    expect(firstPage.data.every((row) => row.type === 'inbound')).toBe(true);
    expect(firstPage.nextCursor).not.toBeNull();
  });

  it('reconciliation finds stock changed outside the ledger', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerCall(catalog);
    expect((await (await call('GET', '/reconciliation')).json<{ reconciled: boolean }>()).reconciled).toBe(true);
    const variant = catalog.variant('BAL-BBA-NEG-M');
    await testDb().update(variants).set({ onHand: sql`${variants.onHand} + 1` }).where(eq(variants.id, variant.id!));
    const report = await (await call('GET', '/reconciliation')).json<{ reconciled: boolean; mismatches: unknown[] }>();
    expect(report.reconciled).toBe(false);
    expect(report.mismatches).toEqual([{ variantId: variant.id, sku: 'BAL-BBA-NEG-M', onHand: 26, ledgerOnHand: 25, reserved: 0, ledgerReserved: 0, activeReservations: 0 }]);
  });

  it('takes an API key with inventory scopes, and lets two adjustments from one version give one 201 and one 409', async () => {
    const catalog = await createCatalogStore();
    const key = await createTestApiKey({ id: catalog.storeId } as Parameters<typeof createTestApiKey>[0], ['inventory:read', 'inventory:write']);
    const variant = catalog.variant('BAL-HOE-NEG-M');
    const adjust = () =>
      api(`/v1/admin/stores/${catalog.slug}/inventory/${variant.id}/adjustments`, jsonBody({ type: 'inbound', quantity: 1, reason: 'Race', version: 1 }, bearer(key.secret)));
    const statuses = (await Promise.all([adjust(), adjust()])).map((response) => response.status).sort();
    expect(statuses).toEqual([201, 409]);
    expect(await stockOf(variant.id!)).toMatchObject({ onHand: 13, movements: 2 });
  });
});
