import { describe, expect, it } from 'vitest';
import { countRoundTrips } from '../helpers/api';
import { createCatalogStore } from '../helpers/catalog';
import { type AdminCall, ownerOf } from '../helpers/payments';
import {
  paymentIntentObject,
  placeCardOrder,
  sendWebhook,
  setUpStripe,
  type StripeKeys,
  stripeEvent,
} from '../helpers/stripe';

interface WebhookEvent {
  id: string;
  provider: string;
  providerEventId: string;
  type: string;
  outcome: string | null;
  deliveries: number;
  signatureValid: boolean;
  error: string | null;
  receivedAt: string;
  lastReceivedAt: string;
  processedAt: string | null;
  payload?: unknown;
}

interface WebhookEventPage {
  data: WebhookEvent[];
  nextCursor: string | null;
}

async function listEvents(call: AdminCall, query: Record<string, string> = {}): Promise<WebhookEventPage> {
  const response = await call('GET', `/webhook-events?${new URLSearchParams(query)}`);
  expect(response.status, await response.clone().text()).toBe(200);
  return response.json<WebhookEventPage>();
}

/**
 * A store taking cards that has received, in this order: a payment's
 * success (delivered twice), an event type it ignores, and a delivery
 * signed with the wrong secret.
 */
async function storeWithDeliveries() {
  const catalog = await createCatalogStore();
  const keys = await setUpStripe(catalog);
  const call = await ownerOf(catalog);
  const order = await placeCardOrder(catalog);
  const succeeded = stripeEvent('payment_intent.succeeded', paymentIntentObject(order));
  const ignored = stripeEvent('customer.created', { id: 'cus_1', object: 'customer' });
  const forged = stripeEvent('payment_intent.succeeded', paymentIntentObject(order));
  expect((await sendWebhook(catalog.slug, succeeded, keys.webhookSecret)).status).toBe(200);
  expect((await sendWebhook(catalog.slug, succeeded, keys.webhookSecret)).status).toBe(200);
  expect((await sendWebhook(catalog.slug, ignored, keys.webhookSecret)).status).toBe(200);
  expect((await sendWebhook(catalog.slug, forged, 'whsec_not_the_stores_secret')).status).toBe(400);
  return { catalog, keys, call, order, succeeded, ignored, forged };
}

/** Nothing of the store's Stripe keys may appear in what staff read. */
function expectNoSecrets(text: string, keys: StripeKeys) {
  expect(text).not.toContain(keys.webhookSecret);
  expect(text).not.toContain(keys.secretKey);
  expect(text).not.toMatch(/sealed|whsec_|sk_test_/);
}

describe('the inbound webhook log', () => {
  it('lists the store’s deliveries newest first, each event once with its count, in one round trip', async () => {
    const { call, keys, succeeded, ignored, forged } = await storeWithDeliveries();

    const { requests, result } = await countRoundTrips(() => call('GET', '/webhook-events'));
    expect(result.status, await result.clone().text()).toBe(200);
    expect(requests).toBe(1);
    const text = await result.clone().text();
    expectNoSecrets(text, keys);
    const page = await result.json<WebhookEventPage>();
    expect(page.nextCursor).toBeNull();
    expect(page.data.map((event) => [event.providerEventId, event.type, event.outcome, event.deliveries])).toEqual([
      [forged.id, 'payment_intent.succeeded', 'rejected', 1],
      [ignored.id, 'customer.created', 'ignored', 1],
      [succeeded.id, 'payment_intent.succeeded', 'applied', 2],
    ]);
    const [rejected, , applied] = page.data;
    expect(rejected).toMatchObject({ provider: 'stripe', signatureValid: false, error: expect.any(String) });
    expect(applied).toMatchObject({ signatureValid: true, error: null, processedAt: expect.any(String) });
    expect(Date.parse(applied!.lastReceivedAt)).toBeGreaterThanOrEqual(Date.parse(applied!.receivedAt));
    expect(page.data.every((event) => !('payload' in event))).toBe(true);
  });

  it('shows one delivery with its payload; another store’s, or an unknown id, is a 404', async () => {
    const ours = await storeWithDeliveries();
    const theirs = await storeWithDeliveries();
    const [, , applied] = (await listEvents(ours.call)).data;

    const { requests, result } = await countRoundTrips(() => ours.call('GET', `/webhook-events/${applied!.id}`));
    expect(result.status, await result.clone().text()).toBe(200);
    expect(requests).toBe(1);
    expectNoSecrets(await result.clone().text(), ours.keys);
    expect(await result.json()).toEqual({ ...applied, payload: ours.succeeded });

    const [theirEvent] = (await listEvents(theirs.call)).data;
    const foreign = await ours.call('GET', `/webhook-events/${theirEvent!.id}`);
    expect(foreign.status).toBe(404);
    expect(await foreign.json()).toMatchObject({ code: 'not_found' });
    expect((await ours.call('GET', '/webhook-events/01a2660e-17a6-7c41-9b2e-5d8f0a3c6e19')).status).toBe(404);
    expect((await listEvents(ours.call)).data.map((event) => event.id)).not.toContain(theirEvent!.id);
  });

  it('filters by type, outcome and signature, together, and pages by cursor', async () => {
    const { call, succeeded, ignored, forged } = await storeWithDeliveries();
    const eventIds = async (query: Record<string, string>) =>
      (await listEvents(call, query)).data.map((event) => event.providerEventId);

    expect(await eventIds({ type: 'payment_intent.succeeded' })).toEqual([forged.id, succeeded.id]);
    expect(await eventIds({ outcome: 'ignored' })).toEqual([ignored.id]);
    expect(await eventIds({ signatureValid: 'false' })).toEqual([forged.id]);
    expect(await eventIds({ signatureValid: 'true' })).toEqual([ignored.id, succeeded.id]);
    expect(await eventIds({ type: 'payment_intent.succeeded', signatureValid: 'true', outcome: 'applied' })).toEqual([
      succeeded.id,
    ]);
    expect(await eventIds({ type: 'charge.refunded' })).toEqual([]);

    const first = await listEvents(call, { limit: '2' });
    expect(first.data).toHaveLength(2);
    const second = await listEvents(call, { limit: '2', cursor: first.nextCursor! });
    expect([...first.data, ...second.data].map((event) => event.providerEventId)).toEqual([
      forged.id,
      ignored.id,
      succeeded.id,
    ]);
    expect(second.nextCursor).toBeNull();
  });

  it('refuses malformed filters and ids with a 422', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const refused: Record<string, string>[] = [
      { outcome: 'duplicate' },
      { signatureValid: 'yes' },
      { type: '' },
      { type: 'x'.repeat(256) },
      { type: 'DROP TABLE' },
      { provider: 'stripe' },
    ];
    for (const query of refused) {
      const response = await call('GET', `/webhook-events?${new URLSearchParams(query)}`);
      expect(response.status, JSON.stringify(query)).toBe(422);
    }
    expect((await call('GET', '/webhook-events/not-a-uuid')).status).toBe(422);
  });
});
