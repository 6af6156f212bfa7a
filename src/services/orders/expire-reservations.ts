import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { abandonedIntents, type AbandonedIntent } from '../payments/abandoned-intents';
import { cancelUnpaidOrders } from './cancel-unpaid-orders';

/** Why the job cancels an order, in its history and on the order. */
export const RESERVATION_EXPIRED = 'reservation_expired';

/**
 * Cancels up to `limit` unpaid orders whose reservation time has passed,
 * oldest first, in one statement (see cancel-unpaid-orders.ts): their stock
 * goes back on sale and their pending payments expire (`payment.expired`).
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
  const picked = sql`SELECT id FROM orders WHERE status = 'pending_payment' AND reservation_expires_at <= ${now}
    ORDER BY reservation_expires_at LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
  const { rows } = await db.execute<{ cancelled: string; stripe_intents: string | null }>(
    cancelUnpaidOrders(
      picked,
      RESERVATION_EXPIRED,
      { type: 'system', id: null },
      {
        status: 'expired',
        action: 'expire',
        source: 'system',
        event: 'payment.expired',
      },
    ),
  );
  return { cancelled: Number(rows[0]?.cancelled ?? 0), intents: abandonedIntents(rows[0]?.stripe_intents) };
}
