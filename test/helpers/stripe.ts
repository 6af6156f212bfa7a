import { env } from 'cloudflare:workers';
import Stripe from 'stripe';
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { uuidv7 } from '../../src/lib/ids';
import { api } from './api';
import type { CatalogStore } from './catalog';
import type { PlacedOrder } from './checkout';
import { ownerOf, placeOrder } from './payments';
import { testDb } from './stores';

export interface StripeKeys {
  publishableKey: string;
  secretKey: string;
  webhookSecret: string;
}

const randomKey = () => crypto.randomUUID().replace(/-/g, '');

/** Test keys of the store's own, set through the admin API as its owner would, and `card` added to the methods it offers. */
export async function setUpStripe(catalog: CatalogStore): Promise<StripeKeys> {
  const keys = {
    publishableKey: `pk_test_${randomKey()}`,
    secretKey: `sk_test_${randomKey()}`,
    webhookSecret: `whsec_${randomKey()}`,
  };
  const response = await (await ownerOf(catalog))('PUT', '/payment-providers/stripe', keys);
  expect(response.status, await response.clone().text()).toBe(200);
  await testDb().execute(sql`UPDATE stores SET settings = jsonb_set(settings, '{paymentMethods}', coalesce(settings -> 'paymentMethods', '[]') || '"card"')
    WHERE id = ${catalog.storeId}`);
  return keys;
}

export type CardOrder = PlacedOrder & { payment: { id: string; reference: string } };

/** An order of `quantity` of one hoodie, paid by card: its payment's reference is its PaymentIntent. */
export async function placeCardOrder(catalog: CatalogStore, quantity = 2): Promise<CardOrder> {
  return (await placeOrder(catalog, [['BAL-HOE-NEG-M', quantity]], { paymentMethod: 'card' })) as CardOrder;
}

/** The order's PaymentIntent as a webhook carries it, paid in full unless `overrides` say otherwise. */
export function paymentIntentObject(order: CardOrder, overrides: Record<string, unknown> = {}) {
  return {
    id: order.payment.reference,
    object: 'payment_intent',
    amount: order.totals.total,
    amount_received: order.totals.total,
    currency: order.currency.toLowerCase(),
    status: 'succeeded',
    metadata: { order_id: order.id, payment_id: order.payment.id },
    ...overrides,
  };
}

/** A Stripe event envelope around `object`, as Stripe would deliver it. */
export function stripeEvent(type: string, object: Record<string, unknown>, id = `evt_${uuidv7().replace(/-/g, '')}`) {
  return {
    id,
    object: 'event',
    api_version: '2024-06-20',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    type,
    data: { object },
  };
}

/**
 * POSTs `payload` to the store's Stripe webhook, signed by the official
 * `stripe` package (its test helper, async because the tests run in workerd,
 * which has only WebCrypto) with `secret`, at `timestamp` (seconds).
 */
export async function sendWebhook(
  slug: string,
  payload: unknown,
  secret: string,
  options: { timestamp?: number; header?: string } = {},
) {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const header =
    options.header ??
    (await Stripe.webhooks.generateTestHeaderStringAsync({ payload: body, secret, timestamp: options.timestamp }));
  return api(`/v1/webhooks/stripe/${slug}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': header },
    body,
  });
}

export interface StripeRequest {
  method: string;
  path: string;
  authorization: string;
  idempotencyKey?: string;
  stripeVersion?: string;
  form: Record<string, string>;
}

/** What the Worker has sent to the Stripe stand-in (test/setup/stripe.ts) so far. */
export async function stripeRequests(): Promise<StripeRequest[]> {
  return (await fetch(`${env.STRIPE_API_BASE}/__test/requests`)).json();
}

/** Makes the Stripe stand-in fail its next call: with this HTTP status and error code (a 5xx with a body that is not JSON). */
export async function failNextStripeCall(status: number, code = 'api_error', message = 'Something went wrong.') {
  await fetch(`${env.STRIPE_API_BASE}/__test/fail-next`, {
    method: 'POST',
    body: JSON.stringify({ status, code, message }),
  });
}

/** Makes the next call the Worker sends with `secretKey` (one store's) fail: safe beside tests that run at once. */
export async function failNextStripeCallFor(
  secretKey: string,
  status: number,
  code = 'api_error',
  message = 'Failed.',
) {
  await fetch(`${env.STRIPE_API_BASE}/__test/fail-next`, {
    method: 'POST',
    body: JSON.stringify({ status, code, message, secretKey }),
  });
}

/** The buyer's card confirms PaymentIntent `intentId`: authorised (`requires_capture`) under manual capture, else `succeeded`. */
export async function authorizeIntent(intentId: string): Promise<Record<string, unknown> & { status: string }> {
  const response = await fetch(`${env.STRIPE_API_BASE}/__test/intents/${intentId}/authorize`, { method: 'POST' });
  expect(response.status).toBe(200);
  return response.json();
}
