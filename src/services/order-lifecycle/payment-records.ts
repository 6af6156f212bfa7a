import { type SQL, sql } from 'drizzle-orm';
import { insertEvents, insertPaymentAuditRows } from '../../db/sql/ledgers';
import type { ChangeOrigin } from './origin';

/**
 * CTEs `audit` and `outbox`: for each row of a CTE `changed` (`id,
 * store_id, order_id, amount, currency, from_status, to_status`, one per
 * payment a statement changed), its `payment_audit_log` row (`action`, with
 * the origin's source, actor and details) and an outbox event of type
 * `eventType`. Every change of a payment's state records itself this way,
 * in the statement that makes it.
 */
export function recordPaymentChanges(origin: ChangeOrigin, action: string, eventType: string): SQL {
  const audit = insertPaymentAuditRows(
    {
      storeId: sql`store_id`,
      paymentId: sql`id`,
      action,
      fromStatus: sql`from_status`,
      toStatus: sql`to_status`,
      source: origin.source,
      actorType: origin.actor.type,
      actorId: origin.actor.id,
      details: origin.details ?? {},
    },
    sql`changed`,
  );
  const event = insertEvents(
    {
      storeId: sql`store_id`,
      type: eventType,
      aggregateType: 'payment',
      aggregateId: sql`id`,
      payload: sql`jsonb_build_object(
        'paymentId', id, 'orderId', order_id, 'status', to_status, 'amount', amount, 'currency', currency
      ) || ${JSON.stringify(origin.details ?? {})}::jsonb`,
    },
    sql`changed`,
  );
  return sql`audit AS (${audit}),
    outbox AS (${event})`;
}
