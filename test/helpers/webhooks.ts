import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { events, webhookEndpoints } from '../../src/db/schema';
import type { MessageQueue, WebhookMessage } from '../../src/env';
import { uuidv7 } from '../../src/lib/ids';
import { deliverWebhook, type SenderContext } from '../../src/services/webhooks/deliver';
import { newEndpointSecret, sealEndpointSecret } from '../../src/services/webhooks/endpoint-secrets';
import type { ReceivedWebhook } from '../setup/webhook-receiver';
import { pollUntil } from './api';
import { testDb } from './stores';

export type { ReceivedWebhook };

/** How the receiver answers an endpoint's deliveries (test/setup/webhook-receiver.ts). */
export type ReceiverOutcome = 'ok' | 'fail' | 'redirect' | 'slow';

export interface TestEndpoint {
  id: string;
  /** The receiver's name for its deliveries. */
  name: string;
  secret: string;
}

/**
 * A webhook endpoint of `storeId` pointing at the test receiver, inserted
 * directly (a stand-in for the endpoints API, which another branch builds),
 * its secrets registered with the receiver so it verifies every delivery.
 */
export async function createTestEndpoint(
  storeId: string,
  options: { outcome?: ReceiverOutcome; events?: string[]; previousSecret?: { expiresAt: Date } } = {},
): Promise<TestEndpoint> {
  const id = uuidv7();
  const name = `ep-${id.slice(-12)}`;
  const secret = newEndpointSecret();
  const previous = options.previousSecret ? newEndpointSecret() : undefined;
  await testDb()
    .insert(webhookEndpoints)
    .values({
      id,
      storeId,
      url: `${env.TEST_WEBHOOK_RECEIVER_URL}/${options.outcome ?? 'ok'}/${name}`,
      secretCiphertext: await sealEndpointSecret(env.PAYMENT_SECRETS_KEY, id, secret),
      previousSecretCiphertext: previous ? await sealEndpointSecret(env.PAYMENT_SECRETS_KEY, id, previous) : null,
      previousSecretExpiresAt: options.previousSecret?.expiresAt ?? null,
      events: options.events ?? ['*'],
    });
  const secrets = previous ? [secret, previous] : [secret];
  const response = await fetch(`${env.TEST_WEBHOOK_RECEIVER_URL}/__test/secrets`, {
    method: 'POST',
    body: JSON.stringify({ name, secrets }),
  });
  expect(response.status).toBe(200);
  return { id, name, secret };
}

/** What the receiver got for an endpoint, in arrival order. */
export async function receivedBy(endpoint: TestEndpoint): Promise<ReceivedWebhook[]> {
  const response = await fetch(`${env.TEST_WEBHOOK_RECEIVER_URL}/__test/received?name=${endpoint.name}`);
  return response.json<ReceivedWebhook[]>();
}

/** Outbox events of the store, as a service writes them (type, aggregate, payload), inserted directly. */
export async function insertTestEvents(storeId: string, types: readonly string[]): Promise<string[]> {
  const rows = types.map((type, index) => ({
    id: uuidv7(),
    storeId,
    type,
    aggregateType: type.split('.')[0]!,
    aggregateId: uuidv7(),
    payload: { index, type },
  }));
  for (let start = 0; start < rows.length; start += 200) {
    await testDb()
      .insert(events)
      .values(rows.slice(start, start + 200));
  }
  return rows.map((row) => row.id);
}

/** A queue that keeps what it is sent (with any delay), for a test to drain itself (time simulated). */
export function collectingQueue<Body = WebhookMessage>(): MessageQueue<Body> & {
  sent: { body: Body; delaySeconds?: number }[];
} {
  const sent: { body: Body; delaySeconds?: number }[] = [];
  return {
    sent,
    async send(body, options) {
      sent.push({ body, delaySeconds: options?.delaySeconds });
    },
    async sendBatch(messages) {
      for (const message of messages) sent.push(message);
    },
  };
}

/** The sender's context the consumer would build, with the test's queue. */
export function testSender(queue: MessageQueue<WebhookMessage>, timeoutMs?: number): SenderContext {
  return { db: testDb(), sealingKey: env.PAYMENT_SECRETS_KEY, queue, timeoutMs, loopbackOnly: true };
}

/** Sends every delivery id, `concurrency` at a time, at `now`: what the queue consumer does. */
export async function sendAll(context: SenderContext, ids: readonly string[], now: Date, concurrency = 20) {
  const results = [];
  for (let start = 0; start < ids.length; start += concurrency) {
    results.push(
      ...(await Promise.all(ids.slice(start, start + concurrency).map((id) => deliverWebhook(context, id, now)))),
    );
  }
  return results;
}

/**
 * Waits until the Worker's own queue consumer has made attempt number `attempt`
 * of a delivery that a route queued (a ping, a redelivery). The consumer runs up
 * to a second after the response (max_batch_timeout) and writes the attempt: a
 * test that left it in flight would find its round trips in the next test's count.
 */
export async function queuedAttemptMade(deliveryId: string, attempt: number): Promise<void> {
  const attempts = await pollUntil(
    async () => {
      const { rows } = await testDb().execute<{ attempts: number }>(
        sql`SELECT attempts FROM webhook_deliveries WHERE id = ${deliveryId}`,
      );
      return rows[0]?.attempts ?? 0;
    },
    (made) => made >= attempt,
  );
  if (attempts < attempt) throw new Error(`delivery ${deliveryId}: attempt ${attempt} was not made within 10 s`);
}
