import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { inventoryMovements, paymentAuditLog, payments } from '../../src/db/schema';
import { uuidv7 } from '../../src/lib/ids';
import { countRoundTrips } from '../helpers/api';
import { createCatalogStore, type CatalogStore } from '../helpers/catalog';
import { expectLedgerReconciles, stockOf, type PlacedOrder } from '../helpers/checkout';
import { eventTypes, ownerOf, paymentFootprint, placeOrder } from '../helpers/payments';
import {
  failNextStripeCall,
  paymentIntentObject,
  placeCardOrder,
  sendWebhook,
  setUpStripe,
  stripeEvent,
  stripeRequests,
} from '../helpers/stripe';
import { testDb } from '../helpers/stores';

interface Refund {
  id: string;
  amount: number;
  status: string;
  providerReference: string | null;
  restock: boolean;
  payment: { status: string; amount: number; refundedAmount: number; needsRefund: boolean };
}

/** An order paid by bank transfer and confirmed by staff. */
async function paidOrder(
  catalog: CatalogStore,
  items: [string, number][] = [
    ['BAL-HOE-NEG-M', 2],
    ['BAL-RPA-BLA-M', 1],
  ],
) {
  const call = await ownerOf(catalog);
  const order = await placeOrder(catalog, items);
  expect((await call('POST', `/payments/${order.payment!.id}/confirm`)).status).toBe(200);
  return { call, order };
}

describe('refunds', () => {
  it('of a manual payment: partial then full, one round trip each, audited with events; then nothing is left to refund', async () => {
    const catalog = await createCatalogStore();
    const { call, order } = await paidOrder(catalog);
    const total = order.totals.total;

    const { requests, result } = await countRoundTrips(() =>
      call('POST', `/orders/${order.id}/refunds`, { amount: 1000, reason: 'Late delivery' }),
    );
    expect(result.status, await result.clone().text()).toBe(201);
    expect(requests).toBe(1);
    expect(await result.json()).toMatchObject({
      amount: 1000,
      status: 'succeeded',
      restock: false,
      payment: { status: 'partially_refunded', refundedAmount: 1000 },
    });

    const rest = await call('POST', `/orders/${order.id}/refunds`, { amount: total - 1000 });
    expect(await rest.json()).toMatchObject({
      status: 'succeeded',
      payment: { status: 'refunded', refundedAmount: total },
    });
    const audit = await testDb().select().from(paymentAuditLog).where(eq(paymentAuditLog.paymentId, order.payment!.id));
    expect(audit.map((row) => [row.action, row.fromStatus, row.toStatus])).toEqual([
      ['confirm', 'pending', 'confirmed'],
      ['refund', 'confirmed', 'partially_refunded'],
      ['refund', 'partially_refunded', 'refunded'],
    ]);
    expect((await eventTypes(order.id)).filter((type) => type === 'payment.refunded')).toHaveLength(2);

    const footprint = await paymentFootprint(order.id);
    const more = await call('POST', `/orders/${order.id}/refunds`, { amount: 1 });
    expect(more.status).toBe(409);
    expect(await more.json()).toMatchObject({ code: 'payment_not_refundable' });
    expect(await paymentFootprint(order.id)).toEqual(footprint);
    const list = await (await call('GET', `/orders/${order.id}/refunds`)).json<{ data: Refund[] }>();
    expect(list.data.map((refund) => refund.amount)).toEqual([1000, total - 1000]);
  });

  it('refuses zero, negative, fractional, excessive and malformed amounts, unpaid orders and other stores’ orders, changing nothing', async () => {
    const catalog = await createCatalogStore();
    const { call, order } = await paidOrder(catalog);
    const footprint = await paymentFootprint(order.id);
    for (const body of [
      { amount: 0 },
      { amount: -5 },
      { amount: 10.5 },
      { amount: '100' },
      {},
      { amount: 1, surprise: true },
      { amount: 1, restock: [{ orderItemId: 'x', quantity: 1 }] },
    ]) {
      const response = await call('POST', `/orders/${order.id}/refunds`, body);
      expect(response.status, JSON.stringify(body)).toBe(422);
    }
    const excessive = await call('POST', `/orders/${order.id}/refunds`, { amount: order.totals.total + 1 });
    expect(excessive.status).toBe(409);
    expect(await excessive.json()).toMatchObject({ code: 'refund_exceeds_payment', errors: [{ path: 'amount' }] });
    expect(await paymentFootprint(order.id)).toEqual(footprint);

    const unpaid = await placeOrder(catalog, [['BAL-HOE-NEG-M', 1]]);
    const refused = await call('POST', `/orders/${unpaid.id}/refunds`, { amount: 1 });
    expect(await refused.json()).toMatchObject({ code: 'payment_not_refundable' });

    const other = await createCatalogStore();
    const { order: theirs } = await paidOrder(other);
    const theirFootprint = await paymentFootprint(theirs.id);
    expect((await call('POST', `/orders/${theirs.id}/refunds`, { amount: 1 })).status).toBe(404);
    expect((await call('GET', `/orders/${theirs.id}/refunds`)).status).toBe(404);
    expect((await call('POST', `/orders/${uuidv7()}/refunds`, { amount: 1 })).status).toBe(404);
    expect(await paymentFootprint(theirs.id)).toEqual(theirFootprint);
  });

  it('the database itself refuses a refunded amount beyond the payment', async () => {
    const catalog = await createCatalogStore();
    const { order } = await paidOrder(catalog);
    await expect(
      testDb().execute(sql`UPDATE payments SET refunded_amount = amount + 1 WHERE id = ${order.payment!.id}`),
    ).rejects.toMatchObject({ cause: { constraint: 'payments_refunded_amount_check' } });
  });

  it('restocks chosen units with return movements, never more than were sold and not yet returned', async () => {
    const catalog = await createCatalogStore();
    const { call, order } = await paidOrder(catalog);
    const hoodieLine = order.items.find((item) => item.sku === 'BAL-HOE-NEG-M')! as PlacedOrder['items'][number] & {
      id: string;
    };
    const hoodie = catalog.variant('BAL-HOE-NEG-M').id!;
    const before = await stockOf(hoodie);

    const response = await call('POST', `/orders/${order.id}/refunds`, {
      amount: hoodieLine.unitPrice,
      restock: [{ orderItemId: hoodieLine.id, quantity: 1 }],
    });
    expect(response.status, await response.clone().text()).toBe(201);
    expect(await response.json()).toMatchObject({ restock: true });
    expect(await stockOf(hoodie)).toEqual({
      onHand: before.onHand + 1,
      reserved: before.reserved,
      movements: before.movements + 1,
    });
    const [movement] = await testDb().select().from(inventoryMovements).where(eq(inventoryMovements.type, 'return'));
    expect(movement).toMatchObject({ variantId: hoodie, onHandDelta: 1, referenceId: order.id, actorType: 'user' });

    const footprint = await paymentFootprint(order.id);
    const tooMany = await call('POST', `/orders/${order.id}/refunds`, {
      amount: 1,
      restock: [{ orderItemId: hoodieLine.id, quantity: 2 }],
    });
    expect(tooMany.status).toBe(422);
    expect(await tooMany.json()).toMatchObject({ errors: [{ path: 'restock.0.quantity' }] });
    const stranger = await call('POST', `/orders/${order.id}/refunds`, {
      amount: 1,
      restock: [{ orderItemId: uuidv7(), quantity: 1 }],
    });
    expect(await stranger.json()).toMatchObject({ errors: [{ path: 'restock.0.orderItemId' }] });
    expect(await paymentFootprint(order.id)).toEqual(footprint);
    await expectLedgerReconciles(catalog.storeId);
  });

  it('of a card payment go through Stripe with our refund id as Idempotency-Key; Stripe’s refusal is a 502 and nothing stays counted', async () => {
    const catalog = await createCatalogStore();
    const keys = await setUpStripe(catalog);
    const call = await ownerOf(catalog);
    const order = await placeCardOrder(catalog, 1);
    const succeeded = stripeEvent('payment_intent.succeeded', paymentIntentObject(order));
    expect(await (await sendWebhook(catalog.slug, succeeded, keys.webhookSecret)).json()).toMatchObject({
      outcome: 'applied',
    });
    const before = (await stripeRequests()).length;

    const { requests, result } = await countRoundTrips(() =>
      call('POST', `/orders/${order.id}/refunds`, { amount: 500, reason: 'Damaged' }),
    );
    expect(result.status, await result.clone().text()).toBe(201);
    expect(requests).toBe(2);
    const refund = await result.json<Refund>();
    expect(refund).toMatchObject({
      amount: 500,
      status: 'succeeded',
      payment: { status: 'partially_refunded', refundedAmount: 500 },
    });
    expect(refund.providerReference).toMatch(/^re_/);
    const [sent] = (await stripeRequests()).slice(before);
    expect(sent).toMatchObject({
      path: '/v1/refunds',
      authorization: `Bearer ${keys.secretKey}`,
      idempotencyKey: `refund:${refund.id}`,
      form: { payment_intent: order.payment.reference, amount: '500', 'metadata[refund_id]': refund.id },
    });

    await failNextStripeCall(402, 'charge_disputed', 'This charge is disputed.');
    const refused = await call('POST', `/orders/${order.id}/refunds`, { amount: 100 });
    expect(refused.status).toBe(502);
    expect(await refused.json()).toMatchObject({
      code: 'payment_provider_error',
      detail: expect.stringContaining('This charge is disputed.'),
    });
    const [payment] = await testDb().select().from(payments).where(eq(payments.id, order.payment.id));
    expect(payment).toMatchObject({ status: 'partially_refunded', refundedAmount: 500 });
    const list = await (await call('GET', `/orders/${order.id}/refunds`)).json<{ data: Refund[] }>();
    expect(list.data.map((row) => [row.amount, row.status])).toEqual([
      [500, 'succeeded'],
      [100, 'failed'],
    ]);
    expect(await eventTypes(order.id)).toContain('payment.refund_failed');

    // Stripe's own word on the refund it made changes nothing: it was counted already.
    const charged = stripeEvent('charge.refunded', {
      id: 'ch_1',
      payment_intent: order.payment.reference,
      amount_refunded: 500,
      currency: order.currency.toLowerCase(),
    });
    expect(await (await sendWebhook(catalog.slug, charged, keys.webhookSecret)).json()).toMatchObject({
      outcome: 'ignored',
    });
    // Stripe refuses more than is left, and so do we before asking it.
    const excessive = await call('POST', `/orders/${order.id}/refunds`, { amount: order.totals.total });
    expect(await excessive.json()).toMatchObject({ code: 'refund_exceeds_payment' });
  });

  it('settles a flagged payment: refunding all of it clears the flag', async () => {
    const catalog = await createCatalogStore();
    const { call, order } = await paidOrder(catalog, [['BAL-HOE-NEG-M', 1]]);
    await testDb().update(payments).set({ needsRefund: true }).where(eq(payments.id, order.payment!.id));
    const response = await call('POST', `/orders/${order.id}/refunds`, { amount: order.totals.total });
    expect(await response.json()).toMatchObject({ payment: { status: 'refunded', needsRefund: false } });
  });
});
