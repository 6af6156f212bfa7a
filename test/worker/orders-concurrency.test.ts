import { env } from 'cloudflare:workers';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { customers, orderStatusHistory } from '../../src/db/schema';
import { createCatalogStore } from '../helpers/catalog';
import { expectLedgerReconciles, stockOf } from '../helpers/checkout';
import { orderIn, type OrderStatus } from '../helpers/orders';
import { ownerOf, placeOrder } from '../helpers/payments';
import { testDb } from '../helpers/stores';

const onPostgres = env.TEST_DATABASE_BACKEND === 'postgres';
if (!onPostgres) {
  console.info(
    '[skipped] order concurrency tests need real PostgreSQL (TEST_DATABASE_URL): PGlite runs one batch at a time, so nothing would race.',
  );
}

describe.runIf(onPostgres)('orders under concurrency (real PostgreSQL only; skipped on PGlite)', () => {
  it('of two transitions racing on one order exactly one succeeds, 5 rounds of each pair', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const shirt = catalog.variant('BAL-RPA-BLA-M').id!;
    // [status before, first move, second move, what the loser hears]; moves decided on one status name it as expectedStatus.
    const races: [OrderStatus, OrderStatus, OrderStatus, string][] = [
      ['paid', 'preparing', 'preparing', 'invalid_transition'],
      ['preparing', 'shipped', 'cancelled', 'invalid_transition'],
      ['paid', 'preparing', 'cancelled', 'conflict'],
    ];
    for (const [from, first, second, refusal] of races) {
      for (let round = 0; round < 5; round++) {
        const start = await stockOf(shirt);
        const order = await orderIn(catalog, call, from, [['BAL-RPA-BLA-M', 1]]);
        const expectedStatus = refusal === 'conflict' ? from : undefined;
        const responses = await Promise.all(
          [first, second].map((status) =>
            call('POST', `/orders/${order.id}/status`, { status, reason: 'Racing', expectedStatus }),
          ),
        );
        const statuses = responses.map((response) => response.status).sort();
        expect(statuses, `${first} vs ${second}`).toEqual([200, 409]);
        const loser = responses.find((response) => response.status === 409)!;
        expect(await loser.json()).toMatchObject({ code: refusal });
        const history = await testDb()
          .select()
          .from(orderStatusHistory)
          .where(eq(orderStatusHistory.orderId, order.id));
        expect(history.filter((row) => row.fromStatus === from)).toHaveLength(1);
        const cancelled = history.some((row) => row.toStatus === 'cancelled');
        expect((await stockOf(shirt)).onHand).toBe(cancelled ? start.onHand : start.onHand - 1);
      }
    }
    await expectLedgerReconciles(catalog.storeId);
  });

  it('payments of one customer’s orders confirmed at once all count in their figures', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const orders = [];
    for (let n = 0; n < 6; n++) orders.push(await placeOrder(catalog, [['BAL-RPA-BLA-M', 1]]));
    const responses = await Promise.all(orders.map((order) => call('POST', `/payments/${order.payment!.id}/confirm`)));
    expect(responses.map((response) => response.status)).toEqual(Array(6).fill(200));
    const { rows } = await testDb().execute<{ customer_id: string }>(
      sql`SELECT DISTINCT customer_id FROM orders WHERE store_id = ${catalog.storeId}`,
    );
    expect(rows).toHaveLength(1);
    const [customer] = await testDb().select().from(customers).where(eq(customers.id, rows[0]!.customer_id));
    expect(customer).toMatchObject({ orderCount: 6, segment: 'vip' });
    expect(Number(customer!.totalSpent)).toBe(orders.reduce((sum, order) => sum + order.totals.total, 0));
  });
});
