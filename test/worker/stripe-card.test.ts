import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, orders, payments, stripeAccounts } from '../../src/db/schema';
import { uuidv7 } from '../../src/lib/ids';
import { api, countRoundTrips } from '../helpers/api';
import { createCatalogStore } from '../helpers/catalog';
import { checkoutBody, postCheckout, type PlacedOrder } from '../helpers/checkout';
import { ownerOf } from '../helpers/payments';
import { failNextStripeCall, placeCardOrder, setUpStripe, stripeRequests } from '../helpers/stripe';
import { testDb } from '../helpers/stores';
import { accessTokenFor } from '../helpers/auth';
import { runCron } from '../helpers/scheduled';

type CardOrder = PlacedOrder & { payment: PlacedOrder['payment'] & { clientSecret?: string; publishableKey?: string } };

function cardCheckout(catalog: Awaited<ReturnType<typeof createCatalogStore>>, key = uuidv7()) {
  const body = checkoutBody(
    catalog,
    { items: [{ variantId: catalog.variant('BAL-HOE-NEG-M').id, quantity: 2 }] },
    { paymentMethod: 'card' },
  );
  return postCheckout(catalog.slug, body, { key });
}

describe('a store’s Stripe account', () => {
  it('is set by the owner, answered without its secrets, sealed at rest, audited without secrets, and removed', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    expect(await (await call('GET', '/payment-providers/stripe')).json()).toMatchObject({
      configured: false,
      mode: null,
      webhookUrl: `/v1/webhooks/stripe/${catalog.slug}`,
    });

    const keys = await setUpStripe(catalog);
    const answered = await (await call('GET', '/payment-providers/stripe')).text();
    expect(JSON.parse(answered)).toMatchObject({
      configured: true,
      mode: 'test',
      publishableKey: keys.publishableKey,
      secretKeyLast4: keys.secretKey.slice(-4),
    });
    expect(answered).not.toContain(keys.secretKey);
    expect(answered).not.toContain(keys.webhookSecret);

    const [row] = await testDb().select().from(stripeAccounts).where(eq(stripeAccounts.storeId, catalog.storeId));
    expect(row!.secretKeySealed).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain(keys.secretKey.slice(8));
    expect(JSON.stringify(row)).not.toContain(keys.webhookSecret.slice(6));
    const audit = await testDb().select().from(auditLog).where(eq(auditLog.storeId, catalog.storeId));
    expect(audit.map((entry) => entry.action)).toEqual(['stripe_account.set']);
    expect(JSON.stringify(audit)).not.toContain(keys.secretKey.slice(8));

    expect((await call('DELETE', '/payment-providers/stripe')).status).toBe(204);
    expect((await call('DELETE', '/payment-providers/stripe')).status).toBe(404);
    const refused = await cardCheckout(catalog);
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ errors: [{ path: 'paymentMethod' }] });
  });

  it('refuses keys that are not Stripe keys, mixed modes, and members without store:write', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const good = {
      publishableKey: 'pk_test_abcdefgh12',
      secretKey: 'sk_test_abcdefgh12',
      webhookSecret: 'whsec_abcdefgh12',
    };
    for (const bad of [
      { ...good, secretKey: 'pk_test_abcdefgh12' },
      { ...good, publishableKey: 'pk_live_abcdefgh12' },
      { ...good, webhookSecret: 'secret' },
      { ...good, extra: 1 },
      { publishableKey: good.publishableKey },
    ]) {
      const response = await call('PUT', '/payment-providers/stripe', bad);
      expect(response.status, JSON.stringify(bad)).toBe(422);
    }
    const staff = await accessTokenFor({ id: uuidv7(), email: 'staff@example.test' }, [
      { id: catalog.storeId, slug: catalog.slug, role: 'staff' },
    ]);
    const denied = await api(`/v1/admin/stores/${catalog.slug}/payment-providers/stripe`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${staff}`, 'content-type': 'application/json' },
      body: JSON.stringify(good),
    });
    expect(denied.status).toBe(403);
    expect(await testDb().select().from(stripeAccounts).where(eq(stripeAccounts.storeId, catalog.storeId))).toEqual([]);
  });
});

describe('card checkout', () => {
  it('creates a PaymentIntent for the total with the store’s key and answers its client secret; a replay answers it again', async () => {
    const catalog = await createCatalogStore();
    const keys = await setUpStripe(catalog);
    const key = uuidv7();
    const before = (await stripeRequests()).length;

    const { requests, result } = await countRoundTrips(() => cardCheckout(catalog, key));
    expect(result.status, await result.clone().text()).toBe(201);
    // The order's batch, then the PaymentIntent's id.
    expect(requests).toBe(2);
    const order = await result.json<CardOrder>();
    expect(order.payment).toMatchObject({ method: 'card', status: 'pending', publishableKey: keys.publishableKey });
    expect(order.payment!.reference).toMatch(/^pi_/);
    expect(order.payment!.clientSecret).toMatch(new RegExp(`^${order.payment!.reference}_secret_`));

    const [sent] = (await stripeRequests()).slice(before);
    expect(sent).toMatchObject({
      method: 'POST',
      path: '/v1/payment_intents',
      authorization: `Bearer ${keys.secretKey}`,
      idempotencyKey: `payment-intent:${order.payment!.id}`,
      form: {
        amount: String(order.totals.total),
        currency: order.currency.toLowerCase(),
        'metadata[order_id]': order.id,
        'metadata[payment_id]': order.payment!.id,
      },
    });
    const [row] = await testDb().select().from(payments).where(eq(payments.id, order.payment!.id));
    expect(row).toMatchObject({
      provider: 'stripe',
      providerReference: order.payment!.reference,
      amount: order.totals.total,
    });

    const replay = await countRoundTrips(() => cardCheckout(catalog, key));
    expect(replay.result.status).toBe(201);
    expect(replay.result.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.requests).toBe(1);
    expect((await replay.result.json<CardOrder>()).payment!.clientSecret).toBe(order.payment!.clientSecret);
    expect((await stripeRequests()).slice(before + 1).map((request) => `${request.method} ${request.path}`)).toEqual([
      `GET /v1/payment_intents/${order.payment!.reference}`,
    ]);
  });

  it('when Stripe cannot be reached the order stands and the buyer gets a 502; the retry with the same key makes the PaymentIntent once', async () => {
    const catalog = await createCatalogStore();
    await setUpStripe(catalog);
    const key = uuidv7();
    await failNextStripeCall(503);
    const failed = await cardCheckout(catalog, key);
    expect(failed.status).toBe(502);
    const problem = await failed.json<{ code: string; detail: string }>();
    expect(problem.code).toBe('payment_provider_error');
    expect(problem.detail).not.toMatch(/sk_test|stripe refused/i);
    const [placed] = await testDb().select().from(orders).where(eq(orders.storeId, catalog.storeId));
    expect(placed!.status).toBe('pending_payment');

    await failNextStripeCall(500);
    expect((await cardCheckout(catalog, key)).status).toBe(502);

    const retried = await cardCheckout(catalog, key);
    expect(retried.status).toBe(201);
    const order = await retried.json<CardOrder>();
    expect(order.id).toBe(placed!.id);
    expect(order.payment!.clientSecret).toBeTruthy();
    const { rows } = await testDb().execute<{ n: string }>(
      sql`SELECT count(*) AS n FROM payments WHERE order_id = ${order.id} AND provider_reference IS NOT NULL`,
    );
    expect(rows[0]!.n).toBe('1');
  });
});

describe('a card order cancelled unpaid', () => {
  it('has its PaymentIntent cancelled at Stripe, on expiry and on rejection; Stripe refusing changes nothing else', async () => {
    const catalog = await createCatalogStore();
    const keys = await setUpStripe(catalog);
    const [expiring, rejected] = [await placeCardOrder(catalog), await placeCardOrder(catalog)];
    const before = (await stripeRequests()).length;

    await testDb()
      .update(orders)
      .set({ reservationExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(orders.id, expiring.id));
    await runCron();
    const [cancelled] = (await stripeRequests()).slice(before);
    expect(cancelled).toMatchObject({
      method: 'POST',
      path: `/v1/payment_intents/${expiring.payment.reference}/cancel`,
      authorization: `Bearer ${keys.secretKey}`,
      form: { cancellation_reason: 'abandoned' },
    });

    await failNextStripeCall(400, 'payment_intent_unexpected_state', 'This PaymentIntent could not be canceled.');
    const response = await (await ownerOf(catalog))('POST', `/payments/${rejected.payment.id}/reject`, {
      reason: 'Fraud suspected',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'rejected', order: { status: 'cancelled' } });
    expect((await stripeRequests()).slice(before + 1).map((request) => request.path)).toEqual([
      `/v1/payment_intents/${rejected.payment.reference}/cancel`,
    ]);
  });

  it('has its PaymentIntent cancelled at Stripe when staff cancel the order', async () => {
    const catalog = await createCatalogStore();
    await setUpStripe(catalog);
    const order = await placeCardOrder(catalog);
    const before = (await stripeRequests()).length;
    const response = await (await ownerOf(catalog))('POST', `/orders/${order.id}/status`, {
      status: 'cancelled',
      reason: 'Customer called to cancel',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'cancelled',
      payments: [{ status: 'cancelled', needsRefund: false }],
    });
    expect((await stripeRequests()).slice(before).map((request) => request.path)).toEqual([
      `/v1/payment_intents/${order.payment.reference}/cancel`,
    ]);
  });
});
