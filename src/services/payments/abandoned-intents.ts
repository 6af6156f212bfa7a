import type { AbandonedIntent } from '../order-lifecycle/cancel-unpaid';
import { openSecretKey } from './stripe-account';
import { cancelPaymentIntent, StripeError, type StripeSettings } from './stripe-api';

const PARALLEL_CALLS = 10;

/**
 * Cancels at Stripe the PaymentIntents of orders cancelled unpaid, so that a
 * buyer can no longer pay for an order that is gone. Best effort, after the
 * cancellation committed: a failure is logged and left, since a payment
 * that still succeeds is recorded and flagged for refund by its webhook.
 * Answers how many Stripe cancelled.
 */
export async function cancelAbandonedIntents(
  settings: StripeSettings,
  intents: readonly AbandonedIntent[] | null | undefined,
): Promise<number> {
  if (!intents) return 0;
  let cancelled = 0;
  for (let start = 0; start < intents.length; start += PARALLEL_CALLS) {
    const results = await Promise.allSettled(
      intents.slice(start, start + PARALLEL_CALLS).map(async (intent) => {
        const secretKey = await openSecretKey(settings.sealingKey, intent.storeId, intent.secretKeySealed);
        await cancelPaymentIntent({ baseUrl: settings.stripeApiBase, secretKey }, intent.intentId);
      }),
    );
    for (const [index, result] of results.entries()) {
      if (result.status === 'fulfilled') {
        cancelled++;
        continue;
      }
      const error = result.reason as unknown;
      console.warn(
        JSON.stringify({
          level: 'warn',
          message: 'stripe: could not cancel the PaymentIntent of a cancelled order',
          intentId: intents[start + index]!.intentId,
          ...(error instanceof StripeError
            ? { status: error.status, code: error.stripeCode }
            : { error: String(error) }),
        }),
      );
    }
  }
  return cancelled;
}
