import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { openSecretKey } from '../payments/stripe-account';
import {
  createPaymentIntent,
  retrievePaymentIntent,
  StripeError,
  type StripeConnection,
  type StripeSettings,
} from '../payments/stripe-api';

/** What checkout's last statement answers about a pending card payment (null columns otherwise). */
export interface CardPaymentRow {
  store_id: string;
  order_id: string;
  order_number: string;
  email: string;
  payment_id: string;
  amount: string;
  currency: string;
  provider_reference: string | null;
  secret_key_sealed: string;
  publishable_key: string;
}

/** The payment columns checkout's final statement adds for order alias `o`: set only for a pending Stripe payment. */
export const cardPaymentColumns = sql`cp.id AS payment_id, cp.amount, cp.currency, cp.provider_reference, o.number AS order_number, o.email,
  a.secret_key_sealed, a.publishable_key`;
export const cardPaymentJoin = sql`LEFT JOIN payments cp ON cp.order_id = o.id AND cp.provider = 'stripe' AND cp.status = 'pending'
  LEFT JOIN stripe_accounts a ON a.store_id = o.store_id AND cp.id IS NOT NULL`;

/**
 * The card step of a checkout, after its batch committed: the PaymentIntent
 * for the order's total, created at Stripe under the payment's id as
 * Idempotency-Key and its id stored (a second round trip, with its audit
 * row), or, on a replay, read back from Stripe. Answers what Stripe.js needs.
 *
 * If Stripe cannot be reached the order stands (its stock is held until the
 * reservation expires) and the buyer gets a 502: retrying the checkout with
 * the same Idempotency-Key replays the order and tries Stripe again, and
 * Stripe's own idempotency means one PaymentIntent whatever the retries.
 */
export async function startCardPayment(
  db: Database,
  settings: StripeSettings,
  row: CardPaymentRow,
): Promise<{ reference: string; clientSecret: string; publishableKey: string }> {
  const connection: StripeConnection = {
    baseUrl: settings.stripeApiBase,
    secretKey: await openSecretKey(settings.sealingKey, row.store_id, row.secret_key_sealed),
  };
  try {
    if (row.provider_reference) {
      const intent = await retrievePaymentIntent(connection, row.provider_reference);
      return { reference: intent.id, clientSecret: intent.client_secret, publishableKey: row.publishable_key };
    }
    const intent = await createPaymentIntent(connection, {
      id: row.payment_id,
      orderId: row.order_id,
      storeId: row.store_id,
      orderNumber: row.order_number,
      amount: Number(row.amount),
      currency: row.currency,
      email: row.email,
    });
    await db.execute(sql`WITH linked AS (
        UPDATE payments SET provider_reference = ${intent.id}, updated_at = now()
        WHERE id = ${row.payment_id} AND provider_reference IS NULL RETURNING id, store_id, status)
      INSERT INTO payment_audit_log (id, store_id, payment_id, action, from_status, to_status, source, actor_type, details)
      SELECT uuid_v7(), store_id, id, 'provider_intent_created', status, status, 'system', 'system', jsonb_build_object('paymentIntent', ${intent.id}::text)
      FROM linked`);
    return { reference: intent.id, clientSecret: intent.client_secret, publishableKey: row.publishable_key };
  } catch (error) {
    if (error instanceof StripeError) {
      console.error(
        JSON.stringify({
          message: 'stripe: payment intent failed',
          paymentId: row.payment_id,
          status: error.status,
          code: error.stripeCode,
        }),
      );
      throw error.toApiError(false);
    }
    throw error;
  }
}
