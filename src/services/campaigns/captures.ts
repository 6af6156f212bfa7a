import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runBatch, runStatement } from '../../db/sql/batch';
import { insertPaymentAuditRows } from '../../db/sql/ledgers';
import { statement } from '../../db/sql/statement';
import { SYSTEM_ACTOR } from '../order-lifecycle/origin';
import { lockOrderOf } from '../order-lifecycle/transitions';
import { callStripeForEach, stripeFailure } from '../payments/abandoned-intents';
import { capturePaymentIntent, StripeError, type StripeSettings } from '../payments/stripe-api';

/** Card holds one run captures at most: a backlog drains over successive runs. */
export const CAPTURE_BATCH_SIZE = 200;

/** A card hold of a successful campaign's order, with its store's sealed secret key. */
interface Hold {
  paymentId: string;
  storeId: string;
  intentId: string;
  secretKeySealed: string;
}

/** What a capture run did: captures Stripe took, and holds it refused (they are let go). */
export interface CaptureRun {
  requested: number;
  refused: number;
}

/** The payments (alias `p`) of `ids`, a JSON list bound as one parameter. */
const paymentIn = (ids: readonly string[]) =>
  sql`p.id IN (SELECT jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid)`;

/** A payment audit row per payment `changed` returns (`id, store_id`), the payment still `pending`. */
function auditHolds(action: string, details: SQL): SQL {
  return insertPaymentAuditRows(
    {
      storeId: sql`store_id`,
      paymentId: sql`id`,
      action,
      fromStatus: 'pending',
      toStatus: 'pending',
      source: 'system',
      actorType: SYSTEM_ACTOR.type,
      actorId: SYSTEM_ACTOR.id,
      details,
    },
    sql`changed`,
  );
}

/**
 * Captures the card holds of successful campaigns (of `campaignId` only,
 * when given): Stripe payments still `pending`, authorised, not yet asked to
 * capture, whose order awaits payment. A bounded batch, oldest hold first;
 * Stripe is called PARALLEL_CALLS at a time, each capture once whatever the
 * retries (its Idempotency-Key), so two runs at once capture a hold once.
 *
 * - Taken: `capture_requested_at` is recorded (audited `capture_requested`);
 *   Stripe's `payment_intent.succeeded` then confirms the payment and pays
 *   the order through the webhook's usual path.
 * - Refused (a 4xx: the authorisation lapsed, was released, ...): the
 *   failure is recorded, the payment is no longer authorised, and its
 *   order's hold ends now, so the expiry job cancels it and releases its
 *   stock.
 * - Unknown (5xx, unreachable): left as it is, for the next run.
 */
export async function captureCampaignHolds(
  db: Database,
  stripe: StripeSettings,
  campaignId?: string,
): Promise<CaptureRun> {
  const holds = await runStatement(
    db,
    statement<Hold>(sql`SELECT p.id AS "paymentId", p.store_id AS "storeId", p.provider_reference AS "intentId",
        a.secret_key_sealed AS "secretKeySealed"
      FROM campaigns c
      JOIN campaign_participants cp ON cp.campaign_id = c.id
      JOIN orders o ON o.id = cp.order_id
      JOIN payments p ON p.order_id = o.id
      JOIN stripe_accounts a ON a.store_id = p.store_id
      WHERE c.status = 'successful' ${campaignId ? sql`AND c.id = ${campaignId}` : sql``}
        AND o.status = 'pending_payment'
        AND p.provider = 'stripe' AND p.status = 'pending' AND p.provider_reference IS NOT NULL
        AND p.authorized_at IS NOT NULL AND p.capture_requested_at IS NULL
      ORDER BY p.authorized_at
      LIMIT ${CAPTURE_BATCH_SIZE}`),
  );
  if (holds.length === 0) return { requested: 0, refused: 0 };

  const outcomes = await callStripeForEach(stripe, holds, (connection, hold) =>
    capturePaymentIntent(connection, hold.intentId),
  );
  const requested: string[] = [];
  const refused: { id: string; reason: string }[] = [];
  for (const [index, outcome] of outcomes.entries()) {
    const hold = holds[index]!;
    if (outcome.status === 'fulfilled') {
      requested.push(hold.paymentId);
      continue;
    }
    const error = outcome.reason as unknown;
    if (error instanceof StripeError && error.refused)
      refused.push({ id: hold.paymentId, reason: `Capture refused: ${error.message}`.slice(0, 500) });
    console.warn(
      JSON.stringify({
        level: 'warn',
        message: 'stripe: could not capture a campaign card hold',
        paymentId: hold.paymentId,
        intentId: hold.intentId,
        ...stripeFailure(error),
      }),
    );
  }
  const refusedIds = refused.map((row) => row.id);
  if (requested.length + refused.length === 0) return { requested: 0, refused: 0 };
  await runBatch(db, {
    // Orders first, as every change to a payment locks them.
    lockOrders: lockOrderOf(paymentIn([...requested, ...refusedIds])),
    requested: sql`WITH changed AS (
        UPDATE payments p
        SET capture_requested_at = now(), updated_at = now()
        WHERE ${paymentIn(requested)} AND p.status = 'pending' AND p.capture_requested_at IS NULL
        RETURNING p.id, p.store_id)
      ${auditHolds('capture_requested', sql`'{}'::jsonb`)}`,
    refused: sql`WITH reasons AS (
        SELECT * FROM jsonb_to_recordset(${JSON.stringify(refused)}::jsonb) AS r (id uuid, reason text)),
      changed AS (
        UPDATE payments p
        SET authorized_at = NULL, failure_reason = r.reason, updated_at = now()
        FROM reasons r
        WHERE p.id = r.id AND p.status = 'pending' AND p.capture_requested_at IS NULL
        RETURNING p.id, p.store_id, p.order_id, r.reason),
      ended AS (
        UPDATE orders o
        SET reservation_expires_at = now(), updated_at = now()
        FROM changed
        WHERE o.id = changed.order_id AND o.status = 'pending_payment'
        RETURNING o.id),
      released AS (
        UPDATE inventory_reservations r
        SET expires_at = now(), updated_at = now()
        FROM ended
        WHERE r.order_id = ended.id AND r.status = 'reserved')
      ${auditHolds('capture_refused', sql`jsonb_build_object('reason', reason)`)}`,
  });
  return { requested: requested.length, refused: refused.length };
}
