import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runBatch, runStatement } from '../../db/sql/batch';
import { insertEvents } from '../../db/sql/ledgers';
import { statement } from '../../db/sql/statement';
import { cancelPaidOrders } from '../order-lifecycle/cancel-paid';
import { type AbandonedIntent, cancelUnpaidOrders } from '../order-lifecycle/cancel-unpaid';
import { lockCustomersOf, refreshCustomerStats } from '../order-lifecycle/customer-figures';
import { type ChangeOrigin, SYSTEM_ACTOR } from '../order-lifecycle/origin';
import { cancelAbandonedIntents } from '../payments/abandoned-intents';
import type { StripeSettings } from '../payments/stripe-api';
import { captureCampaignHolds } from './captures';
import { succeedCampaigns } from './succeed';

/** How a campaign ends without going ahead: below its minimum at its end, or cancelled by staff. */
export type FailureStatus = 'failed' | 'cancelled';

/** Why a campaign's orders are cancelled, in their history and on the order. */
export const CAMPAIGN_ORDER_REASONS: Record<FailureStatus, string> = {
  failed: 'campaign_failed',
  cancelled: 'campaign_cancelled',
};

export interface CampaignFailure {
  campaignId: string;
  status: FailureStatus;
  /** The event's reason (`ended` for a failure) and, for a cancellation, the campaign's `cancel_reason`. */
  reason: string | null;
  /** What else must hold of the campaign (alias `c`, still `active`) for it to end so. */
  when: SQL;
}

/**
 * The orders of a campaign this transaction settled as `status`. `now()` is
 * the transaction's start, the same in every statement of a batch: a
 * campaign whose `settled_at` is `now()` was settled by this batch, so
 * later statements act only after the first one did (and even a settlement
 * that started the same microsecond elsewhere would find its orders done).
 */
function ordersSettledHere(failure: CampaignFailure): SQL {
  return sql`SELECT cp.order_id AS id
    FROM campaign_participants cp
    JOIN campaigns c ON c.id = cp.campaign_id
    WHERE c.id = ${failure.campaignId} AND c.status = ${failure.status} AND c.settled_at = now()
      AND cp.order_id IS NOT NULL`;
}

/**
 * The statements, for one batch, that end campaign `failure.campaignId` as
 * `failed` or `cancelled` while it is still `active` (and `failure.when`
 * holds), once: a concurrent settlement waits on the campaign's row lock,
 * then finds it settled and does nothing.
 *
 * 1. The campaign's status, `settled_at` and `cancel_reason`; its orders
 *    locked (campaign first, then orders: the join's lock order); the
 *    `group-commerce.campaign.<status>` event, counting the orders it
 *    cancels and those already shipped or delivered, which stay with their
 *    buyers (staff settle those by hand).
 * 2. Their customers locked (figures recomputed at the end).
 * 3. Orders awaiting payment cancelled (cancel-unpaid.ts): stock released,
 *    payment `cancelled` (`payment.cancelled`); the answer lists their card
 *    PaymentIntents (authorisations included) to cancel at Stripe after
 *    the commit, which releases a hold.
 * 4. Paid or preparing orders cancelled (cancel-paid.ts): stock returned,
 *    confirmed payments flagged `needs_refund`.
 */
export function failCampaign(failure: CampaignFailure, origin: ChangeOrigin) {
  const reason = CAMPAIGN_ORDER_REASONS[failure.status];
  const orders = ordersSettledHere(failure);
  const event = insertEvents(
    {
      storeId: sql`store_id`,
      type: `group-commerce.campaign.${failure.status}`,
      aggregateType: 'campaign',
      aggregateId: sql`id`,
      payload: sql`jsonb_build_object('campaignId', id, 'participants', participant_count,
        'minParticipants', min_participants, 'maxParticipants', max_participants, 'reason', ${failure.reason}::text,
        'orders', (SELECT count(*) FROM held h WHERE h.status IN ('pending_payment', 'paid', 'preparing')),
        'alreadyShipped', (SELECT count(*) FROM held h WHERE h.status IN ('shipped', 'delivered')))`,
    },
    sql`settled`,
  );
  return {
    settle: statement<{ settled: number }>(sql`WITH settled AS (
        UPDATE campaigns c
        SET status = ${failure.status}, settled_at = now(), updated_at = now(),
          cancel_reason = CASE WHEN ${failure.status} = 'cancelled' THEN ${failure.reason}::text END
        WHERE c.id = ${failure.campaignId} AND c.status = 'active' AND ${failure.when}
        RETURNING c.id, c.store_id, c.participant_count, c.min_participants, c.max_participants),
      held AS (
        SELECT o.id, o.status
        FROM orders o
        JOIN campaign_participants cp ON cp.order_id = o.id
        WHERE cp.campaign_id IN (SELECT id FROM settled)
        ORDER BY o.id
        FOR UPDATE OF o),
      event AS (${event})
      SELECT count(*)::int AS settled FROM settled`),
    lockCustomers: lockCustomersOf(orders),
    cancelledUnpaid: cancelUnpaidOrders(orders, reason, origin.actor, {
      status: 'cancelled',
      action: 'cancel',
      source: origin.source,
      event: 'payment.cancelled',
    }),
    cancelledPaid: cancelPaidOrders(orders, reason, origin),
    customerStats: refreshCustomerStats(orders),
  };
}

/** Campaigns one settlement run settles at most; a backlog drains over successive runs. */
export const SETTLEMENT_BATCH_SIZE = 50;

/** Whether campaign `c` is due for settlement at `now`: its end has come, or (a safety net; the join that fills it settles it) it is full. */
const due = (now: Date) => sql`(c.ends_at <= ${now} OR c.participant_count >= c.max_participants)`;

/** What one settlement run did. */
export interface SettlementRun {
  successful: number;
  failed: number;
  capturesRequested: number;
  capturesRefused: number;
}

/**
 * Settles the campaigns due at `now` (see `due`), a bounded batch, oldest
 * end first, each in its own batch: `successful` with its minimum
 * (succeed.ts: its orders carry on), else `failed` (`failCampaign`). A
 * campaign another run (or a join) holds is skipped, not waited for (SKIP
 * LOCKED, when picked and again in its batch), and a settled one is no
 * longer `active`: two runs at once settle each campaign once. Then the
 * cancelled orders' PaymentIntents are cancelled at Stripe, and the card
 * holds of successful campaigns captured (captures.ts).
 */
export async function settleDueCampaigns(
  db: Database,
  stripe: StripeSettings,
  now: Date,
  limit = SETTLEMENT_BATCH_SIZE,
): Promise<SettlementRun> {
  const picked = await runStatement(
    db,
    statement<{ id: string }>(sql`SELECT c.id
      FROM campaigns c
      WHERE c.status = 'active' AND ${due(now)}
      ORDER BY c.ends_at
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED`),
  );
  const origin: ChangeOrigin = { source: 'system', actor: SYSTEM_ACTOR };
  const run: SettlementRun = { successful: 0, failed: 0, capturesRequested: 0, capturesRefused: 0 };
  const intents: AbandonedIntent[] = [];
  for (const { id } of picked) {
    // Still active and due, and not held by another run: checked again under the lock this batch takes.
    const ours = sql`SELECT c.id FROM campaigns c WHERE c.id = ${id} AND c.status = 'active' AND ${due(now)}
      FOR UPDATE SKIP LOCKED`;
    const failure: CampaignFailure = {
      campaignId: id,
      status: 'failed',
      reason: 'ended',
      when: sql`c.id IN (${ours}) AND c.participant_count < c.min_participants`,
    };
    // Of the two, the one whose condition on participants holds acts; the other finds the campaign settled.
    const { cancelledUnpaid, outcome } = await runBatch(db, {
      succeeded: succeedCampaigns(ours, 'ended'),
      ...failCampaign(failure, origin),
      outcome: statement<{ status: string }>(sql`SELECT status FROM campaigns WHERE id = ${id} AND settled_at = now()`),
    });
    if (outcome[0]?.status === 'successful') run.successful++;
    if (outcome[0]?.status === 'failed') run.failed++;
    intents.push(...(cancelledUnpaid[0]?.stripe_intents ?? []));
  }
  await cancelAbandonedIntents(stripe, intents);
  const captures = await captureCampaignHolds(db, stripe);
  run.capturesRequested = captures.requested;
  run.capturesRefused = captures.refused;
  return run;
}
