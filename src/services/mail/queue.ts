import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runStatement } from '../../db/sql/batch';
import { statement } from '../../db/sql/statement';
import type { MailQueueMessage, MessageQueue } from '../../env';
import { sendInBatches } from '../queue-batch';

/** Mails one pass queues: a backlog drains over passes (the cron's). */
export const MAIL_QUEUE_BATCH_SIZE = 500;
/** A pending mail this long past due and held by no sender was lost by the queue: the cron queues it again. */
export const LOST_MAIL_GRACE_MS = 60_000;

const enqueue = (queue: MessageQueue<MailQueueMessage>, ids: readonly string[]) =>
  sendInBatches(
    queue,
    ids.map((mailId) => ({ mailId })),
  );

/**
 * Queues mails written since the last pass (a request's batch, or the
 * relay from order events), oldest first: one statement marks them queued
 * (SKIP LOCKED, so two passes never take the same mail), then one message
 * each. A mail marked but never queued (the Worker died between the two) is
 * found by `requeueLostMail` once due.
 */
export async function queueNewMail(
  db: Database,
  queue: MessageQueue<MailQueueMessage>,
  now: Date,
  limit = MAIL_QUEUE_BATCH_SIZE,
): Promise<number> {
  const rows = await runStatement(
    db,
    statement<{ id: string }>(sql`WITH picked AS MATERIALIZED (
        SELECT id FROM mail_messages
        WHERE queued_at IS NULL
        ORDER BY created_at
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
      UPDATE mail_messages SET queued_at = ${now}
      WHERE id IN (SELECT id FROM picked)
      RETURNING id`),
  );
  const ids = rows.map((row) => row.id);
  await enqueue(queue, ids);
  return ids.length;
}

/**
 * Pending mails due for longer than the grace and held by no sender: their
 * message was lost, or their retry was further off than a queue delay can
 * be. Queued again; a mail queued twice is still sent once (the sender's
 * lease and due check, and the mail API's idempotency key).
 */
export async function requeueLostMail(
  db: Database,
  queue: MessageQueue<MailQueueMessage>,
  now: Date,
  limit = MAIL_QUEUE_BATCH_SIZE,
): Promise<number> {
  const due = new Date(now.getTime() - LOST_MAIL_GRACE_MS);
  const rows = await runStatement(
    db,
    statement<{ id: string }>(sql`SELECT id FROM mail_messages
      WHERE status = 'pending' AND queued_at IS NOT NULL AND next_attempt_at <= ${due}
        AND (lease_until IS NULL OR lease_until < ${now})
      ORDER BY next_attempt_at
      LIMIT ${limit}`),
  );
  const ids = rows.map((row) => row.id);
  await enqueue(queue, ids);
  return ids.length;
}
