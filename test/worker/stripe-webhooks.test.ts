import { and, eq } from 'drizzle-orm';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { orders, paymentAuditLog, refunds, webhookEvents } from '../../src/db/schema';
import { countRoundTrips } from '../helpers/api';
import { createCatalogStore } from '../helpers/catalog';
import { expectLedgerReconciles, stockOf } from '../helpers/checkout';
import { eventTypes, ownerOf, paymentFootprint } from '../helpers/payments';
import {
  paymentIntentObject,
  placeCardOrder,
  sendWebhook,
  setUpStripe,
  stripeEvent,
  type CardOrder,
} from '../helpers/stripe';
import { testDb } from '../helpers/stores';
import { runCron } from '../helpers/scheduled';

async function cardStore() {
  const catalog = await createCatalogStore();
  const keys = await setUpStripe(catalog);
  return { catalog, keys };
}

const charge = (order: CardOrder, amountRefunded: number) => ({
  id: `ch_${order.id.replace(/-/g, '')}`,
  object: 'charge',
  amount: order.totals.total,
  amount_refunded: amountRefunded,
  currency: order.currency.toLowerCase(),
  payment_intent: order.payment.reference,
  refunded: amountRefunded === order.totals.total,
});

async function deliveries(storeId: string) {
  return testDb().select().from(webhookEvents).where(eq(webhookEvents.storeId, storeId));
}

describe('Stripe webhooks', () => {
  it('payment_intent.succeeded pays the order and commits its stock, in one round trip; again, it is a duplicate that changes nothing', async () => {
    const { catalog, keys } = await cardStore();
    const order = await placeCardOrder(catalog);
    const hoodie = catalog.variant('BAL-HOE-NEG-M').id!;
    const before = await stockOf(hoodie);
    const event = stripeEvent('payment_intent.succeeded', paymentIntentObject(order));
    // The store's signing secret is now kept by this isolate.
    await sendWebhook(catalog.slug, stripeEvent('customer.created', { id: 'cus_1' }), keys.webhookSecret);

    const { requests, result } = await countRoundTrips(() => sendWebhook(catalog.slug, event, keys.webhookSecret));
    expect(result.status, await result.clone().text()).toBe(200);
    expect(await result.json()).toEqual({ received: true, eventId: event.id, outcome: 'applied' });
    expect(requests).toBe(1);
    expect(await paymentFootprint(order.id)).toMatchObject({ order_status: 'paid', payments: 'confirmed:0:false' });
    expect(await stockOf(hoodie)).toEqual({
      onHand: before.onHand - 2,
      reserved: before.reserved - 2,
      movements: before.movements + 1,
    });
    const audit = await testDb().select().from(paymentAuditLog).where(eq(paymentAuditLog.paymentId, order.payment.id));
    expect(audit.map((row) => [row.action, row.source, row.actorType])).toContainEqual([
      'confirm',
      'webhook',
      'system',
    ]);
    expect(
      (await eventTypes(order.id)).filter((type) => type.startsWith('payment.') || type === 'order.paid').sort(),
    ).toEqual(['order.paid', 'payment.created', 'payment.succeeded']);

    const footprint = await paymentFootprint(order.id);
    for (let i = 0; i < 3; i++) {
      const again = await sendWebhook(catalog.slug, event, keys.webhookSecret);
      expect(await again.json()).toMatchObject({ outcome: 'duplicate' });
    }
    expect(await paymentFootprint(order.id)).toEqual(footprint);
    const [row] = (await deliveries(catalog.storeId)).filter((delivery) => delivery.eventId === event.id);
    expect(row).toMatchObject({
      signatureValid: true,
      deliveries: 4,
      outcome: 'applied',
      type: 'payment_intent.succeeded',
    });
    await expectLedgerReconciles(catalog.storeId);
  });

  it('refuses unsigned, wrongly signed, tampered, stale, future and malformed deliveries with a 400, logging each and changing nothing else', async () => {
    const { catalog, keys } = await cardStore();
    const order = await placeCardOrder(catalog);
    const event = stripeEvent('payment_intent.succeeded', paymentIntentObject(order));
    const body = JSON.stringify(event);
    const seconds = () => Math.floor(Date.now() / 1000);
    const now = seconds();
    const footprint = await paymentFootprint(order.id);
    const sign = (payload: string, secret: string, timestamp?: number) =>
      Stripe.webhooks.generateTestHeaderStringAsync({ payload, secret, timestamp });

    const refused = [
      await sendWebhook(catalog.slug, body, keys.webhookSecret, { header: '' }),
      await sendWebhook(catalog.slug, body, 'whsec_not_the_stores_secret'),
      await sendWebhook(catalog.slug, body, keys.webhookSecret, {
        header: await sign(body.replace(String(order.totals.total), '1'), keys.webhookSecret),
      }),
      // A minute beyond the tolerance, either way, so a slow run cannot bring them back within it.
      await sendWebhook(catalog.slug, body, keys.webhookSecret, { timestamp: seconds() - 360 }),
      await sendWebhook(catalog.slug, body, keys.webhookSecret, { timestamp: seconds() + 360 }),
      await sendWebhook(catalog.slug, body, keys.webhookSecret, { header: `t=${now}` }),
      await sendWebhook(catalog.slug, body, keys.webhookSecret, { header: `t=abc,v1=${'0'.repeat(64)}` }),
    ];
    for (const response of refused) {
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(await response.json()).toMatchObject({ code: 'invalid_signature' });
    }
    expect(await paymentFootprint(order.id)).toEqual(footprint);
    const logged = await deliveries(catalog.storeId);
    expect(logged.filter((row) => !row.signatureValid)).toHaveLength(refused.length);
    expect(logged.every((row) => row.outcome === 'rejected' && row.error)).toBe(true);

    // Signed, but not an event we can read: 400, logged, nothing else.
    for (const malformed of [
      '{not json',
      JSON.stringify({ id: 'evt_x' }),
      JSON.stringify(stripeEvent('payment_intent.succeeded', { id: 'pi_1', amount: 'ten' })),
    ]) {
      const response = await sendWebhook(catalog.slug, malformed, keys.webhookSecret);
      expect(response.status, malformed).toBe(400);
      expect(await response.json()).toMatchObject({ code: 'bad_request' });
    }
    expect(await paymentFootprint(order.id)).toEqual(footprint);

    // Within the tolerance, either way, with the right signature among several: accepted.
    const early = await sendWebhook(catalog.slug, body, keys.webhookSecret, { timestamp: seconds() + 200 });
    expect(early.status).toBe(200);
    const at = seconds();
    const rotated = `t=${at},v1=${'ab'.repeat(32)},${(await sign(body, keys.webhookSecret, at)).split(',')[1]}`;
    expect(await (await sendWebhook(catalog.slug, body, keys.webhookSecret, { header: rotated })).json()).toMatchObject(
      { outcome: 'duplicate' },
    );

    // Too large to be an event.
    const huge = JSON.stringify({ ...event, padding: 'x'.repeat(300 * 1024) });
    expect((await sendWebhook(catalog.slug, huge, keys.webhookSecret)).status).toBe(413);

    // A store that does not exist, or takes no cards.
    expect((await sendWebhook('no-such-store', body, keys.webhookSecret)).status).toBe(404);
    const plain = await createCatalogStore();
    expect((await sendWebhook(plain.slug, body, keys.webhookSecret)).status).toBe(404);
  });

  it('a new signing secret works at once, even where the old one was kept', async () => {
    const { catalog, keys } = await cardStore();
    await sendWebhook(catalog.slug, stripeEvent('customer.created', { id: 'cus_1' }), keys.webhookSecret);
    const rotated = await setUpStripe(catalog);
    const response = await sendWebhook(
      catalog.slug,
      stripeEvent('customer.created', { id: 'cus_2' }),
      rotated.webhookSecret,
    );
    expect(await response.json()).toMatchObject({ outcome: 'ignored' });
    const [logged] = (await deliveries(catalog.storeId)).filter(
      (row) => row.type === 'customer.created' && row.signatureValid && row.outcome === 'ignored',
    );
    expect(logged!.error).toBeNull();
    expect(
      (await sendWebhook(catalog.slug, stripeEvent('customer.created', { id: 'cus_3' }), keys.webhookSecret)).status,
    ).toBe(400);
  });

  it('payment_failed keeps the payment payable and records why; a later success still pays; a late failure changes nothing', async () => {
    const { catalog, keys } = await cardStore();
    const order = await placeCardOrder(catalog);
    const failed = stripeEvent(
      'payment_intent.payment_failed',
      paymentIntentObject(order, {
        status: 'requires_payment_method',
        amount_received: 0,
        last_payment_error: { code: 'card_declined', message: 'Your card was declined.' },
      }),
    );
    expect(await (await sendWebhook(catalog.slug, failed, keys.webhookSecret)).json()).toMatchObject({
      outcome: 'applied',
    });
    const [payment] = await (await ownerOf(catalog))('GET', `/payments/${order.payment.id}`).then((response) =>
      response.json<{ status: string; failureReason: string }[]>().then((body) => [body]),
    );
    expect(payment).toMatchObject({ status: 'pending', failureReason: 'Your card was declined.' });
    expect(await eventTypes(order.id)).toContain('payment.failed');

    expect(
      await (
        await sendWebhook(
          catalog.slug,
          stripeEvent('payment_intent.succeeded', paymentIntentObject(order)),
          keys.webhookSecret,
        )
      ).json(),
    ).toMatchObject({ outcome: 'applied' });
    const late = stripeEvent(
      'payment_intent.payment_failed',
      paymentIntentObject(order, { last_payment_error: { message: 'Out of order' } }),
    );
    expect(await (await sendWebhook(catalog.slug, late, keys.webhookSecret)).json()).toMatchObject({
      outcome: 'ignored',
    });
    expect(await paymentFootprint(order.id)).toMatchObject({ order_status: 'paid', payments: 'confirmed:0:false' });
  });

  it('a success for an order that expired never revives it: the payment is recorded, flagged for refund, and an event says so', async () => {
    const { catalog, keys } = await cardStore();
    const order = await placeCardOrder(catalog);
    const hoodie = catalog.variant('BAL-HOE-NEG-M').id!;
    await testDb()
      .update(orders)
      .set({ reservationExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(orders.id, order.id));
    await runCron();
    const stock = await stockOf(hoodie);

    const response = await sendWebhook(
      catalog.slug,
      stripeEvent('payment_intent.succeeded', paymentIntentObject(order)),
      keys.webhookSecret,
    );
    expect(await response.json()).toMatchObject({ outcome: 'flagged' });
    expect(await paymentFootprint(order.id)).toMatchObject({ order_status: 'cancelled', payments: 'confirmed:0:true' });
    expect(await stockOf(hoodie)).toEqual(stock);
    expect(await eventTypes(order.id)).toContain('payment.needs_refund');
    expect(await eventTypes(order.id)).not.toContain('payment.succeeded');
    const audit = await testDb()
      .select()
      .from(paymentAuditLog)
      .where(and(eq(paymentAuditLog.paymentId, order.payment.id), eq(paymentAuditLog.action, 'flag_for_refund')));
    expect(audit).toMatchObject([{ fromStatus: 'expired', toStatus: 'confirmed', source: 'webhook' }]);
    const flagged = await (await ownerOf(catalog))('GET', '/payments?needsRefund=true');
    expect((await flagged.json<{ data: { id: string }[] }>()).data.map((payment) => payment.id)).toEqual([
      order.payment.id,
    ]);

    // A success of another amount is flagged too, and the order stays unpaid.
    const other = await placeCardOrder(catalog, 1);
    const short = stripeEvent('payment_intent.succeeded', paymentIntentObject(other, { amount_received: 100 }));
    expect(await (await sendWebhook(catalog.slug, short, keys.webhookSecret)).json()).toMatchObject({
      outcome: 'flagged',
    });
    expect(await paymentFootprint(other.id)).toMatchObject({
      order_status: 'pending_payment',
      payments: 'confirmed:0:true',
    });
    await expectLedgerReconciles(catalog.storeId);
  });

  it('charge.refunded before the success is deferred (409) and applied on a later delivery; a refund already recorded is ignored', async () => {
    const { catalog, keys } = await cardStore();
    const order = await placeCardOrder(catalog);
    const refunded = stripeEvent('charge.refunded', charge(order, 1000));
    const early = await sendWebhook(catalog.slug, refunded, keys.webhookSecret);
    expect(early.status).toBe(409);
    expect(await early.json()).toMatchObject({ code: 'webhook_deferred' });
    expect(await paymentFootprint(order.id)).toMatchObject({ payments: 'pending:0:false', refunds: '0' });

    await sendWebhook(
      catalog.slug,
      stripeEvent('payment_intent.succeeded', paymentIntentObject(order)),
      keys.webhookSecret,
    );
    const later = await sendWebhook(catalog.slug, refunded, keys.webhookSecret);
    expect(await later.json()).toMatchObject({ outcome: 'applied' });
    expect(await paymentFootprint(order.id)).toMatchObject({
      order_status: 'paid',
      payments: 'partially_refunded:1000:false',
      refunds: '1',
    });
    const [refund] = await testDb().select().from(refunds).where(eq(refunds.orderId, order.id));
    expect(refund).toMatchObject({ amount: 1000, status: 'succeeded', createdByType: 'system' });
    expect(await eventTypes(order.id)).toContain('payment.refunded');

    // The same cumulative amount in a new event: nothing new to record.
    expect(
      await (
        await sendWebhook(catalog.slug, stripeEvent('charge.refunded', charge(order, 1000)), keys.webhookSecret)
      ).json(),
    ).toMatchObject({ outcome: 'ignored' });
    const full = await sendWebhook(
      catalog.slug,
      stripeEvent('charge.refunded', charge(order, order.totals.total)),
      keys.webhookSecret,
    );
    expect(await full.json()).toMatchObject({ outcome: 'applied' });
    expect(await paymentFootprint(order.id)).toMatchObject({
      payments: `refunded:${order.totals.total}:false`,
      refunds: '2',
    });
  });

  it('events for payments the store does not have, and types it does not handle, are logged and ignored', async () => {
    const { catalog, keys } = await cardStore();
    const other = await cardStore();
    const theirs = await placeCardOrder(other.catalog);
    const footprint = await paymentFootprint(theirs.id);
    const response = await sendWebhook(
      catalog.slug,
      stripeEvent('payment_intent.succeeded', paymentIntentObject(theirs)),
      keys.webhookSecret,
    );
    expect(await response.json()).toMatchObject({ outcome: 'ignored' });
    expect(await paymentFootprint(theirs.id)).toEqual(footprint);
    const [logged] = await deliveries(catalog.storeId);
    expect(logged).toMatchObject({ outcome: 'ignored', error: 'No payment of this store has this PaymentIntent.' });
  });
});
