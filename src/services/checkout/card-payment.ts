import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runStatement } from '../../db/sql/batch';
import { insertPaymentAuditRows } from '../../db/sql/ledgers';
import { statement } from '../../db/sql/statement';
import { openSecretKey } from '../payments/stripe-account';
import {
  createPaymentIntent,
  retrievePaymentIntent,
  StripeError,
  type StripeConnection,
  type StripeSettings,
} from '../payments/stripe-api';

/** What checkout's last statement answers about the order's pending card payment, when it has one. */
export interface PendingCardPayment {
  storeId: string;
  orderId: string;
  orderNumber: string;
  email: string;
  paymentId: string;
  amount: number;
  currency: string;
  providerReference: string | null;
  /** Null only if the store removed its Stripe keys since. */
  secretKeySealed: string | null;
  publishableKey: string | null;
  /** A campaign join's payment: authorise only, captured if the campaign succeeds. */
  captureManually: boolean;
}

/** What Stripe.js needs to take a card payment, added to the order's payment in the checkout answer. */
export interface CardSession {
  reference: string;
  clientSecret: string;
  publishableKey: string | undefined;
}

/**
 * Whether order alias `o` was placed by a campaign join: only joins have a
 * participant row, so it tells campaign orders from checkout's. (Here, not
 * in services/campaigns, which builds on checkout: domains depend one way.)
 */
function isCampaignOrder(_order: 'o'): SQL {
  return sql`EXISTS (SELECT 1 FROM campaign_participants cp WHERE cp.order_id = o.id)`;
}

/**
 * The pending card payment of order alias `o`, as JSON (a `PendingCardPayment`),
 * or null when the order has none: set only for a pending Stripe payment.
 */
export function pendingCardPaymentJson(_order: 'o'): SQL {
  return sql`(
    SELECT json_build_object('storeId', o.store_id, 'orderId', o.id, 'orderNumber', o.number, 'email', o.email,
      'paymentId', cp.id, 'amount', cp.amount, 'currency', cp.currency, 'providerReference', cp.provider_reference,
      'secretKeySealed', a.secret_key_sealed, 'publishableKey', a.publishable_key,
      'captureManually', ${isCampaignOrder('o')})
    FROM payments cp
    LEFT JOIN stripe_accounts a ON a.store_id = o.store_id
    WHERE cp.order_id = o.id AND cp.provider = 'stripe' AND cp.status = 'pending'
    LIMIT 1)`;
}

/** Links the payment to its PaymentIntent, once, with its audit row. */
function linkIntent(paymentId: string, intentId: string): SQL {
  const audit = insertPaymentAuditRows(
    {
      storeId: sql`store_id`,
      paymentId: sql`id`,
      action: 'provider_intent_created',
      fromStatus: sql`status`,
      toStatus: sql`status`,
      source: 'system',
      actorType: 'system',
      details: sql`jsonb_build_object('paymentIntent', ${intentId}::text)`,
    },
    sql`linked`,
  );
  return sql`WITH linked AS (
      UPDATE payments
      SET provider_reference = ${intentId}, updated_at = now()
      WHERE id = ${paymentId} AND provider_reference IS NULL
      RETURNING id, store_id, status)
    ${audit}`;
}

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
  payment: PendingCardPayment,
): Promise<CardSession> {
  const connection: StripeConnection = {
    baseUrl: settings.stripeApiBase,
    secretKey: await openSecretKey(settings.sealingKey, payment.storeId, payment.secretKeySealed ?? ''),
  };
  try {
    if (payment.providerReference) {
      const intent = await retrievePaymentIntent(connection, payment.providerReference);
      return {
        reference: intent.id,
        clientSecret: intent.client_secret,
        publishableKey: payment.publishableKey ?? undefined,
      };
    }
    const intent = await createPaymentIntent(connection, {
      id: payment.paymentId,
      orderId: payment.orderId,
      storeId: payment.storeId,
      orderNumber: payment.orderNumber,
      amount: payment.amount,
      currency: payment.currency,
      email: payment.email,
      captureManually: payment.captureManually,
    });
    await runStatement(db, statement(linkIntent(payment.paymentId, intent.id)));
    return {
      reference: intent.id,
      clientSecret: intent.client_secret,
      publishableKey: payment.publishableKey ?? undefined,
    };
  } catch (error) {
    if (error instanceof StripeError) {
      console.error(
        JSON.stringify({
          message: 'stripe: payment intent failed',
          paymentId: payment.paymentId,
          status: error.status,
          code: error.stripeCode,
        }),
      );
      throw error.toApiError(false);
    }
    throw error;
  }
}
