import { env } from 'cloudflare:workers';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { inventoryMovements, paymentAuditLog, payments, refunds, webhookEvents } from '../../src/db/schema';
import { createCatalogStore } from '../helpers/catalog';
import { expectLedgerReconciles, stockOf } from '../helpers/checkout';
import { eventTypes, ownerOf, placeOrder } from '../helpers/payments';
import {
  paymentIntentObject,
  placeCardOrder,
  sendWebhook,
  setUpStripe,
  stripeEvent,
  type CardOrder,
} from '../helpers/stripe';
import { testDb } from '../helpers/stores';

const onPostgres = env.TEST_DATABASE_BACKEND === 'postgres';
if (!onPostgres) {
  console.info(
    '[skipped] payment concurrency tests need real PostgreSQL (TEST_DATABASE_URL): PGlite runs one batch at a time, so nothing would race.',
  );
}

const succeeded = (order: CardOrder) => stripeEvent('payment_intent.succeeded', paymentIntentObject(order));

async function confirmations(paymentId: string) {
  const audit = await testDb()
    .select()
    .from(paymentAuditLog)
    .where(and(eq(paymentAuditLog.paymentId, paymentId), eq(paymentAuditLog.action, 'confirm')));
  return audit.length;
}

describe.runIf(onPostgres)('payments under concurrency (real PostgreSQL only; skipped on PGlite)', () => {
  it('the same webhook delivered 10 times at once takes effect once', async () => {
    const catalog = await createCatalogStore();
    const keys = await setUpStripe(catalog);
    const order = await placeCardOrder(catalog);
    const hoodie = catalog.variant('BAL-HOE-NEG-M').id!;
    const before = await stockOf(hoodie);
    const event = succeeded(order);

    const responses = await Promise.all(
      Array.from({ length: 10 }, () => sendWebhook(catalog.slug, event, keys.webhookSecret)),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(10).fill(200));
    const outcomes = (await Promise.all(responses.map((response) => response.json<{ outcome: string }>())))
      .map((body) => body.outcome)
      .sort();
    expect(outcomes).toEqual(['applied', ...Array(9).fill('duplicate')]);
    expect(await confirmations(order.payment.id)).toBe(1);
    expect(await stockOf(hoodie)).toEqual({
      onHand: before.onHand - 2,
      reserved: before.reserved - 2,
      movements: before.movements + 1,
    });
    expect((await eventTypes(order.id)).filter((type) => type === 'payment.succeeded')).toHaveLength(1);
    const [row] = await testDb()
      .select()
      .from(webhookEvents)
      .where(and(eq(webhookEvents.storeId, catalog.storeId), eq(webhookEvents.eventId, event.id)));
    expect(row).toMatchObject({ deliveries: 10, outcome: 'applied' });
    await expectLedgerReconciles(catalog.storeId);
  });

  it('a manual confirmation racing the webhook for the same payment gives one confirmation', async () => {
    const catalog = await createCatalogStore();
    const keys = await setUpStripe(catalog);
    const call = await ownerOf(catalog);
    for (let round = 0; round < 5; round++) {
      const order = await placeCardOrder(catalog);
      const [confirm, webhook] = await Promise.all([
        call('POST', `/payments/${order.payment.id}/confirm`),
        sendWebhook(catalog.slug, succeeded(order), keys.webhookSecret),
      ]);
      const outcome = (await webhook.json<{ outcome: string }>()).outcome;
      // Whichever came first confirmed; the other saw it done.
      expect([confirm.status, outcome]).toSatisfy(
        ([status, result]) => (status === 200 && result === 'ignored') || (status === 409 && result === 'applied'),
      );
      expect(await confirmations(order.payment.id)).toBe(1);
      const commits = await testDb()
        .select()
        .from(inventoryMovements)
        .where(and(eq(inventoryMovements.referenceId, order.id), eq(inventoryMovements.type, 'commit')));
      expect(commits).toHaveLength(1);
    }
    await expectLedgerReconciles(catalog.storeId);
  });

  it('two concurrent refunds cannot together exceed the payment, manual or card', async () => {
    const catalog = await createCatalogStore();
    const keys = await setUpStripe(catalog);
    const call = await ownerOf(catalog);
    const manual = await placeOrder(catalog, [['BAL-HOE-NEG-M', 1]]);
    await call('POST', `/payments/${manual.payment!.id}/confirm`);
    const card = await placeCardOrder(catalog);
    await sendWebhook(catalog.slug, succeeded(card), keys.webhookSecret);

    for (const order of [manual, card]) {
      const amount = Math.ceil(order.totals.total * 0.6);
      const responses = await Promise.all(
        Array.from({ length: 4 }, () => call('POST', `/orders/${order.id}/refunds`, { amount })),
      );
      expect(responses.map((response) => response.status).sort()).toEqual([201, 409, 409, 409]);
      const [payment] = await testDb().select().from(payments).where(eq(payments.id, order.payment!.id));
      expect(payment!.refundedAmount).toBe(amount);
      const made = await testDb().select().from(refunds).where(eq(refunds.paymentId, order.payment!.id));
      expect(made.map((refund) => [refund.amount, refund.status])).toEqual([[amount, 'succeeded']]);
    }
  });
});
