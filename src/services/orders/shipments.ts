import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runBatch } from '../../db/sql/batch';
import { insertEvents } from '../../db/sql/ledgers';
import { viewText } from '../../db/sql/views';
import { setList } from '../../db/sql/writes';
import { uuidv7 } from '../../lib/ids';
import { type AuditContext, auditChanges, auditFromCte } from '../audit';
import { advanceOrder } from '../order-lifecycle/advance';
import { apiOrigin } from '../order-lifecycle/origin';
import { lockOrder, NO_ORDER } from '../order-lifecycle/transitions';
import { NO_SHIPMENT, type ShipmentStatus, shipmentStatement } from './shipment-view';

/**
 * Parcels sent for an order (seed 002). A shipment is `created` (the label
 * exists), then `in_transit` (the carrier has it), then `delivered`.
 * Creating the first one ships the order (passing through `preparing` when
 * it was only `paid`, so the history holds only allowed moves); once every
 * shipment of a shipped order is delivered, the order is `delivered`. Each
 * change is one batch under the order's lock, with its events.
 */

export interface ShipmentInput {
  carrier: string;
  trackingNumber?: string | null;
  labelUrl?: string | null;
}

export interface ShipmentChange {
  status?: ShipmentStatus;
  carrier?: string;
  trackingNumber?: string | null;
  labelUrl?: string | null;
}

/** Stops the batch unless the store has the order and it is paid, preparing or already shipped (another parcel). */
function requireShippable(storeId: string, orderId: string): SQL {
  return sql`SELECT CASE
      WHEN o.id IS NULL THEN api_error('not_found', ${NO_ORDER})
      WHEN o.status NOT IN ('paid', 'preparing', 'shipped') THEN api_error('invalid_transition',
        'An order that is ' || o.status || ' cannot be shipped: only paid, preparing or shipped orders can.')
      ELSE true END
    FROM (SELECT 1) one
    LEFT JOIN orders o ON o.id = ${orderId} AND o.store_id = ${storeId}`;
}

/**
 * A `shipment.<kind>` event per row of `source`, a CTE of shipments
 * (`id, store_id, order_id, carrier, tracking_number, status`).
 */
function shipmentEvents(kind: SQL, source: SQL): SQL {
  return insertEvents(
    {
      storeId: sql`store_id`,
      type: sql`'shipment.' || ${kind}`,
      aggregateType: 'shipment',
      aggregateId: sql`id`,
      payload: sql`jsonb_build_object('shipmentId', id, 'orderId', order_id,
        'carrier', carrier, 'trackingNumber', tracking_number, 'status', status)`,
    },
    source,
  );
}

/** What staff may set on a shipment, of shipments alias `alias`, as jsonb: its audit rows compare these. */
function shipmentFields(alias: 'sh' | 'before' | 'made'): SQL {
  const a = sql.raw(alias);
  return sql`jsonb_build_object('status', ${a}.status, 'carrier', ${a}.carrier,
    'trackingNumber', ${a}.tracking_number, 'labelUrl', ${a}.label_url)`;
}

/** Staff record a parcel for an order; the order becomes `shipped`. One round trip, audited; answers the shipment. */
export async function createShipment(db: Database, context: AuditContext, orderId: string, input: ShipmentInput) {
  const shipmentId = uuidv7();
  const origin = apiOrigin(context, { shipmentId });
  const { view } = await runBatch(db, {
    lockOrder: lockOrder(context.storeId, orderId),
    requireShippable: requireShippable(context.storeId, orderId),
    toPreparing: advanceOrder(orderId, 'paid', 'preparing', 'shipment_created', origin),
    toShipped: advanceOrder(orderId, 'preparing', 'shipped', 'shipment_created', origin),
    shipment: sql`WITH made AS (
        INSERT INTO shipments (id, store_id, order_id, carrier, tracking_number, label_url)
        VALUES (${shipmentId}, ${context.storeId}, ${orderId}, ${input.carrier}, ${input.trackingNumber ?? null},
          ${input.labelUrl ?? null})
        RETURNING id, store_id, order_id, carrier, tracking_number, label_url, status),
      audited AS (${auditFromCte(
        context,
        'shipment.created',
        'shipment',
        sql`(SELECT id AS entity_id, NULL::jsonb AS before,
          jsonb_strip_nulls(jsonb_build_object('orderId', order_id) || ${shipmentFields('made')}) AS after
          FROM made) created`,
      )})
      ${shipmentEvents(sql`'created'`, sql`made`)}`,
    view: shipmentStatement(context.storeId, shipmentId),
  });
  return viewText(view, NO_SHIPMENT);
}

/**
 * Stops the batch unless the store has the shipment and it may take
 * `status` (forward only; the same status changes nothing).
 */
function requireShipmentMove(storeId: string, shipmentId: string, status: ShipmentStatus | undefined): SQL {
  return sql`SELECT CASE
      WHEN sh.id IS NULL THEN api_error('not_found', ${NO_SHIPMENT})
      WHEN ${status ?? null}::shipment_status IS NOT NULL AND ${status ?? null}::shipment_status < sh.status
        THEN api_error('invalid_transition',
          'A shipment that is ' || sh.status || ' cannot go back to ' || ${status ?? null}::text || '.', 'status')
      ELSE true END
    FROM (SELECT 1) one
    LEFT JOIN shipments sh ON sh.id = ${shipmentId} AND sh.store_id = ${storeId}`;
}

/**
 * Staff (or a carrier integration) update a shipment: its carrier, tracking
 * number or label, and its status, forward only. `in_transit` stamps when it
 * left, `delivered` when it arrived; when the last shipment of a shipped
 * order is delivered, the order is `delivered`. One round trip; audited
 * with what changed (a change to what it already was writes no row).
 */
export async function updateShipment(db: Database, context: AuditContext, shipmentId: string, change: ShipmentChange) {
  const { storeId } = context;
  const origin = apiOrigin(context, { shipmentId });
  const orderId = sql`(SELECT order_id FROM shipments WHERE id = ${shipmentId} AND store_id = ${storeId})`;
  const status = change.status ?? null;
  const fields = setList(change, { carrier: 'carrier', trackingNumber: 'tracking_number', labelUrl: 'label_url' }, [
    sql`status = coalesce(${status}::shipment_status, sh.status)`,
    sql`shipped_at = CASE WHEN ${status}::shipment_status > 'created'
      THEN coalesce(sh.shipped_at, now()) ELSE sh.shipped_at END`,
    sql`delivered_at = CASE WHEN ${status}::shipment_status = 'delivered'
      THEN coalesce(sh.delivered_at, now()) ELSE sh.delivered_at END`,
    sql`updated_at = now()`,
  ]);
  const allDelivered = sql`NOT EXISTS (SELECT 1 FROM shipments s WHERE s.order_id = o.id AND s.status <> 'delivered')`;
  const { view } = await runBatch(db, {
    lockOrder: sql`SELECT id FROM orders WHERE id = ${orderId} FOR UPDATE`,
    requireMove: requireShipmentMove(storeId, shipmentId, change.status),
    change: sql`WITH changed AS (
        UPDATE shipments sh
        SET ${fields}
        FROM shipments before
        WHERE before.id = sh.id AND sh.id = ${shipmentId} AND sh.store_id = ${storeId}
        RETURNING sh.id, sh.store_id, sh.order_id, sh.carrier, sh.tracking_number, sh.status, before.status AS before_status,
          ${shipmentFields('before')} AS before_fields, ${shipmentFields('sh')} AS after_fields),
      moved AS (SELECT * FROM changed WHERE status <> before_status),
      audited AS (${auditChanges(context, 'shipment.updated', 'shipment', sql`changed`)})
      ${shipmentEvents(sql`moved.status::text`, sql`moved`)}`,
    deliverOrder: advanceOrder(orderId, 'shipped', 'delivered', 'shipment_delivered', origin, allDelivered),
    view: shipmentStatement(storeId, shipmentId),
  });
  return viewText(view, NO_SHIPMENT);
}
