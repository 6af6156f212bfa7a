import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { orderStatusHistory } from '../../src/db/schema';
import { countRoundTrips } from '../helpers/api';
import { createCatalogStore } from '../helpers/catalog';
import { expectLedgerReconciles, stockOf } from '../helpers/checkout';
import { adminOrder, moveOrder, orderIn, type AdminOrder, type OrderStatus } from '../helpers/orders';
import { eventTypes, ownerOf, paymentFootprint } from '../helpers/payments';
import { testDb } from '../helpers/stores';

const STATUSES: OrderStatus[] = ['pending_payment', 'paid', 'preparing', 'shipped', 'delivered', 'cancelled'];
const TARGETS: OrderStatus[] = ['paid', 'preparing', 'shipped', 'delivered', 'cancelled'];
const ALLOWED: Record<OrderStatus, OrderStatus[]> = {
  pending_payment: ['paid', 'cancelled'],
  paid: ['preparing', 'cancelled'],
  preparing: ['shipped', 'cancelled'],
  shipped: ['delivered'],
  delivered: [],
  cancelled: [],
};
const TIMESTAMP: Partial<Record<OrderStatus, string>> = {
  paid: 'paidAt',
  preparing: 'preparingAt',
  shipped: 'shippedAt',
  delivered: 'deliveredAt',
  cancelled: 'cancelledAt',
};
const ONE_SHIRT: [string, number][] = [['BAL-RPA-BLA-M', 1]];

describe('order lifecycle', () => {
  it('allows exactly the moves of the lifecycle: each sets its timestamp, history with the actor and an event, in one round trip', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    for (const from of STATUSES) {
      for (const to of ALLOWED[from]) {
        const order = await orderIn(catalog, call, from, ONE_SHIRT);
        const { requests, result } = await countRoundTrips(() =>
          moveOrder(call, order.id, to, to === 'cancelled' ? 'Out of stock at the warehouse' : undefined),
        );
        expect(result.status, `${from} -> ${to}: ${await result.clone().text()}`).toBe(200);
        expect(requests, `${from} -> ${to}`).toBe(1);
        const moved = await result.json<AdminOrder>();
        expect(moved.status).toBe(to);
        expect(moved.allowedTransitions).toEqual(ALLOWED[to]);
        expect(moved.timestamps[TIMESTAMP[to]!], `${to} timestamp`).not.toBeNull();
        expect(moved.history.at(-1)).toMatchObject({ from, to, actor: { type: 'user', id: catalog.owner.id } });
        expect(await eventTypes(order.id)).toContain(`order.${to}`);
      }
    }
  });

  it('refuses every other move with 409 invalid_transition naming the allowed ones, changing nothing', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    for (const from of STATUSES) {
      const order = await orderIn(catalog, call, from, ONE_SHIRT);
      const before = await paymentFootprint(order.id);
      for (const to of TARGETS.filter((target) => !ALLOWED[from].includes(target))) {
        const response = await moveOrder(call, order.id, to, 'Trying');
        expect(response.status, `${from} -> ${to}`).toBe(409);
        const problem = await response.json<{ code: string; detail: string }>();
        expect(problem.code).toBe('invalid_transition');
        const allowed = ALLOWED[from].length ? ALLOWED[from].join(' or ') : 'none';
        expect(problem.detail).toContain(`Allowed: ${allowed}`);
      }
      expect(await paymentFootprint(order.id), from).toEqual(before);
    }
  });

  it('marking an unpaid order paid confirms its payment and commits its stock', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const hoodie = catalog.variant('BAL-HOE-NEG-M').id!;
    const start = await stockOf(hoodie);
    const order = await orderIn(catalog, call, 'paid');
    const paid = await adminOrder(call, order.id);
    expect(paid.payments).toMatchObject([{ status: 'confirmed', needsRefund: false }]);
    expect(await stockOf(hoodie)).toEqual({
      onHand: start.onHand - 2,
      reserved: start.reserved,
      movements: start.movements + 2,
    });
    expect(await eventTypes(order.id)).toEqual(expect.arrayContaining(['order.paid', 'payment.succeeded']));
    await expectLedgerReconciles(catalog.storeId);
  });

  it('cancel from each state: unpaid releases the reservation, paid or preparing returns the stock and flags the payment for refund', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const hoodie = catalog.variant('BAL-HOE-NEG-M').id!;
    for (const from of ['pending_payment', 'paid', 'preparing'] as const) {
      const start = await stockOf(hoodie);
      const order = await orderIn(catalog, call, from);
      const response = await moveOrder(call, order.id, 'cancelled', 'Customer changed their mind');
      expect(response.status, await response.clone().text()).toBe(200);
      const cancelled = await response.json<AdminOrder>();
      expect(cancelled).toMatchObject({
        status: 'cancelled',
        cancelReason: 'Customer changed their mind',
        allowedTransitions: [],
      });
      const after = await stockOf(hoodie);
      expect([after.onHand, after.reserved], from).toEqual([start.onHand, start.reserved]);
      const types = await eventTypes(order.id);
      if (from === 'pending_payment') {
        expect(cancelled.payments).toMatchObject([{ status: 'cancelled', needsRefund: false }]);
        expect(after.movements).toBe(start.movements + 2); // reservation, release
        expect(types).toEqual(expect.arrayContaining(['order.cancelled', 'inventory.released', 'payment.cancelled']));
      } else {
        expect(cancelled.payments).toMatchObject([{ status: 'confirmed', needsRefund: true }]);
        expect(after.movements).toBe(start.movements + 3); // reservation, commit, return
        expect(types).toEqual(
          expect.arrayContaining(['order.cancelled', 'inventory.returned', 'payment.needs_refund']),
        );
      }
      await expectLedgerReconciles(catalog.storeId);
    }
  });

  it('cancelling a paid order after a partial refund with restock returns only the rest, and the full refund settles the flag', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const hoodie = catalog.variant('BAL-HOE-NEG-M').id!;
    const start = await stockOf(hoodie);
    const order = await orderIn(catalog, call, 'preparing', [['BAL-HOE-NEG-M', 3]]);
    const refunded = await call('POST', `/orders/${order.id}/refunds`, {
      amount: 1000,
      restock: [{ orderItemId: order.items[0]!.id, quantity: 1 }],
    });
    expect(refunded.status).toBe(201);
    expect((await stockOf(hoodie)).onHand).toBe(start.onHand - 2);

    const cancelled = await (
      await moveOrder(call, order.id, 'cancelled', 'Damaged in the warehouse')
    ).json<AdminOrder>();
    expect((await stockOf(hoodie)).onHand).toBe(start.onHand);
    expect(cancelled.payments[0]).toMatchObject({
      status: 'partially_refunded',
      refundedAmount: 1000,
      needsRefund: true,
    });
    // Nothing is left to return: a refund may no longer restock.
    const again = await call('POST', `/orders/${order.id}/refunds`, {
      amount: 1,
      restock: [{ orderItemId: order.items[0]!.id, quantity: 1 }],
    });
    expect(again.status).toBe(422);

    const rest = await call('POST', `/orders/${order.id}/refunds`, { amount: order.totals.total - 1000 });
    expect(await rest.json()).toMatchObject({ payment: { status: 'refunded', needsRefund: false } });
    await expectLedgerReconciles(catalog.storeId);
  });

  it('needs a reason to cancel and a known status; refuses unknown fields and a stale expectedStatus', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const order = await orderIn(catalog, call, 'paid', ONE_SHIRT);
    const before = await paymentFootprint(order.id);
    for (const body of [
      { status: 'cancelled' },
      { status: 'pending_payment' },
      { status: 'lost' },
      {},
      { status: 'preparing', extra: 1 },
      { status: 'preparing', reason: '' },
    ]) {
      const response = await call('POST', `/orders/${order.id}/status`, body);
      expect(response.status, JSON.stringify(body)).toBe(422);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
    const stale = await call('POST', `/orders/${order.id}/status`, {
      status: 'cancelled',
      reason: 'Seen as unpaid',
      expectedStatus: 'pending_payment',
    });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({
      code: 'conflict',
      detail: expect.stringContaining('paid now, not pending_payment'),
    });
    expect(await paymentFootprint(order.id)).toEqual(before);
    const history = await testDb().select().from(orderStatusHistory).where(eq(orderStatusHistory.orderId, order.id));
    expect(history.map((row) => row.toStatus)).toEqual(['pending_payment', 'paid']);
  });
});
