import { env } from 'cloudflare:workers';
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { campaigns, events, orders, paymentAuditLog, payments, webhookDeliveries } from '../../src/db/schema';
import { uuidv7 } from '../../src/lib/ids';
import { settleDueCampaigns } from '../../src/services/campaigns/settle';
import { stripeSettings } from '../../src/services/payments/stripe-api';
import { relayAndEnqueue } from '../../src/services/webhooks/relay';
import { countRoundTrips } from '../helpers/api';
import { accessTokenFor } from '../helpers/auth';
import { insertTestCampaign, joinThroughCheckout, type TestCampaign } from '../helpers/campaigns';
import { type CatalogStore, createCatalogStore } from '../helpers/catalog';
import { expectLedgerReconciles, type PlacedOrder, stockOf } from '../helpers/checkout';
import { moveOrder } from '../helpers/orders';
import { adminCaller, ownerOf } from '../helpers/payments';
import {
  authorizeIntent,
  failNextStripeCallFor,
  sendWebhook,
  setUpStripe,
  type StripeKeys,
  stripeEvent,
  stripeRequests,
} from '../helpers/stripe';
import { auditRowsOf, testDb } from '../helpers/stores';
import { collectingQueue, createTestEndpoint, receivedBy, sendAll, testSender } from '../helpers/webhooks';
import { runCron } from '../helpers/scheduled';

const HOODIE = 'BAL-HOE-NEG-M';

const settle = () => settleDueCampaigns(testDb(), stripeSettings(env), new Date());

/** A store taking cards, with a hoodie campaign open for an hour. */
async function campaignStore(options: Parameters<typeof insertTestCampaign>[1] = {}) {
  const catalog = await createCatalogStore();
  const keys = await setUpStripe(catalog);
  const campaign = await insertTestCampaign(catalog, {
    sku: HOODIE,
    startsAt: new Date(Date.now() - 7_200_000),
    ...options,
  });
  return { catalog, keys, campaign };
}

/** The campaign's end has come (a second ago). */
async function endCampaign(campaign: TestCampaign) {
  await testDb().execute(sql`UPDATE campaigns SET ends_at = now() - interval '1 second' WHERE id = ${campaign.id}`);
}

/** The buyer's card is authorised at Stripe, and Stripe tells the store with a signed webhook. */
async function authorize(catalog: CatalogStore, keys: StripeKeys, order: PlacedOrder) {
  const intent = await authorizeIntent(order.payment!.reference);
  expect(intent.status).toBe('requires_capture');
  const response = await sendWebhook(
    catalog.slug,
    stripeEvent('payment_intent.amount_capturable_updated', intent),
    keys.webhookSecret,
  );
  expect(await response.json()).toMatchObject({ outcome: 'applied' });
}

async function paymentOf(order: PlacedOrder) {
  const [row] = await testDb().select().from(payments).where(eq(payments.orderId, order.id));
  return row!;
}

async function orderRow(order: PlacedOrder) {
  const [row] = await testDb().select().from(orders).where(eq(orders.id, order.id));
  return row!;
}

async function campaignRow(campaign: TestCampaign) {
  const [row] = await testDb().select().from(campaigns).where(eq(campaigns.id, campaign.id));
  return row!;
}

async function campaignEvents(campaign: TestCampaign) {
  return testDb()
    .select()
    .from(events)
    .where(and(eq(events.aggregateType, 'campaign'), eq(events.aggregateId, campaign.id)));
}

/** Paths the Stripe stand-in saw since `before` requests. */
async function stripePathsSince(before: number) {
  return (await stripeRequests()).slice(before).map((request) => `${request.method} ${request.path}`);
}

describe('a campaign that reaches its minimum by its end', () => {
  it('succeeds: card holds are captured (then Stripe’s webhook pays the order), manual orders carry on with a fresh hold', async () => {
    const { catalog, keys, campaign } = await campaignStore({ minParticipants: 2 });
    const card = await joinThroughCheckout(catalog, campaign, { paymentMethod: 'card', stripe: keys });
    const manual = await joinThroughCheckout(catalog, campaign);
    // The PaymentIntent was made (by the retry, once the participant row existed) to authorise only.
    const created = (await stripeRequests()).filter(
      (request) => request.path === '/v1/payment_intents' && request.form['metadata[order_id]'] === card.id,
    );
    expect(created.at(-1)?.form.capture_method).toBe('manual');
    await authorize(catalog, keys, card);
    const authorized = await paymentOf(card);
    expect(authorized).toMatchObject({ status: 'pending', captureRequestedAt: null });
    expect(authorized.authorizedAt).not.toBeNull();
    const hoodie = catalog.variant(HOODIE).id!;
    const stock = await stockOf(hoodie);
    await endCampaign(campaign);
    const before = (await stripeRequests()).length;

    expect(await settle()).toMatchObject({ successful: 1, failed: 0, capturesRequested: 1 });
    expect(await campaignRow(campaign)).toMatchObject({ status: 'successful' });
    expect((await campaignEvents(campaign)).map((event) => [event.type, event.payload])).toEqual([
      [
        'group-commerce.campaign.successful',
        {
          campaignId: campaign.id,
          participants: 2,
          minParticipants: 2,
          maxParticipants: 5,
          reason: 'ended',
          orders: 2,
        },
      ],
    ]);
    expect(await stripePathsSince(before)).toEqual([`POST /v1/payment_intents/${card.payment!.reference}/capture`]);
    const captured = await paymentOf(card);
    expect(captured.status).toBe('pending');
    expect(captured.captureRequestedAt).not.toBeNull();
    const audit = await testDb().select().from(paymentAuditLog).where(eq(paymentAuditLog.paymentId, captured.id));
    expect(audit.map((row) => row.action)).toEqual(expect.arrayContaining(['authorize', 'capture_requested']));
    // The manual order holds its stock for the store's reservation time (60 minutes) from now.
    const manualHold = Date.parse(String((await orderRow(manual)).reservationExpiresAt)) - Date.now();
    expect(manualHold).toBeGreaterThan(55 * 60_000);
    expect(manualHold).toBeLessThanOrEqual(60 * 60_000);

    // Stripe took the money: its webhook pays the order as for any card.
    const intent = (await (
      await fetch(`${env.STRIPE_API_BASE}/v1/payment_intents/${card.payment!.reference}`, {
        headers: { authorization: `Bearer ${keys.secretKey}` },
      })
    ).json()) as Record<string, unknown>;
    expect(intent.status).toBe('succeeded');
    const paid = await sendWebhook(catalog.slug, stripeEvent('payment_intent.succeeded', intent), keys.webhookSecret);
    expect(await paid.json()).toMatchObject({ outcome: 'applied' });
    expect((await orderRow(card)).status).toBe('paid');
    expect((await orderRow(manual)).status).toBe('pending_payment');
    expect(await stockOf(hoodie)).toMatchObject({ onHand: stock.onHand - 1, reserved: stock.reserved - 1 });
    // A second run finds nothing left to do.
    expect(await settle()).toEqual({ successful: 0, failed: 0, capturesRequested: 0, capturesRefused: 0 });
    await expectLedgerReconciles(catalog.storeId);
  });

  it('captures a card authorised after the success at the next run; a refused capture lets the hold go and the expiry cancels the order', async () => {
    const { catalog, keys, campaign } = await campaignStore({ minParticipants: 2 });
    const late = await joinThroughCheckout(catalog, campaign, { paymentMethod: 'card', stripe: keys });
    const refused = await joinThroughCheckout(catalog, campaign, { paymentMethod: 'card', stripe: keys });
    await authorize(catalog, keys, refused);
    await endCampaign(campaign);
    // Stripe refuses the capture: the authorisation lapsed.
    await failNextStripeCallFor(keys.secretKey, 400, 'payment_intent_unexpected_state', 'The authorization expired.');
    expect(await settle()).toMatchObject({ successful: 1, capturesRequested: 0, capturesRefused: 1 });
    const let_go = await paymentOf(refused);
    expect(let_go).toMatchObject({ status: 'pending', authorizedAt: null, captureRequestedAt: null });
    expect(let_go.failureReason).toMatch(/Capture refused/);
    expect(Date.parse(String((await orderRow(refused)).reservationExpiresAt))).toBeLessThanOrEqual(Date.now());

    // The late buyer's card is authorised after the success: the next run captures it.
    await authorize(catalog, keys, late);
    const before = (await stripeRequests()).length;
    await runCron(new Date(Date.now() + 1000));
    expect(await stripePathsSince(before)).toEqual(
      expect.arrayContaining([
        `POST /v1/payment_intents/${late.payment!.reference}/capture`,
        `POST /v1/payment_intents/${refused.payment!.reference}/cancel`,
      ]),
    );
    expect((await paymentOf(late)).captureRequestedAt).not.toBeNull();
    expect(await orderRow(refused)).toMatchObject({ status: 'cancelled', cancelReason: 'reservation_expired' });
    await expectLedgerReconciles(catalog.storeId);
  });
  it('leaves a hold whose capture had an unknown outcome (Stripe unreachable) for the next run', async () => {
    const { catalog, keys, campaign } = await campaignStore({ minParticipants: 1 });
    const card = await joinThroughCheckout(catalog, campaign, { paymentMethod: 'card', stripe: keys });
    await authorize(catalog, keys, card);
    await endCampaign(campaign);
    await failNextStripeCallFor(keys.secretKey, 503);
    expect(await settle()).toMatchObject({ successful: 1, capturesRequested: 0, capturesRefused: 0 });
    const kept = await paymentOf(card);
    expect(kept.authorizedAt).not.toBeNull();
    expect(kept).toMatchObject({ status: 'pending', captureRequestedAt: null, failureReason: null });
    expect(await settle()).toMatchObject({ successful: 0, capturesRequested: 1 });
    expect((await paymentOf(card)).captureRequestedAt).not.toBeNull();
  });
});

describe('a campaign below its minimum at its end', () => {
  it('fails: every order cancelled, stock released or returned, holds cancelled at Stripe, a confirmed manual payment flagged for refund, events relayed', async () => {
    const { catalog, keys, campaign } = await campaignStore({ minParticipants: 5 });
    const endpoint = await createTestEndpoint(catalog.storeId, { events: ['group-commerce.campaign.*'] });
    const hoodie = catalog.variant(HOODIE).id!;
    const stock = await stockOf(hoodie);
    const authorized = await joinThroughCheckout(catalog, campaign, { paymentMethod: 'card', stripe: keys });
    const unauthorized = await joinThroughCheckout(catalog, campaign, { paymentMethod: 'card', stripe: keys });
    const pending = await joinThroughCheckout(catalog, campaign);
    const confirmed = await joinThroughCheckout(catalog, campaign);
    await authorize(catalog, keys, authorized);
    const call = await ownerOf(catalog);
    expect((await call('POST', `/payments/${confirmed.payment!.id}/confirm`, {})).status).toBe(200);
    await endCampaign(campaign);
    const before = (await stripeRequests()).length;

    // Two runs one after the other (PGlite) or at once (PostgreSQL): settled once.
    await Promise.all([settle(), settle()]);
    expect(await settle()).toMatchObject({ successful: 0, failed: 0 });
    expect(await campaignRow(campaign)).toMatchObject({ status: 'failed', cancelReason: null });
    expect((await campaignEvents(campaign)).map((event) => [event.type, event.payload])).toEqual([
      [
        'group-commerce.campaign.failed',
        {
          campaignId: campaign.id,
          participants: 4,
          minParticipants: 5,
          maxParticipants: 5,
          reason: 'ended',
          orders: 4,
          alreadyShipped: 0,
        },
      ],
    ]);
    for (const order of [authorized, unauthorized, pending, confirmed]) {
      expect(await orderRow(order)).toMatchObject({ status: 'cancelled', cancelReason: 'campaign_failed' });
    }
    expect((await paymentOf(authorized)).status).toBe('cancelled');
    expect((await paymentOf(pending)).status).toBe('cancelled');
    expect(await paymentOf(confirmed)).toMatchObject({ status: 'confirmed', needsRefund: true });
    expect((await stripePathsSince(before)).sort()).toEqual(
      [
        `POST /v1/payment_intents/${authorized.payment!.reference}/cancel`,
        `POST /v1/payment_intents/${unauthorized.payment!.reference}/cancel`,
      ].sort(),
    );
    expect(await stockOf(hoodie)).toMatchObject({ onHand: stock.onHand, reserved: stock.reserved });
    const { rows } = await testDb().execute<{ type: string; n: string }>(sql`SELECT type, count(*) AS n FROM events
      WHERE store_id = ${catalog.storeId} AND type IN ('payment.cancelled', 'payment.needs_refund', 'order.cancelled', 'inventory.returned')
      GROUP BY type ORDER BY type`);
    expect(rows.map((row) => [row.type, Number(row.n)])).toEqual([
      ['inventory.returned', 1],
      ['order.cancelled', 4],
      ['payment.cancelled', 3],
      ['payment.needs_refund', 1],
    ]);
    await expectLedgerReconciles(catalog.storeId);

    // The relay delivers the event to the endpoint subscribed to the family.
    await relayAndEnqueue(testDb(), collectingQueue(), new Date(), 10);
    const deliveries = await testDb()
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.endpointId, endpoint.id));
    expect(deliveries).toHaveLength(1);
    await sendAll(
      testSender(collectingQueue()),
      deliveries.map((row) => row.id),
      new Date(),
    );
    const [received] = await receivedBy(endpoint);
    expect(JSON.parse(received!.body)).toMatchObject({
      type: 'group-commerce.campaign.failed',
      data: { campaignId: campaign.id, reason: 'ended' },
    });
  });

  it('is left alone by the expiry job until it ends, whatever its orders’ reservation time says', async () => {
    const { catalog, campaign } = await campaignStore({ minParticipants: 3 });
    const order = await joinThroughCheckout(catalog, campaign);
    await testDb()
      .update(orders)
      .set({ reservationExpiresAt: new Date(Date.now() - 60_000) })
      .where(eq(orders.id, order.id));
    await runCron();
    expect((await orderRow(order)).status).toBe('pending_payment');
    expect((await campaignRow(campaign)).status).toBe('active');
    await endCampaign(campaign);
    await runCron();
    expect(await orderRow(order)).toMatchObject({ status: 'cancelled', cancelReason: 'campaign_failed' });
    expect((await campaignRow(campaign)).status).toBe('failed');
    await expectLedgerReconciles(catalog.storeId);
  });
});

describe('cancelling a campaign', () => {
  it('releases everyone as a failure would, audited, in one round trip; again it changes nothing; a settled one is a 409', async () => {
    const { catalog, keys, campaign } = await campaignStore({ minParticipants: 2 });
    const card = await joinThroughCheckout(catalog, campaign, { paymentMethod: 'card', stripe: keys });
    const manual = await joinThroughCheckout(catalog, campaign);
    const paid = await joinThroughCheckout(catalog, campaign);
    const shipped = await joinThroughCheckout(catalog, campaign);
    await authorize(catalog, keys, card);
    const call = await ownerOf(catalog);
    for (const order of [paid, shipped])
      expect((await call('POST', `/payments/${order.payment!.id}/confirm`, {})).status).toBe(200);
    expect((await moveOrder(call, shipped.id, 'preparing')).status).toBe(200);
    expect((await call('POST', `/orders/${shipped.id}/shipments`, { carrier: 'Correo Argentino' })).status).toBe(201);
    const hoodie = catalog.variant(HOODIE).id!;
    const stock = await stockOf(hoodie);
    const before = (await stripeRequests()).length;
    const reason = 'The supplier cannot deliver in time.';

    const { requests, result } = await countRoundTrips(() =>
      call('POST', `/campaigns/${campaign.id}/cancel`, { reason }),
    );
    expect(result.status, await result.clone().text()).toBe(200);
    expect(requests).toBe(1);
    const answer = await result.json<Record<string, unknown>>();
    expect(answer).toMatchObject({
      campaignId: campaign.id,
      status: 'cancelled',
      reason,
      orders: { cancelled: 3, flaggedForRefund: 1, alreadyShipped: 1 },
    });
    for (const order of [card, manual, paid])
      expect(await orderRow(order)).toMatchObject({ status: 'cancelled', cancelReason: 'campaign_cancelled' });
    // The parcel already left: that order stays with its buyer.
    expect((await orderRow(shipped)).status).toBe('shipped');
    expect(await paymentOf(paid)).toMatchObject({ status: 'confirmed', needsRefund: true });
    expect(await paymentOf(shipped)).toMatchObject({ status: 'confirmed', needsRefund: false });
    expect(await stripePathsSince(before)).toEqual([`POST /v1/payment_intents/${card.payment!.reference}/cancel`]);
    // Held units released (card, manual), the paid order's returned; the shipped unit stays sold.
    expect(await stockOf(hoodie)).toMatchObject({ onHand: stock.onHand + 1, reserved: stock.reserved - 2 });
    expect((await auditRowsOf(catalog.storeId, 'campaign.cancelled')).map((row) => [row.entityId, row.after])).toEqual([
      [campaign.id, { status: 'cancelled', reason }],
    ]);
    expect((await campaignEvents(campaign)).map((event) => [event.type, event.payload])).toEqual([
      [
        'group-commerce.campaign.cancelled',
        {
          campaignId: campaign.id,
          participants: 4,
          minParticipants: 2,
          maxParticipants: 5,
          reason,
          orders: 3,
          alreadyShipped: 1,
        },
      ],
    ]);

    // Again: the same answer, nothing new.
    const again = await call('POST', `/campaigns/${campaign.id}/cancel`);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(answer);
    expect(await auditRowsOf(catalog.storeId, 'campaign.cancelled')).toHaveLength(1);
    expect(await campaignEvents(campaign)).toHaveLength(1);
    await expectLedgerReconciles(catalog.storeId);

    // Settlement passes it by.
    await endCampaign(campaign);
    await settle();
    expect((await campaignRow(campaign)).status).toBe('cancelled');
  });

  it('is a 409 once settled, a 404 for another store’s or an unknown campaign, refuses bad bodies and staff', async () => {
    const { catalog, campaign } = await campaignStore({ minParticipants: 1 });
    await joinThroughCheckout(catalog, campaign);
    const other = await campaignStore();
    const call = await ownerOf(catalog);

    for (const body of [
      { reason: '' },
      { reason: 'x'.repeat(501) },
      { reason: 5 },
      { reason: 'ok', extra: true },
      [],
    ]) {
      const response = await call('POST', `/campaigns/${campaign.id}/cancel`, body);
      expect(response.status, JSON.stringify(body)).toBe(422);
    }
    expect((await call('POST', `/campaigns/${other.campaign.id}/cancel`)).status).toBe(404);
    expect((await call('POST', `/campaigns/${uuidv7()}/cancel`)).status).toBe(404);
    expect((await call('POST', '/campaigns/not-a-uuid/cancel')).status).toBe(422);
    expect((await campaignRow(other.campaign)).status).toBe('active');

    const staff = await accessTokenFor({ id: uuidv7(), email: 'staff@example.test' }, [
      { id: catalog.storeId, slug: catalog.slug, role: 'staff' },
    ]);
    expect((await adminCaller(catalog.slug, staff)('POST', `/campaigns/${campaign.id}/cancel`)).status).toBe(403);
    expect((await campaignRow(campaign)).status).toBe('active');

    await endCampaign(campaign);
    await settle();
    expect((await campaignRow(campaign)).status).toBe('successful');
    const refused = await call('POST', `/campaigns/${campaign.id}/cancel`);
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ code: 'invalid_transition' });
    expect(await auditRowsOf(catalog.storeId, 'campaign.cancelled')).toHaveLength(0);
  });
});

describe('the Stripe authorisation webhook', () => {
  it('marks the pending payment authorised once; a partial hold, a duplicate or another status changes nothing', async () => {
    const { catalog, keys, campaign } = await campaignStore();
    const order = await joinThroughCheckout(catalog, campaign, { paymentMethod: 'card', stripe: keys });
    const intent = await authorizeIntent(order.payment!.reference);
    const amount = order.totals.total;
    const deliver = async (object: Record<string, unknown>, id?: string) =>
      (
        await sendWebhook(
          catalog.slug,
          stripeEvent('payment_intent.amount_capturable_updated', object, id),
          keys.webhookSecret,
        )
      ).json();

    expect(await deliver({ ...intent, amount_capturable: amount - 1 })).toMatchObject({ outcome: 'ignored' });
    expect(await deliver({ ...intent, status: 'processing' })).toMatchObject({ outcome: 'ignored' });
    expect((await paymentOf(order)).authorizedAt).toBeNull();
    const event = `evt_${uuidv7().replace(/-/g, '')}`;
    const { requests, result } = await countRoundTrips(() => deliver(intent, event));
    expect(result).toMatchObject({ outcome: 'applied' });
    expect(requests).toBe(1);
    expect(await deliver(intent, event)).toMatchObject({ outcome: 'duplicate' });
    expect(await deliver(intent)).toMatchObject({ outcome: 'ignored' });
    const payment = await paymentOf(order);
    expect(payment.status).toBe('pending');
    const { rows } = await testDb().execute<{ payload: Record<string, unknown> }>(
      sql`SELECT payload FROM events WHERE aggregate_id = ${payment.id} AND type = 'payment.authorized'`,
    );
    expect(rows.map((row) => row.payload)).toEqual([
      expect.objectContaining({ paymentId: payment.id, orderId: order.id, status: 'pending', amount }),
    ]);
    const malformed = await sendWebhook(
      catalog.slug,
      stripeEvent('payment_intent.amount_capturable_updated', { id: intent.id, amount, currency: 'usd' }),
      keys.webhookSecret,
    );
    expect(malformed.status).toBe(400);
  });
});
