import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { webhookDeliveries, webhookDeliveryAttempts } from '../../src/db/schema';
import { deliverWebhook } from '../../src/services/webhooks/deliver';
import { relayEvents } from '../../src/services/webhooks/relay';
import { createTestStore, testDb } from '../helpers/stores';
import { collectingQueue, createTestEndpoint, insertTestEvents, receivedBy, testSender } from '../helpers/webhooks';

const onPostgres = env.TEST_DATABASE_BACKEND === 'postgres';
if (!onPostgres) {
  console.info(
    '[skipped] webhook relay concurrency tests need real PostgreSQL (TEST_DATABASE_URL): PGlite runs one batch at a time, so nothing would race.',
  );
}

/** One relay: small passes until it finds nothing left to take, answering every delivery it made. */
async function relayUntilDone(now: Date, limit: number): Promise<string[]> {
  const made: string[] = [];
  for (;;) {
    const { claimed, deliveryIds } = await relayEvents(testDb(), now, limit);
    if (claimed === 0) return made;
    made.push(...deliveryIds);
  }
}

describe.runIf(onPostgres)('webhook relay under concurrency (real PostgreSQL only; skipped on PGlite)', () => {
  it('four relays racing in small passes make each delivery exactly once', async () => {
    const store = await createTestStore();
    const endpoints = await Promise.all([createTestEndpoint(store.id), createTestEndpoint(store.id)]);
    await insertTestEvents(
      store.id,
      Array.from({ length: 1000 }, () => 'order.created'),
    );
    const now = new Date();
    const made = (await Promise.all(Array.from({ length: 4 }, () => relayUntilDone(now, 50)))).flat();
    const rows = await testDb()
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.storeId, store.id));
    expect(rows).toHaveLength(2000);
    const mine = new Set(rows.map((row) => row.id));
    const madeHere = made.filter((id) => mine.has(id));
    expect(madeHere).toHaveLength(2000);
    expect(new Set(madeHere).size).toBe(2000);
    expect(endpoints).toHaveLength(2);
  }, 120_000);

  it('the same delivery taken by five senders at once is sent once', async () => {
    const store = await createTestStore();
    const endpoint = await createTestEndpoint(store.id);
    await insertTestEvents(store.id, ['order.paid']);
    const now = new Date();
    await relayUntilDone(now, 500);
    const [delivery] = await testDb()
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.endpointId, endpoint.id));
    const context = testSender(collectingQueue());
    const results = await Promise.all(Array.from({ length: 5 }, () => deliverWebhook(context, delivery!.id, now)));
    expect(results.filter((result) => result.kind === 'sent')).toHaveLength(1);
    expect(await receivedBy(endpoint)).toHaveLength(1);
    const attempts = await testDb()
      .select()
      .from(webhookDeliveryAttempts)
      .where(eq(webhookDeliveryAttempts.deliveryId, delivery!.id));
    expect(attempts).toHaveLength(1);
  });
});
