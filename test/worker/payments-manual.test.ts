import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { inventoryMovements, inventoryReservations, orders, orderStatusHistory } from '../../src/db/schema';
import { uuidv7 } from '../../src/lib/ids';
import { countRoundTrips } from '../helpers/api';
import { createTestApiKey } from '../helpers/auth';
import { createCatalogStore } from '../helpers/catalog';
import { expectLedgerReconciles, stockOf } from '../helpers/checkout';
import { eventTypes, ownerOf, paymentFootprint, placeOrder } from '../helpers/payments';
import { api } from '../helpers/api';
import { testDb } from '../helpers/stores';
import { runCron } from '../helpers/scheduled';

interface Payment {
  id: string;
  status: string;
  referenceSeen: string | null;
  failureReason: string | null;
  order: { number: string; status: string };
  confirmedBy: { type: string; id: string } | null;
  history: { action: string; from: string; to: string; source: string; actor: { type: string; id: string } }[];
}

describe('manual payments', () => {
  it('staff confirm a bank transfer in one round trip: order paid, stock committed with movements, audited, events', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const order = await placeOrder(catalog, [['BAL-HOE-NEG-M', 2]]);
    const hoodie = catalog.variant('BAL-HOE-NEG-M').id!;
    expect(order.payment!.instructions).toMatchObject({ reference: order.number, amount: order.totals.total });
    const before = await stockOf(hoodie);

    const { requests, result } = await countRoundTrips(() =>
      call('POST', `/payments/${order.payment!.id}/confirm`, { referenceSeen: `Transfer ${order.number}` }),
    );
    expect(result.status, await result.clone().text()).toBe(200);
    expect(requests).toBe(1);
    const payment = await result.json<Payment>();
    expect(payment).toMatchObject({
      status: 'confirmed',
      referenceSeen: `Transfer ${order.number}`,
      order: { status: 'paid' },
    });
    expect(payment.confirmedBy).toEqual({ type: 'user', id: catalog.owner.id });
    expect(payment.history.map((entry) => [entry.action, entry.from, entry.to, entry.source])).toEqual([
      ['confirm', 'pending', 'confirmed', 'api'],
    ]);

    expect(await stockOf(hoodie)).toEqual({
      onHand: before.onHand - 2,
      reserved: before.reserved - 2,
      movements: before.movements + 1,
    });
    const [commit] = await testDb()
      .select()
      .from(inventoryMovements)
      .where(and(eq(inventoryMovements.type, 'commit'), eq(inventoryMovements.referenceId, order.id)));
    expect(commit).toMatchObject({
      variantId: hoodie,
      onHandDelta: -2,
      reservedDelta: -2,
      referenceId: order.id,
      actorType: 'user',
    });
    const reservations = await testDb()
      .select()
      .from(inventoryReservations)
      .where(eq(inventoryReservations.orderId, order.id));
    expect(reservations.map((row) => row.status)).toEqual(['committed']);
    const history = await testDb().select().from(orderStatusHistory).where(eq(orderStatusHistory.orderId, order.id));
    expect(history.map((row) => row.toStatus)).toEqual(['pending_payment', 'paid']);
    expect((await eventTypes(order.id)).sort()).toEqual([
      'inventory.reserved',
      'order.created',
      'order.paid',
      'payment.created',
      'payment.succeeded',
    ]);
    await expectLedgerReconciles(catalog.storeId);

    // Twice: a 409 that says so, and nothing moves.
    const footprint = await paymentFootprint(order.id);
    const again = await call('POST', `/payments/${order.payment!.id}/confirm`);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'payment_already_confirmed' });
    expect(await paymentFootprint(order.id)).toEqual(footprint);
    const reject = await call('POST', `/payments/${order.payment!.id}/reject`, { reason: 'changed my mind' });
    expect(await reject.json()).toMatchObject({ code: 'payment_already_confirmed' });
  });

  it('a Zelle payment carries the store’s Zelle instructions, the amount and the reference to quote, and is confirmed like any other', async () => {
    const zelle = 'Send the total by Zelle to pay@balsamoa.example and write the order number in the memo.';
    const catalog = await createCatalogStore({ settings: { paymentMethods: ['zelle'], zelleInstructions: zelle } });
    const order = await placeOrder(catalog, [['BAL-HOE-NEG-M', 1]], { paymentMethod: 'zelle' });
    expect(order.payment).toMatchObject({ method: 'zelle', status: 'pending', reference: order.number });
    expect(order.payment!.instructions).toEqual({
      text: zelle,
      amount: order.totals.total,
      currency: order.currency,
      reference: order.number,
    });
    const confirmed = await (await ownerOf(catalog))('POST', `/payments/${order.payment!.id}/confirm`, {
      referenceSeen: order.number,
    });
    expect(await confirmed.json()).toMatchObject({ status: 'confirmed', order: { status: 'paid' } });
  });

  it('staff reject with a reason: the order is cancelled and its stock released at once; confirming it then is a 409', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const hoodie = catalog.variant('BAL-HOE-NEG-M').id!;
    const before = await stockOf(hoodie);
    const order = await placeOrder(catalog, [['BAL-HOE-NEG-M', 3]], { paymentMethod: 'cod' });

    const response = await call('POST', `/payments/${order.payment!.id}/reject`, { reason: 'Buyer unreachable' });
    expect(response.status, await response.clone().text()).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'rejected',
      failureReason: 'Buyer unreachable',
      order: { status: 'cancelled' },
    });
    expect(await stockOf(hoodie)).toMatchObject({ onHand: before.onHand, reserved: before.reserved });
    expect((await eventTypes(order.id)).sort()).toEqual([
      'inventory.released',
      'inventory.reserved',
      'order.cancelled',
      'order.created',
      'payment.created',
      'payment.failed',
    ]);
    const [row] = await testDb().select().from(orders).where(eq(orders.id, order.id));
    expect(row).toMatchObject({ status: 'cancelled', cancelReason: 'payment_rejected' });

    const footprint = await paymentFootprint(order.id);
    const confirm = await call('POST', `/payments/${order.payment!.id}/confirm`);
    expect(confirm.status).toBe(409);
    expect(await confirm.json()).toMatchObject({ code: 'order_cancelled' });
    expect(await paymentFootprint(order.id)).toEqual(footprint);
    await expectLedgerReconciles(catalog.storeId);
  });

  it('a payment whose order expired unpaid cannot be confirmed: 409 order_cancelled, nothing changes', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const order = await placeOrder(catalog, [['BAL-HOE-NEG-M', 1]], { paymentMethod: 'cod' });
    await testDb()
      .update(orders)
      .set({ reservationExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(orders.id, order.id));
    await runCron();

    const footprint = await paymentFootprint(order.id);
    expect(footprint.payments).toBe('expired:0:false');
    const response = await call('POST', `/payments/${order.payment!.id}/confirm`, { referenceSeen: 'late' });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({
      code: 'order_cancelled',
      detail: expect.stringContaining('expired'),
    });
    expect(await paymentFootprint(order.id)).toEqual(footprint);
  });

  it('another store’s payment is a 404, as is an unknown one; bad bodies are 422; scopes are enforced', async () => {
    const catalog = await createCatalogStore();
    const other = await createCatalogStore();
    const order = await placeOrder(other, [['BAL-HOE-NEG-M', 1]]);
    const call = await ownerOf(catalog);
    const footprint = await paymentFootprint(order.id);

    for (const action of ['confirm', 'reject']) {
      const response = await call(
        'POST',
        `/payments/${order.payment!.id}/${action}`,
        action === 'reject' ? { reason: 'x' } : {},
      );
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
    expect((await call('GET', `/payments/${order.payment!.id}`)).status).toBe(404);
    expect((await call('POST', `/payments/${uuidv7()}/confirm`)).status).toBe(404);
    expect((await call('POST', '/payments/not-a-uuid/confirm')).status).toBe(422);
    expect(await paymentFootprint(order.id)).toEqual(footprint);

    const mine = await placeOrder(catalog, [['BAL-HOE-NEG-M', 1]]);
    expect((await call('POST', `/payments/${mine.payment!.id}/reject`, {})).status).toBe(422);
    expect((await call('POST', `/payments/${mine.payment!.id}/reject`, { reason: '   ' })).status).toBe(422);
    expect((await call('POST', `/payments/${mine.payment!.id}/confirm`, { referenceSeen: 7 })).status).toBe(422);
    expect((await call('POST', `/payments/${mine.payment!.id}/confirm`, { surprise: true })).status).toBe(422);
    const broken = await call('POST', `/payments/${mine.payment!.id}/reject`, undefined, {
      'content-type': 'application/json',
    });
    expect(broken.status).toBe(400);
    const readOnly = await createTestApiKey({ id: catalog.storeId } as Parameters<typeof createTestApiKey>[0], [
      'payments:read',
    ]);
    const denied = await api(`/v1/admin/stores/${catalog.slug}/payments/${mine.payment!.id}/confirm`, {
      method: 'POST',
      headers: { authorization: `Bearer ${readOnly.secret}` },
    });
    expect(denied.status).toBe(403);
    expect((await paymentFootprint(mine.id)).payments).toBe('pending:0:false');
  });

  it('lists payments newest first with filters and pages', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const first = await placeOrder(catalog, [['BAL-HOE-NEG-M', 1]]);
    const second = await placeOrder(catalog, [['BAL-HOE-NEG-M', 1]], { paymentMethod: 'cod' });
    await call('POST', `/payments/${first.payment!.id}/confirm`);

    const page = await (await call('GET', '/payments?limit=1')).json<{ data: Payment[]; nextCursor: string }>();
    expect(page.data.map((payment) => payment.id)).toEqual([second.payment!.id]);
    const next = await (await call('GET', `/payments?limit=1&cursor=${page.nextCursor}`)).json<{
      data: Payment[];
      nextCursor: null;
    }>();
    expect(next).toMatchObject({ data: [{ id: first.payment!.id, status: 'confirmed' }], nextCursor: null });
    const confirmed = await (await call('GET', '/payments?status=confirmed')).json<{ data: Payment[] }>();
    expect(confirmed.data.map((payment) => payment.id)).toEqual([first.payment!.id]);
    const cod = await (await call('GET', `/payments?method=cod&orderId=${second.id}&needsRefund=false`)).json<{
      data: Payment[];
    }>();
    expect(cod.data.map((payment) => payment.id)).toEqual([second.payment!.id]);
    expect((await call('GET', '/payments?status=lost')).status).toBe(422);
  });
});
