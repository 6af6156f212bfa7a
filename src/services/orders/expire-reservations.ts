import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runStatement } from '../../db/sql/batch';
import { type AbandonedIntent, cancelUnpaidOrders, RESERVATION_EXPIRED } from '../order-lifecycle/cancel-unpaid';
import { SYSTEM_ACTOR } from '../order-lifecycle/origin';

export { RESERVATION_EXPIRED };

/**
 * Cancels up to `limit` unpaid orders whose reservation time has passed,
 * oldest first, in one statement (order-lifecycle/cancel-unpaid.ts): their
 * stock goes back on sale and their pending payments expire
 * (`payment.expired`).
 *
 * Exactly once: only `pending_payment` orders are picked, and SKIP LOCKED
 * makes a concurrent run (or a payment confirmation holding the order) pass
 * over an order rather than wait and do it twice. Answers how many orders it
 * cancelled, and the PaymentIntents of their card payments, to cancel at Stripe.
 */
export async function expireReservations(
  db: Database,
  now: Date,
  limit: number,
): Promise<{ cancelled: number; intents: AbandonedIntent[] }> {
  // A campaign's orders hold their stock until it settles, which moves their reservation time or cancels them.
  const picked = sql`SELECT id
    FROM orders o
    WHERE status = 'pending_payment' AND reservation_expires_at <= ${now}
      AND NOT EXISTS (SELECT 1 FROM campaign_participants cp JOIN campaigns c ON c.id = cp.campaign_id
        WHERE cp.order_id = o.id AND c.status = 'active')
    ORDER BY reservation_expires_at
    LIMIT ${limit}
    FOR UPDATE SKIP LOCKED`;
  const [row] = await runStatement(
    db,
    cancelUnpaidOrders(picked, RESERVATION_EXPIRED, SYSTEM_ACTOR, {
      status: 'expired',
      action: 'expire',
      source: 'system',
      event: 'payment.expired',
    }),
  );
  return { cancelled: row?.cancelled ?? 0, intents: row?.stripe_intents ?? [] };
}
