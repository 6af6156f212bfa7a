/**
 * What the payment scenarios of `npm run bench` need: unpaid orders of the
 * checkout bench store, placed through the checkout service itself (cash on
 * delivery), some turned into card payments with a PaymentIntent id of
 * their own, and the store's Stripe keys sealed as the Worker seals them.
 * Each confirm or webhook request then takes one order off a pool, so every
 * measured request does the whole work of a first confirmation.
 */
import { sql } from 'drizzle-orm';
import Stripe from 'stripe';
import type { DrizzleDatabase } from '../src/db/drizzle.ts';
import { uuidv7 } from '../src/lib/ids.ts';
import { sealSecret } from '../src/lib/sealed-secrets.ts';
import { checkout } from '../src/services/checkout/checkout.ts';
import { sealingContext } from '../src/services/payments/stripe-account.ts';
import { BENCH_CHECKOUT_SLUG } from './bench-catalog.ts';

export const BENCH_WEBHOOK_SECRET = 'whsec_benchbenchbenchbench';

export interface PaymentPools {
  storeId: string;
  /** Pending manual payments, to confirm. */
  manual: string[];
  /** Pending card payments: their PaymentIntent, amount and currency. */
  card: { intentId: string; amount: number; currency: string }[];
}

/** Places `count` orders through the checkout service, `parallel` at a time; answers their payment ids. */
async function placeOrders(db: DrizzleDatabase, jwtSecret: string, count: number, parallel = 10): Promise<string[]> {
  const { rows } = await db.execute<{ variant_id: string; rate_id: string }>(sql`
    SELECT v.id AS variant_id, r.id AS rate_id FROM stores s JOIN variants v ON v.store_id = s.id JOIN shipping_rates r ON r.store_id = s.id
    WHERE s.slug = ${BENCH_CHECKOUT_SLUG} ORDER BY v.id`);
  const paymentIds: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const n = next++;
      const result = await checkout(
        db,
        { secret: jwtSecret, card: { sealingKey: undefined, stripeApiBase: '' } },
        {
          slug: BENCH_CHECKOUT_SLUG,
          idempotencyKey: uuidv7(),
          input: {
            items: [{ variantId: rows[n % rows.length]!.variant_id, quantity: 1 }],
            email: `buyer-${n}@bench.test`,
            shippingAddress: { name: 'Bench Buyer', line1: '1 Bench Street', city: 'Benchville', country: 'US' },
            shippingRateId: rows[0]!.rate_id,
            paymentMethod: 'cod',
          },
        },
      );
      paymentIds.push((JSON.parse(result.json) as { payment: { id: string } }).payment.id);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return paymentIds;
}

/** `manualCount` manual and `cardCount` card payments waiting, and the store's Stripe keys sealed under `sealingKey`. */
export async function seedPaymentPools(
  db: DrizzleDatabase,
  jwtSecret: string,
  sealingKey: string,
  manualCount: number,
  cardCount: number,
): Promise<PaymentPools> {
  const paymentIds = await placeOrders(db, jwtSecret, manualCount + cardCount);
  const cardIds = paymentIds.slice(manualCount);
  const { rows } = await db.execute<{ store_id: string; intent_id: string; amount: string; currency: string }>(sql`
    UPDATE payments SET method = 'card', provider = 'stripe', provider_reference = 'pi_bench' || replace(id::text, '-', ''), instructions = NULL
    WHERE id IN (SELECT jsonb_array_elements_text(${JSON.stringify(cardIds)}::jsonb)::uuid)
    RETURNING store_id, provider_reference AS intent_id, amount, currency`);
  const storeId = (await db.execute<{ id: string }>(sql`SELECT id FROM stores WHERE slug = ${BENCH_CHECKOUT_SLUG}`))
    .rows[0]!.id;
  await db.execute(sql`INSERT INTO stripe_accounts (store_id, publishable_key, secret_key_sealed, secret_key_last4, webhook_secret_sealed)
    VALUES (${storeId}, 'pk_test_bench', ${await sealSecret(sealingKey, sealingContext(storeId, 'secret_key'), 'sk_test_bench')}, 'ench',
      ${await sealSecret(sealingKey, sealingContext(storeId, 'webhook_secret'), BENCH_WEBHOOK_SECRET)})
    ON CONFLICT (store_id) DO NOTHING`);
  return {
    storeId,
    manual: paymentIds.slice(0, manualCount),
    card: rows.map((row) => ({
      intentId: row.intent_id,
      amount: Number(row.amount),
      currency: row.currency.toLowerCase(),
    })),
  };
}

/** A `payment_intent.succeeded` event for a card payment of the pool, as JSON text. */
export function succeededEvent(payment: PaymentPools['card'][number]): string {
  return JSON.stringify({
    id: `evt_${uuidv7().replace(/-/g, '')}`,
    object: 'event',
    type: 'payment_intent.succeeded',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    data: {
      object: {
        id: payment.intentId,
        object: 'payment_intent',
        amount: payment.amount,
        amount_received: payment.amount,
        currency: payment.currency,
      },
    },
  });
}

/** The `Stripe-Signature` Stripe would send with `body`, made by the official package. */
export function stripeSignature(body: string): string {
  return Stripe.webhooks.generateTestHeaderString({ payload: body, secret: BENCH_WEBHOOK_SECRET });
}
