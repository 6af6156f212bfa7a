import type { AbandonedIntent } from '../order-lifecycle/cancel-unpaid';
import { openSecretKey } from './stripe-account';
import { cancelPaymentIntent, type StripeConnection, StripeError, type StripeSettings } from './stripe-api';

const PARALLEL_CALLS = 10;

/**
 * Calls Stripe once per item with its store's secret key, PARALLEL_CALLS at
 * a time, after the batch that decided them committed; answers each call's
 * outcome, in the items' order, for the caller to record or log.
 */
export async function callStripeForEach<Item extends { storeId: string; secretKeySealed: string }>(
  settings: StripeSettings,
  items: readonly Item[],
  call: (connection: StripeConnection, item: Item) => Promise<unknown>,
): Promise<PromiseSettledResult<unknown>[]> {
  const outcomes: PromiseSettledResult<unknown>[] = [];
  for (let start = 0; start < items.length; start += PARALLEL_CALLS) {
    outcomes.push(
      ...(await Promise.allSettled(
        items.slice(start, start + PARALLEL_CALLS).map(async (item) => {
          const secretKey = await openSecretKey(settings.sealingKey, item.storeId, item.secretKeySealed);
          return call({ baseUrl: settings.stripeApiBase, secretKey }, item);
        }),
      )),
    );
  }
  return outcomes;
}

/** What to log of a failed Stripe call: its status and Stripe's code, never a key. */
export function stripeFailure(error: unknown): Record<string, unknown> {
  return error instanceof StripeError ? { status: error.status, code: error.stripeCode } : { error: String(error) };
}

/**
 * Cancels at Stripe the PaymentIntents of orders cancelled unpaid, so that a
 * buyer can no longer pay for an order that is gone (an authorised one,
 * a campaign join's, releases its hold on the card). Best effort, after the
 * cancellation committed: a failure is logged and left, since a payment
 * that still succeeds is recorded and flagged for refund by its webhook.
 * Answers how many Stripe cancelled.
 */
export async function cancelAbandonedIntents(
  settings: StripeSettings,
  intents: readonly AbandonedIntent[] | null | undefined,
): Promise<number> {
  if (!intents) return 0;
  const outcomes = await callStripeForEach(settings, intents, (connection, intent) =>
    cancelPaymentIntent(connection, intent.intentId),
  );
  let cancelled = 0;
  for (const [index, outcome] of outcomes.entries()) {
    if (outcome.status === 'fulfilled') {
      cancelled++;
      continue;
    }
    console.warn(
      JSON.stringify({
        level: 'warn',
        message: 'stripe: could not cancel the PaymentIntent of a cancelled order',
        intentId: intents[index]!.intentId,
        ...stripeFailure(outcome.reason),
      }),
    );
  }
  return cancelled;
}
