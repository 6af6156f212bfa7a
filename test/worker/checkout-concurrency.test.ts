import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { inventoryReservations, orders } from '../../src/db/schema';
import { api, jsonBody } from '../helpers/api';
import { createCatalogStore } from '../helpers/catalog';
import { checkoutBody, expectLedgerReconciles, postCheckout, stockOf, type PlacedOrder } from '../helpers/checkout';
import { testDb } from '../helpers/stores';

const onPostgres = env.TEST_DATABASE_BACKEND === 'postgres';
if (!onPostgres) {
  console.info(
    '[skipped] checkout concurrency tests need real PostgreSQL (TEST_DATABASE_URL): PGlite runs one batch at a time, so nothing would race.',
  );
}

describe.runIf(onPostgres)('checkout under concurrency (real PostgreSQL only; skipped on PGlite)', () => {
  it('sells a variant with 10 available exactly 10 times out of 50 concurrent checkouts, and the ledger reconciles', async () => {
    const catalog = await createCatalogStore();
    const variant = catalog.variant('BAL-HCC-VER-M'); // 10 on hand
    const body = checkoutBody(catalog, { items: [{ variantId: variant.id, quantity: 1 }] });
    const responses = await Promise.all(Array.from({ length: 50 }, () => postCheckout(catalog.slug, body)));
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(10);
    expect(statuses.filter((status) => status === 409)).toHaveLength(40);
    const refusals = await Promise.all(
      responses.filter((response) => response.status === 409).map((response) => response.json<{ code: string }>()),
    );
    expect(new Set(refusals.map((problem) => problem.code))).toEqual(new Set(['insufficient_stock']));
    expect(await stockOf(variant.id!)).toMatchObject({ onHand: 10, reserved: 10 });
    expect(await testDb().select().from(orders).where(eq(orders.storeId, catalog.storeId))).toHaveLength(10);
    const held = await testDb()
      .select()
      .from(inventoryReservations)
      .where(eq(inventoryReservations.variantId, variant.id!));
    expect(held.reduce((sum, row) => sum + row.quantity, 0)).toBe(10);
    await expectLedgerReconciles(catalog.storeId);
  });

  it('places one order for 20 concurrent requests with one Idempotency-Key', async () => {
    const catalog = await createCatalogStore();
    const variant = catalog.variant('BAL-HOE-NEG-M');
    const body = checkoutBody(catalog, { items: [{ variantId: variant.id, quantity: 2 }] });
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => postCheckout(catalog.slug, body, { key: 'one-key-for-all' })),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(201));
    const placed = await Promise.all(responses.map((response) => response.json<PlacedOrder>()));
    expect(new Set(placed.map((order) => order.id)).size).toBe(1);
    expect(responses.filter((response) => response.headers.get('idempotent-replayed') === 'true')).toHaveLength(19);
    expect(await testDb().select().from(orders).where(eq(orders.storeId, catalog.storeId))).toHaveLength(1);
    expect(await stockOf(variant.id!)).toMatchObject({ reserved: 2 });
    await expectLedgerReconciles(catalog.storeId);
  });

  it('lets checkouts that share variants, listed in either order, queue instead of deadlocking', async () => {
    const catalog = await createCatalogStore();
    const [a, b] = [catalog.variant('BAL-BBA-NEG-M'), catalog.variant('BAL-RPA-BLA-M')]; // 25 and 30 on hand
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const items = [
          { variantId: a.id, quantity: 1 },
          { variantId: b.id, quantity: 1 },
        ];
        return postCheckout(catalog.slug, checkoutBody(catalog, { items: i % 2 ? items.reverse() : items }));
      }),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(201));
    expect(await stockOf(a.id!)).toMatchObject({ reserved: 20 });
    await expectLedgerReconciles(catalog.storeId);
  });

  it('converts one cart into one order, whatever the number of concurrent checkouts of it', async () => {
    const catalog = await createCatalogStore();
    const cart = await (
      await api(
        `/v1/stores/${catalog.slug}/carts`,
        jsonBody({ items: [{ variantId: catalog.variant('BAL-HOE-NEG-M').id, quantity: 1 }] }),
      )
    ).json<{
      id: string;
      token: string;
    }>();
    const body = checkoutBody(catalog, { cartId: cart.id, cartToken: cart.token });
    const responses = await Promise.all(Array.from({ length: 5 }, () => postCheckout(catalog.slug, body)));
    expect(responses.map((response) => response.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(await stockOf(catalog.variant('BAL-HOE-NEG-M').id!)).toMatchObject({ reserved: 1 });
  });
});
