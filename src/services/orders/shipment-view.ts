import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runStatement } from '../../db/sql/batch';
import type { Statement } from '../../db/sql/statement';
import { defineView, type ViewRow, type ViewValue, viewText, viewOf, readIdPage } from '../../db/sql/views';
import type { SHIPMENT_STATUSES } from '../../lib/enums';
import { ShipmentSchema } from '../../schemas/orders';

export const NO_SHIPMENT = 'This store has no shipment with that id.';

export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

/** Shipment alias `sh` as staff see it. */
export const shipmentView = defineView(
  ShipmentSchema,
  (_shipment: 'sh') => sql`json_build_object(
    'id', sh.id, 'orderId', sh.order_id, 'carrier', sh.carrier, 'trackingNumber', sh.tracking_number,
    'labelUrl', sh.label_url, 'status', sh.status, 'shippedAt', sh.shipped_at, 'deliveredAt', sh.delivered_at,
    'createdAt', sh.created_at, 'updatedAt', sh.updated_at)`,
);

export type ShipmentValue = ViewValue<typeof shipmentView>;

/** The statement answering shipment `shipmentId` of the store as `json`, null when the store has no such shipment. */
export function shipmentStatement(storeId: string, shipmentId: string): Statement<ViewRow<ShipmentValue>> {
  return viewOf(shipmentView.json('sh'), sql`shipments sh WHERE sh.id = ${shipmentId} AND sh.store_id = ${storeId}`);
}

/** One shipment of the store; a 404 when it has none with that id. */
export async function getShipment(db: Database, storeId: string, shipmentId: string) {
  return viewText(await runStatement(db, shipmentStatement(storeId, shipmentId)), NO_SHIPMENT);
}

/** A page of the store's shipments, newest first; filters `status` and `orderId`. One statement. */
export async function listShipments(
  db: Database,
  storeId: string,
  filters: { status?: ShipmentStatus; orderId?: string },
  page: { limit: number; after?: string },
) {
  const conditions = [sql`sh.store_id = ${storeId}`];
  if (filters.status) conditions.push(sql`sh.status = ${filters.status}`);
  if (filters.orderId) conditions.push(sql`sh.order_id = ${filters.orderId}`);
  const from = sql`shipments sh WHERE ${sql.join(conditions, sql` AND `)}`;
  return readIdPage<ShipmentValue>(db, 'sh', from, shipmentView.json('sh'), page);
}
