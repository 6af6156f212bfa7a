import { type SQL, sql } from 'drizzle-orm';
import type { ACTOR_TYPES, PAYMENT_CHANGE_SOURCES } from '../../lib/enums';
import type { AuditContext } from '../audit';

/**
 * Who makes a change to an order or a payment, and where it comes from, as
 * the ledger rows the change writes record it (history, movements, payment
 * audit, events).
 */

/** An actor as its ledger columns hold it: a member, an API key, a customer or the system (no id). */
export interface ActorColumns {
  type: (typeof ACTOR_TYPES)[number];
  id: string | null;
}

/** Where a change comes from, and who made it. */
export interface ChangeOrigin {
  source: (typeof PAYMENT_CHANGE_SOURCES)[number];
  actor: ActorColumns;
  /** Kept in the payment audit row's details and the event: the webhook event id, the reference staff saw, ... */
  details?: Record<string, unknown>;
}

/** The scheduled jobs and the payment provider's webhooks act as the system. */
export const SYSTEM_ACTOR: ActorColumns = { type: 'system', id: null };

/** A change an admin API caller makes: their actor, and the request id beside `details`. */
export function apiOrigin(context: AuditContext, details: Record<string, unknown>): ChangeOrigin {
  return {
    source: 'api',
    actor: { type: context.actor.type, id: context.actor.id },
    details: { ...details, requestId: context.requestId },
  };
}

/** `origin`, with `details` added to its own. */
export function withDetails(origin: ChangeOrigin, details: Record<string, unknown>): ChangeOrigin {
  return { ...origin, details: { ...origin.details, ...details } };
}

/** The `<x>_type, <x>_id` values of a row outside the ledgers that records who made it (a refund's creator). */
export function actorValues(origin: ChangeOrigin): SQL {
  return sql`${origin.actor.type}::actor_type, ${origin.actor.id}::uuid`;
}
