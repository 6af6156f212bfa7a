import { z } from '@hono/zod-openapi';
import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runBatch, runStatement } from '../../db/sql/batch';
import { statement } from '../../db/sql/statement';
import { uuidv7 } from '../../lib/ids';
import { lockCustomersOf, refreshCustomerStats } from '../order-lifecycle/customer-figures';
import { type ChangeOrigin, SYSTEM_ACTOR, withDetails } from '../order-lifecycle/origin';
import { confirmCtes } from '../order-lifecycle/pay';
import { lockOrderOf } from '../order-lifecycle/transitions';
import { attemptFailedCtes, authorizedCtes, flagForRefundCtes, refundCtes } from './payment-changes';

/**
 * Stripe's events, each taking effect once, in one batch (one round trip):
 *
 * 1. The delivery is recorded: a new row for a new event id, else the
 *    existing row's delivery count goes up. Either way this batch now holds
 *    that row's lock, so concurrent deliveries of one event queue here, and
 *    the event is `fresh` only while its row is unprocessed.
 * 2. The payment's order is locked (the lock order of every payment change),
 *    then its customer, whose figures are recomputed after the effects.
 * 3. The effects, each acting only while the event is fresh and marking it
 *    processed (with its outcome) when it acts, so at most one acts.
 * 4. An event nothing acted on is marked `ignored`, or left unprocessed as
 *    `deferred` when it came too early (a refund of a payment not yet
 *    confirmed): the next delivery tries again.
 * 5. The outcome, and whether this delivery processed it (`processed_at` is
 *    the transaction's `now()`) or found it done (a duplicate).
 *
 * Outcomes: `applied` (the payment changed), `flagged` (a success that
 * cannot be kept, flagged for refund), `ignored` (nothing to do: unknown
 * payment, already in that state, an event type we do not handle),
 * `deferred`, and `duplicate` for a delivery of an event already processed.
 */

// Loose: the event is logged whole (`webhook_events.payload`), as Stripe sent it, for staff to read back.
const Envelope = z.looseObject({
  id: z.string().min(1).max(255),
  type: z.string().min(1).max(255),
  data: z.looseObject({ object: z.record(z.string(), z.unknown()) }),
});

const IntentObject = z.object({
  id: z.string().regex(/^pi_\w{1,250}$/),
  amount: z.number().int(),
  amount_received: z.number().int().optional(),
  amount_capturable: z.number().int().optional(),
  status: z.string().max(64).optional(),
  currency: z.string().regex(/^[a-zA-Z]{3}$/),
  last_payment_error: z
    .object({ message: z.string().max(1000).optional(), code: z.string().max(255).optional() })
    .nullish(),
});

// An authorisation (capture_method=manual): Stripe holds `amount_capturable` until we capture it.
const AuthorizedIntentObject = IntentObject.extend({
  amount_capturable: z.number().int(),
  status: z.string().max(64),
});

const ChargeObject = z.object({
  id: z.string().max(255),
  payment_intent: z.string().regex(/^pi_\w{1,250}$/),
  amount_refunded: z.number().int().min(0),
  currency: z.string().regex(/^[a-zA-Z]{3}$/),
});

export type StripeEvent = z.infer<typeof Envelope>;
export type Outcome = 'applied' | 'flagged' | 'ignored' | 'deferred' | 'duplicate';

/** The largest body a webhook may have; Stripe's events are far smaller. */
export const MAX_EVENT_BYTES = 256 * 1024;

/** The event envelope of a verified body, or why it is not one. */
export function parseEvent(payload: unknown): { event: StripeEvent } | { error: string } {
  const envelope = Envelope.safeParse(payload);
  if (!envelope.success) return { error: 'not a Stripe event' };
  const object = {
    'payment_intent.succeeded': IntentObject,
    'payment_intent.payment_failed': IntentObject,
    'payment_intent.amount_capturable_updated': AuthorizedIntentObject,
    'charge.refunded': ChargeObject,
  }[envelope.data.type];
  if (object && !object.safeParse(envelope.data.data.object).success)
    return { error: `malformed ${envelope.data.type} object` };
  return { event: envelope.data };
}

/**
 * A delivery that did not verify (`signatureValid` false) or, verified, did
 * not parse as an event: kept for diagnosis, and it changes nothing else.
 */
export async function recordRejectedDelivery(
  db: Database,
  storeId: string | null,
  payload: unknown,
  rejection: { signatureValid: boolean; error: string },
): Promise<void> {
  const fields = (payload ?? {}) as { id?: unknown; type?: unknown };
  const text = (value: unknown, fallback: string) => (typeof value === 'string' ? value.slice(0, 255) : fallback);
  await runStatement(
    db,
    statement(sql`INSERT INTO webhook_events (id, store_id, provider, event_id, type, payload, signature_valid, outcome, error,
        processed_at)
      VALUES (${uuidv7()}, ${storeId}, 'stripe', ${text(fields.id, '')}, ${text(fields.type, 'unknown')},
        ${JSON.stringify(payload ?? null)}::jsonb, ${rejection.signatureValid}, 'rejected', ${rejection.error}, now())
      ON CONFLICT (store_id, provider, event_id) WHERE signature_valid
      DO UPDATE SET deliveries = webhook_events.deliveries + 1, last_received_at = now()`),
  );
}

/** Processes a verified event for the store, once; answers its outcome. */
export async function processStripeEvent(db: Database, storeId: string, event: StripeEvent): Promise<Outcome> {
  const eventRow = sql`store_id = ${storeId} AND provider = 'stripe' AND event_id = ${event.id} AND signature_valid`;
  const fresh = sql`EXISTS (SELECT 1 FROM webhook_events WHERE ${eventRow} AND processed_at IS NULL)`;
  const origin: ChangeOrigin = { source: 'webhook', actor: SYSTEM_ACTOR, details: { stripeEventId: event.id } };
  const effect = (ctes: SQL, outcome: Outcome) =>
    sql`WITH ${ctes},
      noted AS (
        UPDATE webhook_events
        SET processed_at = now(), outcome = ${outcome}
        WHERE ${eventRow} AND EXISTS (SELECT 1 FROM changed))
      SELECT count(*) FROM changed`;

  const object = event.data.object;
  // The PaymentIntent the event is about, for the types we handle (parseEvent checked their shape).
  const intentId =
    event.type === 'charge.refunded'
      ? (object.payment_intent as string)
      : event.type.startsWith('payment_intent.')
        ? (object.id as string)
        : null;
  const payment = sql`p.store_id = ${storeId} AND p.provider = 'stripe' AND p.provider_reference = ${intentId}`;
  const paymentExists = sql`EXISTS (SELECT 1 FROM payments p WHERE ${payment})`;
  const paymentOrder = sql`SELECT p.order_id FROM payments p WHERE ${payment}`;
  let effects: SQL[] = [];
  let deferWhen: SQL = sql`false`;

  if (event.type === 'payment_intent.succeeded') {
    const received = z
      .number()
      .int()
      .parse(object.amount_received ?? object.amount);
    const matches = sql`p.amount = ${received} AND p.currency = ${String(object.currency).toUpperCase()}`;
    const flagged = withDetails(origin, { amountReceived: received, currency: object.currency });
    effects = [
      effect(confirmCtes(payment, sql`${fresh} AND ${matches}`, origin), 'applied'),
      effect(flagForRefundCtes(payment, fresh, flagged), 'flagged'),
    ];
  } else if (event.type === 'payment_intent.payment_failed') {
    const error = (object.last_payment_error ?? {}) as { message?: string; code?: string };
    const reason = error.message ?? error.code ?? 'The card payment failed.';
    effects = [effect(attemptFailedCtes(payment, fresh, withDetails(origin, { code: error.code }), reason), 'applied')];
  } else if (event.type === 'payment_intent.amount_capturable_updated') {
    // Only a hold of the whole amount counts: a partial or released one leaves the payment as it was.
    const held = object.status === 'requires_capture';
    const matches = sql`p.amount = ${object.amount_capturable as number} AND p.currency = ${String(object.currency).toUpperCase()}`;
    const authorized = withDetails(origin, { amountCapturable: object.amount_capturable });
    effects = held ? [effect(authorizedCtes(payment, sql`${fresh} AND ${matches}`, authorized), 'applied')] : [];
  } else if (event.type === 'charge.refunded') {
    const refunded = object.amount_refunded as number;
    const refund = sql`target AS (
        SELECT p.id, p.order_id, p.store_id, p.currency,
          least(${refunded} - p.refunded_amount, p.amount - p.refunded_amount) AS amount
        FROM payments p
        WHERE ${payment} AND ${fresh} AND p.status IN ('confirmed', 'partially_refunded') AND ${refunded} > p.refunded_amount),
      refund AS (
        INSERT INTO refunds (id, store_id, payment_id, order_id, amount, currency, reason, status, created_by_type)
        SELECT ${uuidv7()}, store_id, id, order_id, amount, currency, 'Refunded in Stripe', 'succeeded', 'system'
        FROM target
        RETURNING id, payment_id, amount),
      ${refundCtes(origin)}`;
    effects = [effect(refund, 'applied')];
    // A refund of a payment whose success has not been processed yet: Stripe will deliver it again.
    deferWhen = sql`EXISTS (
      SELECT 1
      FROM payments p
      WHERE ${payment} AND p.status NOT IN ('confirmed', 'partially_refunded', 'refunded'))`;
  }

  const { outcome } = await runBatch(db, {
    delivery: sql`INSERT INTO webhook_events (id, store_id, provider, event_id, type, payload, signature_valid)
      VALUES (${uuidv7()}, ${storeId}, 'stripe', ${event.id}, ${event.type}, ${JSON.stringify(event)}::jsonb, true)
      ON CONFLICT (store_id, provider, event_id) WHERE signature_valid
      DO UPDATE SET deliveries = webhook_events.deliveries + 1, last_received_at = now()`,
    lockOrder: lockOrderOf(sql`${payment} AND ${fresh}`),
    lockCustomer: lockCustomersOf(paymentOrder),
    effects,
    customerStats: refreshCustomerStats(paymentOrder),
    unacted: sql`UPDATE webhook_events
      SET outcome = CASE WHEN ${deferWhen} THEN 'deferred' ELSE 'ignored' END,
        processed_at = CASE WHEN ${deferWhen} THEN NULL ELSE now() END,
        error = CASE WHEN NOT ${paymentExists} AND ${intentId !== null} THEN 'No payment of this store has this PaymentIntent.' END
      WHERE ${eventRow} AND processed_at IS NULL`,
    outcome: statement<{ outcome: Outcome; now: boolean }>(
      sql`SELECT outcome, processed_at = now() AS now FROM webhook_events WHERE ${eventRow}`,
    ),
  });
  const row = outcome[0];
  if (!row) throw new Error('stripe: no webhook event row after the batch that wrote it');
  return row.outcome === 'deferred' || row.now ? row.outcome : 'duplicate';
}
