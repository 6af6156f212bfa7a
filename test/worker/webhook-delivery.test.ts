import type { MailQueueMessage, WebhookMessage } from '../../src/env';
import { QUEUE_MAX_DELAY_SECONDS } from '../../src/services/queue-batch';
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { and, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { events, webhookDeliveries, webhookDeliveryAttempts, webhookEndpoints } from '../../src/db/schema';
import { DISABLE_AFTER_MS, deliverWebhook, RETRY_SCHEDULE_MS } from '../../src/services/webhooks/deliver';
import { LOST_DELIVERY_GRACE_MS, relayAndEnqueue, requeueLostDeliveries } from '../../src/services/webhooks/relay';
import { jsonBody, pollUntil, requestApp } from '../helpers/api';
import { bearer, createStoreWithTeam } from '../helpers/auth';
import { auditRowsOf, createTestStore, testDb } from '../helpers/stores';
import {
  collectingQueue,
  createTestEndpoint,
  insertTestEvents,
  receivedBy,
  sendAll,
  testSender,
} from '../helpers/webhooks';

const ids = (queue: ReturnType<typeof collectingQueue<WebhookMessage>>) =>
  queue.sent.map((message) => message.body.deliveryId);

async function attemptsOf(deliveryId: string) {
  return testDb()
    .select()
    .from(webhookDeliveryAttempts)
    .where(eq(webhookDeliveryAttempts.deliveryId, deliveryId))
    .orderBy(webhookDeliveryAttempts.attempt);
}

async function deliveryOf(endpointId: string) {
  const [delivery] = await testDb()
    .select()
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.endpointId, endpointId));
  return delivery!;
}

describe('outbound webhook delivery', () => {
  it('the cron’s relay passes go on through events no endpoint subscribes to, to the deliveries behind them', async () => {
    const quiet = await createTestStore();
    const store = await createTestStore();
    const endpoint = await createTestEndpoint(store.id);
    // More than two full passes of events that make no delivery, older than the one that makes one.
    await insertTestEvents(
      quiet.id,
      Array.from({ length: 1200 }, () => 'product.updated'),
    );
    await insertTestEvents(store.id, ['order.paid']);
    await relayAndEnqueue(testDb(), collectingQueue(), new Date(), 10);
    expect(await deliveryOf(endpoint.id)).toMatchObject({ status: 'pending' });
  });

  it('matches a family at any depth: group-commerce.* and group-commerce.campaign.* both get a campaign event, order.* does not', async () => {
    const store = await createTestStore();
    const whole = await createTestEndpoint(store.id, { events: ['group-commerce.*'] });
    const campaigns = await createTestEndpoint(store.id, { events: ['group-commerce.campaign.*'] });
    const orders = await createTestEndpoint(store.id, { events: ['order.*'] });
    await insertTestEvents(store.id, ['group-commerce.campaign.joined', 'order.paid']);
    await relayAndEnqueue(testDb(), collectingQueue(), new Date(), 10);
    const deliveries = await testDb()
      .select({ endpointId: webhookDeliveries.endpointId, type: events.type })
      .from(webhookDeliveries)
      .innerJoin(events, eq(events.id, webhookDeliveries.eventId))
      .where(eq(webhookDeliveries.storeId, store.id));
    const typesOf = (endpointId: string) =>
      deliveries.filter((row) => row.endpointId === endpointId).map((row) => row.type);
    expect(typesOf(whole.id)).toEqual(['group-commerce.campaign.joined']);
    expect(typesOf(campaigns.id)).toEqual(['group-commerce.campaign.joined']);
    expect(typesOf(orders.id)).toEqual(['order.paid']);
  });

  it('1,000 events with two relays racing arrive exactly once per subscribed endpoint, signed, and nowhere else', async () => {
    const store = await createTestStore();
    const other = await createTestStore();
    const everything = await createTestEndpoint(store.id);
    const orders = await createTestEndpoint(store.id, { events: ['order.*'] });
    const exact = await createTestEndpoint(store.id, { events: ['product.updated'] });
    const unsubscribed = await createTestEndpoint(store.id, { events: ['shipment.created'] });
    const foreign = await createTestEndpoint(other.id);
    const types = Array.from({ length: 1000 }, (_, index) => (index % 2 ? 'order.paid' : 'product.updated'));
    const eventIds = await insertTestEvents(store.id, types);

    const queue = collectingQueue();
    const now = new Date();
    await Promise.all([relayAndEnqueue(testDb(), queue, now, 10), relayAndEnqueue(testDb(), queue, now, 10)]);
    const mine = await testDb()
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.storeId, store.id));
    expect(mine).toHaveLength(2000);
    // Every delivery queued once (the relays may also have queued other tests' leftovers: none of this store's twice).
    const queued = ids(queue);
    expect(new Set(queued).size).toBe(queued.length);
    expect(mine.every((row) => queued.includes(row.id))).toBe(true);
    const published = await testDb()
      .select({ publishedAt: events.publishedAt })
      .from(events)
      .where(inArray(events.id, eventIds));
    expect(published.every((row) => row.publishedAt !== null)).toBe(true);

    await sendAll(
      testSender(queue),
      mine.map((row) => row.id),
      now,
    );
    // A second pass of the relay and of every message changes nothing.
    expect(await relayAndEnqueue(testDb(), collectingQueue(), now)).toBe(0);
    expect(
      (
        await sendAll(
          testSender(queue),
          mine.map((row) => row.id),
          now,
        )
      ).every((r) => r.kind === 'skipped'),
    ).toBe(true);

    const [all, ordersOnly, exactOnly] = await Promise.all([
      receivedBy(everything),
      receivedBy(orders),
      receivedBy(exact),
    ]);
    expect(all).toHaveLength(1000);
    expect(new Set(all.map((item) => item.id)).size).toBe(1000);
    expect(all.every((item) => item.verifiedBy.length === 1)).toBe(true);
    expect(ordersOnly).toHaveLength(500);
    expect(ordersOnly.every((item) => JSON.parse(item.body).type === 'order.paid')).toBe(true);
    expect(exactOnly).toHaveLength(500);
    expect(await receivedBy(unsubscribed)).toHaveLength(0);
    expect(await receivedBy(foreign)).toHaveLength(0);
    const body = JSON.parse(all[0]!.body);
    expect(Object.keys(body)).toEqual(['type', 'timestamp', 'data']);
    expect(body.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  }, 180_000);

  it('retries a failing endpoint on schedule with the same webhook-id, then fails the delivery; 5 days failing disable the endpoint', async () => {
    const store = await createTestStore();
    const failing = await createTestEndpoint(store.id, { outcome: 'fail' });
    const healthy = await createTestEndpoint(store.id, { events: ['webhook_endpoint.*'] });
    await insertTestEvents(store.id, ['order.created']);
    const start = new Date(Date.now() + 60_000);
    const queue = collectingQueue();
    await relayAndEnqueue(testDb(), queue, start);
    const delivery = await deliveryOf(failing.id);
    const context = testSender(queue);
    const noJitter = () => 0.5;

    let now = start;
    for (const [index, wait] of RETRY_SCHEDULE_MS.entries()) {
      const result = await deliverWebhook(context, delivery.id, now, noJitter);
      expect(result).toMatchObject({ kind: 'sent', attempt: index + 1, retryInMs: wait });
      // Not yet due a second before the retry: nothing is sent.
      const early = new Date(now.getTime() + wait - 1000);
      expect(await deliverWebhook(context, delivery.id, early, noJitter)).toEqual({ kind: 'skipped' });
      const retry = queue.sent.at(-1)!;
      if (wait <= QUEUE_MAX_DELAY_SECONDS * 1000)
        expect(retry).toEqual({ body: { deliveryId: delivery.id }, delaySeconds: wait / 1000 });
      else
        expect(
          retry.delaySeconds === undefined || retry.body.deliveryId !== delivery.id || retry.delaySeconds < wait / 1000,
        ).toBe(true);
      now = new Date(now.getTime() + wait);
    }
    expect(await deliverWebhook(context, delivery.id, now, noJitter)).toMatchObject({ attempt: 10, retryInMs: null });
    expect(await deliveryOf(failing.id)).toMatchObject({ status: 'failed', attempts: 10, responseStatus: 500 });
    const attempts = await attemptsOf(delivery.id);
    expect(attempts.map((attempt) => attempt.attempt)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(attempts.every((attempt) => attempt.responseStatus === 500 && attempt.error === 'HTTP 500')).toBe(true);
    expect(attempts[0]!.responseBody).toContain('receiver told to fail');
    const received = await receivedBy(failing);
    expect(received).toHaveLength(10);
    expect(new Set(received.map((item) => item.id))).toEqual(new Set([delivery.id]));
    expect(received.every((item) => item.verifiedBy.length === 1)).toBe(true);
    let [endpoint] = await testDb().select().from(webhookEndpoints).where(eq(webhookEndpoints.id, failing.id));
    expect(endpoint).toMatchObject({ active: true, failingSince: start });

    // A later event's first failure, 5 days after the first: the endpoint is disabled.
    const later = new Date(start.getTime() + DISABLE_AFTER_MS);
    const [eventId] = await insertTestEvents(store.id, ['order.paid']);
    await relayAndEnqueue(testDb(), queue, later);
    const [second] = await testDb()
      .select()
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.endpointId, failing.id), eq(webhookDeliveries.eventId, eventId!)));
    await deliverWebhook(context, second!.id, later, noJitter);
    [endpoint] = await testDb().select().from(webhookEndpoints).where(eq(webhookEndpoints.id, failing.id));
    expect(endpoint).toMatchObject({ active: false, disabledAt: later });
    expect(endpoint!.disabledReason).toMatch(/5 days/);
    const audit = await auditRowsOf(store.id, 'webhook_endpoint.disabled');
    expect(audit).toMatchObject([{ actorType: 'system', actorId: null, entityId: failing.id }]);
    // Its retry is not sent (the endpoint is inactive), and the disabled event goes to the store's other endpoints.
    expect(await deliverWebhook(context, second!.id, new Date(later.getTime() + 3_600_000))).toEqual({
      kind: 'skipped',
    });
    const relayed = await relayAndEnqueue(testDb(), queue, later);
    expect(relayed).toBeGreaterThanOrEqual(1);
    await sendAll(context, ids(queue), later);
    const notices = await receivedBy(healthy);
    expect(notices).toHaveLength(1);
    expect(JSON.parse(notices[0]!.body)).toMatchObject({
      type: 'webhook_endpoint.disabled',
      data: { id: failing.id, reason: endpoint!.disabledReason },
    });
    expect(await receivedBy(failing)).toHaveLength(11);
  }, 60_000);

  it('signs with both secrets while the rotated-out one has not expired, with one after', async () => {
    const store = await createTestStore();
    const rotating = await createTestEndpoint(store.id, {
      previousSecret: { expiresAt: new Date(Date.now() + 86_400_000) },
    });
    const expired = await createTestEndpoint(store.id, { previousSecret: { expiresAt: new Date(Date.now() - 1000) } });
    await insertTestEvents(store.id, ['product.updated']);
    const queue = collectingQueue();
    const now = new Date();
    await relayAndEnqueue(testDb(), queue, now);
    await sendAll(testSender(queue), ids(queue), now);
    const [both] = await receivedBy(rotating);
    expect(both!.signature.split(' ')).toHaveLength(2);
    expect(both!.verifiedBy).toEqual([0, 1]);
    const [one] = await receivedBy(expired);
    expect(one!.signature.split(' ')).toHaveLength(1);
    expect(one!.verifiedBy).toEqual([0]);
  });

  it('records a redirect and a timeout as failed attempts, to retry', async () => {
    const store = await createTestStore();
    const redirecting = await createTestEndpoint(store.id, { outcome: 'redirect' });
    const slow = await createTestEndpoint(store.id, { outcome: 'slow' });
    await insertTestEvents(store.id, ['order.created']);
    const queue = collectingQueue();
    const now = new Date();
    await relayAndEnqueue(testDb(), queue, now);
    await sendAll(testSender(queue, 300), ids(queue), now);

    const redirect = await deliveryOf(redirecting.id);
    expect(redirect).toMatchObject({ status: 'pending', attempts: 1, responseStatus: 302 });
    expect(await attemptsOf(redirect.id)).toMatchObject([
      { attempt: 1, responseStatus: 302, error: 'redirect not followed (https://example.com/)' },
    ]);
    const timedOut = await deliveryOf(slow.id);
    expect(timedOut).toMatchObject({ status: 'pending', attempts: 1, responseStatus: null });
    const [attempt] = await attemptsOf(timedOut.id);
    expect(attempt).toMatchObject({ responseStatus: null, responseBody: null, error: 'timeout after 300 ms' });
    expect(attempt!.durationMs).toBeLessThan(2_000);
    expect(timedOut.nextAttemptAt!.getTime()).toBeGreaterThan(now.getTime());
  });

  it('the cron queues again a due delivery whose message was lost, and not one being sent', async () => {
    const store = await createTestStore();
    const endpoint = await createTestEndpoint(store.id);
    const [lost, leased] = await insertTestEvents(store.id, ['order.created', 'order.paid']);
    const now = new Date();
    await relayAndEnqueue(testDb(), collectingQueue(), now);
    const past = new Date(now.getTime() - LOST_DELIVERY_GRACE_MS - 1000);
    await testDb()
      .update(webhookDeliveries)
      .set({ nextAttemptAt: past })
      .where(eq(webhookDeliveries.endpointId, endpoint.id));
    await testDb()
      .update(webhookDeliveries)
      .set({ leaseUntil: new Date(now.getTime() + 10_000) })
      .where(eq(webhookDeliveries.eventId, leased!));
    const queue = collectingQueue();
    await requeueLostDeliveries(testDb(), queue, now);
    const [lostDelivery] = await testDb().select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, lost!));
    const queued = ids(queue);
    expect(queued).toContain(lostDelivery!.id);
    const [leasedDelivery] = await testDb()
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.eventId, leased!));
    expect(queued).not.toContain(leasedDelivery!.id);
  });

  it("a write's response starts the relay, and the Workers queue delivers within seconds", async () => {
    const team = await createStoreWithTeam();
    const endpoint = await createTestEndpoint(team.store.id, { events: ['product.created'] });
    const ctx = createExecutionContext();
    const response = await requestApp(
      createApp(),
      `/v1/admin/stores/${team.store.slug}/products`,
      jsonBody({ name: 'Relayed hoodie', slug: 'relayed-hoodie' }, bearer(team.tokens.owner)),
      // The relay also queues every store's unsent mail: collected here, not sent on into later tests.
      { ...env, WEBHOOK_RELAY_ON_RESPONSE: 'on', MAIL_QUEUE: collectingQueue<MailQueueMessage>() },
      ctx,
    );
    expect(response.status, await response.clone().text()).toBe(201);
    const product = await response.json<{ id: string }>();
    await waitOnExecutionContext(ctx);
    const received = await pollUntil(
      () => receivedBy(endpoint),
      (deliveries) => deliveries.length > 0,
      10_000,
      100,
    );
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0]!.body)).toMatchObject({ type: 'product.created', data: { id: product.id } });
    expect(received[0]!.verifiedBy).toEqual([0]);
  });
});
