import { and, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  events,
  inventoryMovements,
  inventoryReservations,
  orders,
  orderStatusHistory,
  paymentAuditLog,
  payments,
} from '../../src/db/schema';
import { expireReservations, RESERVATION_EXPIRED } from '../../src/services/orders/expire-reservations';
import { createCatalogStore, type CatalogStore } from '../helpers/catalog';
import { checkoutBody, expectLedgerReconciles, postCheckout, stockOf, type PlacedOrder } from '../helpers/checkout';
import { testDb } from '../helpers/stores';
import { runCron } from '../helpers/scheduled';

async function place(catalog: CatalogStore, items: [string, number][]): Promise<PlacedOrder> {
  const body = checkoutBody(catalog, {
    items: items.map(([sku, quantity]) => ({ variantId: catalog.variant(sku).id, quantity })),
  });
  const response = await postCheckout(catalog.slug, body);
  expect(response.status, await response.clone().text()).toBe(201);
  return response.json<PlacedOrder>();
}

/** Moves orders' reservation time into the past, as if their buyers had not paid in time. */
async function lapse(...placed: PlacedOrder[]) {
  await testDb()
    .update(orders)
    .set({ reservationExpiresAt: new Date(Date.now() - 1000) })
    .where(
      inArray(
        orders.id,
        placed.map((order) => order.id),
      ),
    );
}

describe('unpaid orders past their reservation time', () => {
  it('are cancelled by the scheduled handler exactly once: stock released with movements, history, payment expired, events', async () => {
    const catalog = await createCatalogStore();
    const first = await place(catalog, [
      ['BAL-HOE-NEG-M', 2],
      ['BAL-RPA-BLA-M', 1],
    ]);
    const second = await place(catalog, [['BAL-HOE-NEG-M', 3]]);
    const fresh = await place(catalog, [['BAL-HOE-NEG-M', 1]]);
    expect(await stockOf(catalog.variant('BAL-HOE-NEG-M').id!)).toMatchObject({ onHand: 12, reserved: 6 });
    await lapse(first, second);

    // Two overlapping runs, as a slow run and the next cron tick would be.
    await Promise.all([runCron(new Date()), runCron(new Date())]);
    await runCron(new Date());

    const db = testDb();
    const rows = await db.select().from(orders).where(eq(orders.storeId, catalog.storeId));
    const statusOf = (order: PlacedOrder) => rows.find((row) => row.id === order.id)!;
    expect(statusOf(first)).toMatchObject({ status: 'cancelled', cancelReason: RESERVATION_EXPIRED });
    expect(statusOf(second).status).toBe('cancelled');
    expect(statusOf(fresh).status).toBe('pending_payment');

    const hoodie = catalog.variant('BAL-HOE-NEG-M').id!;
    expect(await stockOf(hoodie)).toMatchObject({ onHand: 12, reserved: 1 });
    expect(await stockOf(catalog.variant('BAL-RPA-BLA-M').id!)).toMatchObject({ onHand: 30, reserved: 0 });
    const releases = await db
      .select()
      .from(inventoryMovements)
      .where(and(eq(inventoryMovements.variantId, hoodie), eq(inventoryMovements.type, 'release')));
    // One release per order; the two rows chain from 6 reserved down to 1.
    expect(releases.map((row) => [row.reservedBefore, row.reservedAfter]).sort()).toEqual([
      [4, 1],
      [6, 4],
    ]);
    const reservations = await db
      .select()
      .from(inventoryReservations)
      .where(eq(inventoryReservations.orderId, first.id));
    expect(reservations.every((row) => row.status === 'released' && row.releasedAt)).toBe(true);
    const history = await db.select().from(orderStatusHistory).where(eq(orderStatusHistory.orderId, first.id));
    expect(history.map((row) => [row.fromStatus, row.toStatus, row.reason, row.actorType])).toEqual([
      [null, 'pending_payment', 'checkout', 'system'],
      ['pending_payment', 'cancelled', RESERVATION_EXPIRED, 'system'],
    ]);
    const [payment] = await db.select().from(payments).where(eq(payments.orderId, first.id));
    expect(payment!.status).toBe('expired');
    expect(await db.select().from(paymentAuditLog).where(eq(paymentAuditLog.paymentId, payment!.id))).toMatchObject([
      { action: 'expire', fromStatus: 'pending', toStatus: 'expired', source: 'system' },
    ]);
    const outbox = await db
      .select()
      .from(events)
      .where(and(eq(events.aggregateId, first.id), inArray(events.type, ['inventory.released', 'order.cancelled'])));
    expect(outbox.map((event) => event.type).sort()).toEqual(['inventory.released', 'order.cancelled']);
    await expectLedgerReconciles(catalog.storeId);

    // The released stock is on sale again.
    expect(
      (await postCheckout(catalog.slug, checkoutBody(catalog, { items: [{ variantId: hoodie, quantity: 11 }] })))
        .status,
    ).toBe(201);
  });

  it('work through a backlog in bounded batches', async () => {
    const catalog = await createCatalogStore();
    const placed = [];
    for (let i = 0; i < 3; i++) placed.push(await place(catalog, [['BAL-BBA-NEG-M', 1]]));
    await lapse(...placed);
    const now = new Date();
    expect((await expireReservations(testDb(), now, 2)).cancelled).toBe(2);
    expect((await expireReservations(testDb(), now, 2)).cancelled).toBe(1);
    expect((await expireReservations(testDb(), now, 2)).cancelled).toBe(0);
    expect(await stockOf(catalog.variant('BAL-BBA-NEG-M').id!)).toMatchObject({ onHand: 25, reserved: 0 });
    await expectLedgerReconciles(catalog.storeId);
  });

  it('hold stock for 30 minutes in a store that does not say otherwise', async () => {
    const catalog = await createCatalogStore({ settings: { paymentMethods: ['cod'] } });
    const body = checkoutBody(
      catalog,
      { items: [{ variantId: catalog.variant('BAL-HOE-NEG-M').id, quantity: 1 }] },
      { paymentMethod: 'cod' },
    );
    const order = await (await postCheckout(catalog.slug, body)).json<PlacedOrder>();
    const minutes = (Date.parse(order.reservationExpiresAt) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(29);
    expect(minutes).toBeLessThanOrEqual(30);
    expect(order.payment).toMatchObject({ method: 'cod', status: 'pending' });
  });
});
