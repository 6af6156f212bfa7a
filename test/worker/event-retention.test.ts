import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { purgeExpiredEvents, UNPUBLISHED_MARGIN_DAYS } from '../../src/services/webhooks/retention';
import { createTestStore, testDb } from '../helpers/stores';
import { runCron } from '../helpers/scheduled';

const DAY = 86_400_000;

/** An event of `type` written `ageDays` before `now`, published (by a relay) or not. */
async function oldEvent(
  storeId: string,
  type: string,
  ageDays: number,
  published: boolean,
  now: Date,
): Promise<string> {
  const createdAt = new Date(now.getTime() - ageDays * DAY);
  const { rows } = await testDb().execute<{
    id: string;
  }>(sql`INSERT INTO events (store_id, type, aggregate_type, aggregate_id, payload, created_at, published_at)
    VALUES (${storeId}, ${type}, 'test', gen_random_uuid(), '{}'::jsonb, ${createdAt}, ${published ? createdAt : null}) RETURNING id`);
  return rows[0]!.id;
}

async function remaining(ids: string[]): Promise<string[]> {
  const { rows } = await testDb().execute<{ id: string }>(
    sql`SELECT id FROM events WHERE id = ANY(${`{${ids.join(',')}}`}::uuid[])`,
  );
  return rows.map((row) => row.id);
}

describe('event retention', () => {
  it('the cron deletes events past their topic’s retention, published or past the margin, with their deliveries', async () => {
    const store = await createTestStore();
    const now = new Date();
    const event = (type: string, ageDays: number, published = true) =>
      oldEvent(store.id, type, ageDays, published, now);
    const kept = [
      await event('order.paid', 6),
      await event('product.created', 29),
      await event('payment.succeeded', 89),
      await event('legacy.unknown_type', 89),
      await event('order.paid', 8, false),
      await event('order.paid', 7 + UNPUBLISHED_MARGIN_DAYS - 1, false),
    ];
    const gone = [
      await event('order.paid', 8),
      await event('product.created', 31),
      await event('shipment.delivered', 31),
      await event('payment.succeeded', 91),
      await event('legacy.unknown_type', 91),
      await event('order.paid', 7 + UNPUBLISHED_MARGIN_DAYS + 1, false),
    ];
    // A delivery of a purged event, with an attempt: both go with it.
    const { rows } = await testDb().execute<{ id: string }>(sql`WITH endpoint AS (
        INSERT INTO webhook_endpoints (store_id, url, secret_ciphertext) VALUES (${store.id}, 'https://hooks.example.com/in', 'sealed') RETURNING id),
      delivery AS (
        INSERT INTO webhook_deliveries (store_id, endpoint_id, event_id, status, attempts)
        SELECT ${store.id}, id, ${gone[0]}, 'succeeded', 1 FROM endpoint RETURNING id)
      INSERT INTO webhook_delivery_attempts (store_id, delivery_id, attempt, started_at, duration_ms, response_status)
      SELECT ${store.id}, id, 1, now(), 12, 204 FROM delivery RETURNING delivery_id AS id`);
    const deliveryId = rows[0]!.id;

    await runCron(now, '*/5 * * * *');
    expect((await remaining([...kept, ...gone])).sort()).toEqual([...kept].sort());
    const { rows: left } = await testDb().execute<{ deliveries: number; attempts: number }>(sql`SELECT
        (SELECT count(*)::int FROM webhook_deliveries WHERE id = ${deliveryId}) AS deliveries,
        (SELECT count(*)::int FROM webhook_delivery_attempts WHERE delivery_id = ${deliveryId}) AS attempts`);
    expect(left[0]).toEqual({ deliveries: 0, attempts: 0 });
    // The same run's relay published the two that were waiting for it: the next run applies their
    // topic's retention, and keeps the rest.
    await runCron(now, '*/5 * * * *');
    expect((await remaining(kept)).sort()).toEqual(kept.slice(0, 4).sort());
  });

  it('deletes in bounded batches, oldest first', async () => {
    const store = await createTestStore();
    const now = new Date();
    const ids = [];
    for (const age of [400, 399, 398, 397, 396]) ids.push(await oldEvent(store.id, 'order.paid', age, true, now));
    expect(await purgeExpiredEvents(testDb(), now, 2)).toBe(2);
    expect(await remaining(ids)).toEqual(expect.arrayContaining(ids.slice(2)));
    expect(await remaining(ids)).toHaveLength(3);
    expect(await purgeExpiredEvents(testDb(), now, 2)).toBe(2);
    expect(await remaining(ids)).toEqual([ids[4]]);
  });
});
