import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runStatement } from '../../db/sql/batch';
import { statement } from '../../db/sql/statement';
import type { MessageQueue, WebhookMessage } from '../../env';
import { passesWhileFull } from '../../lib/passes';
import { orderMailsFromEvents } from '../mail/order-mails';
import { sendInBatches } from '../queue-batch';

/** Events one relay pass publishes: a pass stays short, and a backlog drains over passes (the cron loops). */
export const RELAY_BATCH_SIZE = 500;

/**
 * Whether endpoint `w` subscribes to event `ev`'s type: the exact name, a
 * family it belongs to (`order.*` for `order.paid`; `group-commerce.*` and
 * `group-commerce.campaign.*` for `group-commerce.campaign.joined`) or
 * everything (`*`). A family is matched as a prefix ending at a dot.
 */
const subscribed = sql`(ev.type = ANY(w.events) OR '*' = ANY(w.events)
  OR EXISTS (SELECT 1 FROM unnest(w.events) f WHERE f LIKE '%.*' AND starts_with(ev.type, left(f, -1))))`;

/**
 * One relay pass, one statement: claims up to `limit` unpublished events,
 * oldest first, inserts a delivery per active subscribed endpoint of each
 * event's store, writes the buyer's mail of each order event it mails
 * about (services/mail/order-mails.ts), marks the events published, and answers how many events it
 * claimed and the new deliveries' ids. Exactly once with relays running at once: `FOR UPDATE SKIP LOCKED`
 * gives each event to one of them, a relay that reaches a row another just
 * published re-reads it and drops it (`published_at` is no longer null), and
 * the unique (endpoint, event) pair is the last guard (ON CONFLICT DO
 * NOTHING). The pick is MATERIALIZED so the plan cannot run it twice.
 */
export async function relayEvents(
  db: Database,
  now: Date,
  limit = RELAY_BATCH_SIZE,
): Promise<{ claimed: number; deliveryIds: string[] }> {
  const [row] = await runStatement(
    db,
    statement<{ claimed: number; ids: string[] }>(sql`WITH picked AS MATERIALIZED (
        SELECT id, store_id, type, aggregate_type, aggregate_id, payload
        FROM events
        WHERE published_at IS NULL
        ORDER BY created_at
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED),
      published AS (
        UPDATE events SET published_at = ${now}
        WHERE id IN (SELECT id FROM picked)),
      inserted AS (
        INSERT INTO webhook_deliveries (id, store_id, endpoint_id, event_id, status, next_attempt_at)
        SELECT uuid_v7(), ev.store_id, w.id, ev.id, 'pending', ${now}
        FROM picked ev
        JOIN webhook_endpoints w ON w.store_id = ev.store_id AND w.active AND ${subscribed}
        ON CONFLICT (endpoint_id, event_id) DO NOTHING
        RETURNING id),
      mailed AS (${orderMailsFromEvents(sql`picked`)})
      SELECT (SELECT count(*) FROM picked)::int AS claimed, coalesce((SELECT json_agg(id) FROM inserted), '[]') AS ids`),
  );
  return { claimed: row?.claimed ?? 0, deliveryIds: row?.ids ?? [] };
}

/** Queues one message per delivery, in calls of at most 100 messages. */
export function enqueueDeliveries(queue: MessageQueue<WebhookMessage>, deliveryIds: readonly string[]) {
  return sendInBatches(
    queue,
    deliveryIds.map((deliveryId) => ({ deliveryId })),
  );
}

/**
 * Relays until no unpublished event is left or `maxPasses` passes ran, and
 * queues every new delivery: after a response (one pass is nearly always
 * enough) and from the cron (what is left).
 */
export async function relayAndEnqueue(
  db: Database,
  queue: MessageQueue<WebhookMessage>,
  now: Date,
  maxPasses = 1,
): Promise<number> {
  const passes = await passesWhileFull(
    maxPasses,
    async () => {
      const relayed = await relayEvents(db, now);
      await enqueueDeliveries(queue, relayed.deliveryIds);
      return relayed;
    },
    // Whether events are left is told by the events claimed, not the deliveries made: most
    // events of stores without endpoints make none, and must not end the loop early.
    (relayed) => relayed.claimed >= RELAY_BATCH_SIZE,
  );
  return passes.reduce((total, relayed) => total + relayed.deliveryIds.length, 0);
}

/** A pending delivery this long past due, and not leased, is taken for lost by the queue: the cron queues it again. */
export const LOST_DELIVERY_GRACE_MS = 60_000;

/**
 * Pending deliveries due for longer than the grace and held by no sender,
 * of active endpoints: their message was lost, or their retry was too far
 * off for the queue's delay (over 12 hours). Queued again; a delivery queued
 * twice is still sent once (the sender's lease and due check).
 */
export async function requeueLostDeliveries(
  db: Database,
  queue: MessageQueue<WebhookMessage>,
  now: Date,
  limit = RELAY_BATCH_SIZE,
): Promise<number> {
  const due = new Date(now.getTime() - LOST_DELIVERY_GRACE_MS);
  const rows = await runStatement(
    db,
    statement<{ id: string }>(sql`SELECT d.id
      FROM webhook_deliveries d
      JOIN webhook_endpoints w ON w.id = d.endpoint_id AND w.active
      WHERE d.status = 'pending' AND d.next_attempt_at <= ${due}
        AND (d.lease_until IS NULL OR d.lease_until < ${now})
      ORDER BY d.next_attempt_at
      LIMIT ${limit}`),
  );
  const ids = rows.map((row) => row.id);
  await enqueueDeliveries(queue, ids);
  return ids.length;
}
