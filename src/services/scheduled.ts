import { sql } from 'drizzle-orm';
import { type Database, getDatabase } from '../db/client';
import { runStatement } from '../db/sql/batch';
import { statement } from '../db/sql/statement';
import type { Bindings } from '../env';
import { passesWhileFull } from '../lib/passes';
import { settleDueCampaigns } from './campaigns/settle';
import { refreshStaleSortPrices } from './catalog/sort-prices';
import { expireReservations } from './orders/expire-reservations';
import { cancelAbandonedIntents } from './payments/abandoned-intents';
import { type StripeSettings, stripeSettings } from './payments/stripe-api';
import { purgeEventsPastRetention } from './webhooks/retention';
import { relayAndEnqueue, requeueLostDeliveries } from './webhooks/relay';
import { queueNewMail, requeueLostMail } from './mail/queue';

/** Rows one job touches per run: a run stays short, and a backlog drains over successive runs. */
export const SCHEDULED_BATCH_SIZE = 500;

/**
 * Marks active carts past their expiry as `expired`, oldest first, at most
 * `limit` per call. One statement; SKIP LOCKED lets it run beside a checkout
 * that holds a cart without waiting for it. This job is cross-store by
 * nature: it acts on every store's carts. The batch is picked once, in a
 * MATERIALIZED CTE: as a subquery of `IN (...)`, a `LIMIT ... SKIP LOCKED`
 * pick may be run again by the plan and pick other rows each time, past
 * the limit (seen on PostgreSQL).
 */
export async function expireCarts(db: Database, now: Date, limit = SCHEDULED_BATCH_SIZE): Promise<number> {
  const [row] = await runStatement(
    db,
    statement<{ expired: number }>(sql`WITH picked AS MATERIALIZED (
        SELECT id
        FROM carts
        WHERE status = 'active' AND expires_at <= ${now}
        ORDER BY expires_at
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED),
      expired AS (
        UPDATE carts
        SET status = 'expired', updated_at = ${now}
        WHERE id IN (SELECT id FROM picked)
        RETURNING id)
      SELECT count(*)::int AS expired FROM expired`),
  );
  return row?.expired ?? 0;
}

/** An expired refresh token is kept this long: long enough to investigate a reuse alarm. */
export const REFRESH_TOKEN_RETENTION_DAYS = 7;

/**
 * Deletes refresh tokens that expired more than the retention ago, oldest
 * first, at most `limit` per call (on the expiry index), so the table holds
 * live sessions and recent history, not every token ever issued. Revoked and
 * rotated tokens go the same way once expired; until then, presenting a
 * rotated one must still burn its family.
 */
export async function purgeRefreshTokens(db: Database, now: Date, limit = SCHEDULED_BATCH_SIZE): Promise<number> {
  const cutoff = new Date(now.getTime() - REFRESH_TOKEN_RETENTION_DAYS * 86_400_000);
  const [row] = await runStatement(
    db,
    statement<{ purged: number }>(sql`WITH picked AS MATERIALIZED (
        SELECT id
        FROM refresh_tokens
        WHERE expires_at <= ${cutoff}
        ORDER BY expires_at
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED),
      purged AS (
        DELETE FROM refresh_tokens
        WHERE id IN (SELECT id FROM picked)
        RETURNING id)
      SELECT count(*)::int AS purged FROM purged`),
  );
  return row?.purged ?? 0;
}

/** Orders the expiry job cancels per transaction, and transactions per run: a backlog drains over a few runs without long locks. */
export const EXPIRY_BATCH_SIZE = 200;
const EXPIRY_BATCHES_PER_RUN = 5;

/**
 * Cancels unpaid orders past their reservation time, a bounded batch per
 * transaction, until none is left or the run's share is done; then cancels
 * their card payments' PaymentIntents at Stripe.
 */
export async function expireUnpaidOrders(db: Database, now: Date, stripe: StripeSettings): Promise<number> {
  const batches = await passesWhileFull(
    EXPIRY_BATCHES_PER_RUN,
    () => expireReservations(db, now, EXPIRY_BATCH_SIZE),
    (expired) => expired.cancelled >= EXPIRY_BATCH_SIZE,
  );
  await cancelAbandonedIntents(
    stripe,
    batches.flatMap((expired) => expired.intents),
  );
  return batches.reduce((total, expired) => total + expired.cancelled, 0);
}

/** Relay passes (500 events each) per cron run: a backlog of 5,000 events a minute drains. */
const WEBHOOK_RELAY_PASSES_PER_RUN = 10;

/** What the cron trigger runs. Each job is idempotent, so an overlapping or repeated run is harmless. */
export async function runScheduledJobs(env: Bindings, now: Date): Promise<void> {
  const db = getDatabase(env.DATABASE_URL);
  const stripe = stripeSettings(env);
  // Before the expiry: settlement moves a successful campaign's orders' reservation time, or cancels a failed one's.
  const campaigns = await settleDueCampaigns(db, stripe, now);
  const expiredOrders = await expireUnpaidOrders(db, now, stripe);
  const expiredCarts = await expireCarts(db, now);
  const purgedRefreshTokens = await purgeRefreshTokens(db, now);
  const refreshedSortPrices = await refreshStaleSortPrices(db, SCHEDULED_BATCH_SIZE);
  const purgedEvents = await purgeEventsPastRetention(db, now);
  // Events no request relayed (its relay failed, or it was cut short), then retries the queue lost or could not delay that long.
  const relayedDeliveries = await relayAndEnqueue(db, env.WEBHOOK_QUEUE, now, WEBHOOK_RELAY_PASSES_PER_RUN);
  const requeuedDeliveries = await requeueLostDeliveries(db, env.WEBHOOK_QUEUE, now);
  // Mails: those written since (the relay's order mails among them), then retries the queue lost or could not delay.
  const queuedMails = await queueNewMail(db, env.MAIL_QUEUE, now);
  const requeuedMails = await requeueLostMail(db, env.MAIL_QUEUE, now);
  console.log(
    JSON.stringify({
      level: 'info',
      message: 'scheduled jobs done',
      at: now.toISOString(),
      campaignsSuccessful: campaigns.successful,
      campaignsFailed: campaigns.failed,
      campaignCapturesRequested: campaigns.capturesRequested,
      campaignCapturesRefused: campaigns.capturesRefused,
      expiredOrders,
      expiredCarts,
      purgedRefreshTokens,
      refreshedSortPrices,
      purgedEvents,
      relayedDeliveries,
      requeuedDeliveries,
      queuedMails,
      requeuedMails,
    }),
  );
}
