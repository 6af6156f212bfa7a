import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runBatch, runStatement } from '../../db/sql/batch';
import { type Statement, statement } from '../../db/sql/statement';
import { defineView, type ViewJson, type ViewRow, type ViewValue, viewOf, viewText } from '../../db/sql/views';
import {
  givenFields,
  lockRow,
  lockStoreScope,
  requireRoomFor,
  requireRow,
  setList,
  textArray,
} from '../../db/sql/writes';
import { uuidv7 } from '../../lib/ids';
import { MAX_SHIPPING_RATES, ShippingRateListSchema, ShippingRateSchema } from '../../schemas/shipping-rates';
import { type AuditContext, auditedDeleteUnless, auditFromCte, auditedUpdate } from '../audit';
import { shippingRateView } from '../catalog/storefront-catalog';

/**
 * The flat rates a store ships at, as staff manage them. A rate is in the
 * store's currency, written from the store when the rate is made, or in the
 * currency of one of its markets (checkout offers a market's shoppers the
 * rates in its currency). Orders
 * keep the rate's name and their own totals, so editing a rate changes no
 * order; a rate that orders point at is not deleted, though (they would lose
 * their link to it): it is deactivated instead. Every write is one batch
 * with its audit row; the route purges the storefront's cached rates.
 */

export interface ShippingRateFields {
  name?: string;
  description?: string | null;
  countries?: string[];
  amount?: number;
  freeOverAmount?: number | null;
  minDeliveryDays?: number | null;
  maxDeliveryDays?: number | null;
  position?: number;
  active?: boolean;
}

export const NO_SHIPPING_RATE = 'This store has no shipping rate with that id.';

const IN_USE =
  'Orders were placed with this shipping rate, so it cannot be deleted; deactivate it instead (PATCH {"active": false}): shoppers stop seeing it and its orders keep their link to it.';

const TOO_MANY = `A store has at most ${MAX_SHIPPING_RATES} shipping rates; change or delete one instead.`;

const RATE_COLUMNS = {
  name: 'name',
  description: 'description',
  countries: 'countries',
  amount: 'amount',
  freeOverAmount: 'free_over_amount',
  minDeliveryDays: 'min_delivery_days',
  maxDeliveryDays: 'max_delivery_days',
  position: 'position',
  active: 'active',
} as const;

function rateValue(field: keyof ShippingRateFields, value: unknown): SQL {
  return field === 'countries' ? textArray(value as string[]) : sql`${value}`;
}

/** Shipping rate alias `r` as staff see it: as shoppers do, with its place, whether it is offered, and its times. */
export const adminShippingRateView = defineView(
  ShippingRateSchema,
  (_r: 'r') => sql`(${shippingRateView.json('r')})::jsonb || jsonb_build_object(
    'position', r.position, 'active', r.active, 'createdAt', r.created_at, 'updatedAt', r.updated_at)`,
);

type ShippingRateValue = ViewValue<typeof adminShippingRateView>;

/** Every rate of store `storeId`, offered or not, by position then id, as `{data: [...]}`. */
const shippingRateListView = defineView(
  ShippingRateListSchema,
  (storeId: string) => sql`json_build_object('data', coalesce((
    SELECT json_agg(${adminShippingRateView.json('r')} ORDER BY r.position, r.id)
    FROM shipping_rates r
    WHERE r.store_id = ${storeId}), '[]'))`,
);

function rateStatement(storeId: string, rateId: string): Statement<ViewRow<ShippingRateValue>> {
  return viewOf(
    adminShippingRateView.json('r'),
    sql`shipping_rates r WHERE r.id = ${rateId} AND r.store_id = ${storeId}`,
  );
}

/** Rate alias `r` as audit rows record it, before and after a change: as staff see it. */
const auditedRate = sql`(${adminShippingRateView.json('r')})::jsonb`;

/** Every rate of the store, in one statement; the cap on rates per store keeps the list unpaged. */
export async function listShippingRates(db: Database, storeId: string) {
  const [row] = await runStatement(
    db,
    statement<{ json: ViewJson<ViewValue<typeof shippingRateListView>> }>(
      sql`SELECT (${shippingRateListView.json(storeId)})::text AS json`,
    ),
  );
  return row!.json;
}

/** One rate of the store; a 404 when it has none with that id. */
export async function getShippingRate(db: Database, storeId: string, rateId: string) {
  return viewText(await runStatement(db, rateStatement(storeId, rateId)), NO_SHIPPING_RATE);
}

/**
 * Stops the batch with a 422 on `currency` unless it is the store's own or
 * one of its markets' (active or not): a rate in a currency nothing sells in
 * could never be chosen.
 */
function requireSoldCurrency(storeId: string, currency: string | undefined): SQL {
  return sql`SELECT api_error('validation_failed',
      'The store sells in no market in this currency; add the market first (POST .../markets).', 'currency')
    WHERE ${currency ?? null}::text IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM stores WHERE id = ${storeId} AND currency = ${currency ?? null})
      AND NOT EXISTS (SELECT 1 FROM markets WHERE store_id = ${storeId} AND currency = ${currency ?? null})`;
}

/**
 * Adds a rate in the store's currency, or a market's, after its last one
 * unless a position is given. The store's rates are counted under a lock of
 * the store's own, so two creations at once cannot both pass the cap. One
 * round trip; audited.
 */
export async function createShippingRate(
  db: Database,
  context: AuditContext,
  input: ShippingRateFields & { name: string; amount: number; currency?: string },
) {
  const id = uuidv7();
  const { storeId } = context;
  const { position, currency, ...rest } = input;
  const fields = givenFields(rest, RATE_COLUMNS, rateValue);
  const last = sql`(SELECT coalesce(max(position) + 1, 0) FROM shipping_rates WHERE store_id = ${storeId})`;
  const columns = [sql`id`, sql`store_id`, sql`currency`, sql`position`, ...fields.map((field) => field.column)];
  const values = [
    sql`${id}`,
    sql`${storeId}`,
    currency ? sql`${currency}` : sql`(SELECT currency FROM stores WHERE id = ${storeId})`,
    position === undefined ? last : sql`${position}`,
    ...fields.map((field) => field.value),
  ];
  const { view } = await runBatch(db, {
    lock: lockStoreScope('shipping-rates', storeId),
    cap: requireRoomFor('shipping_rates', storeId, MAX_SHIPPING_RATES, TOO_MANY),
    currency: requireSoldCurrency(storeId, currency),
    insert: sql`WITH made AS (
        INSERT INTO shipping_rates AS r (${sql.join(columns, sql`, `)})
        VALUES (${sql.join(values, sql`, `)})
        RETURNING r.id AS entity_id, NULL::jsonb AS before, ${auditedRate} AS after)
      ${auditFromCte(context, 'shipping_rate.created', 'shipping_rate', sql`made`)}`,
    view: rateStatement(storeId, id),
  });
  return viewText(view, NO_SHIPPING_RATE);
}

/**
 * Stops the batch unless the store has the rate and its delivery estimate,
 * with the change applied, keeps its lower bound at or below its upper one
 * (a change may name only one bound).
 */
function requireRateChange(storeId: string, rateId: string, changes: ShippingRateFields): SQL {
  const bound = (field: 'minDeliveryDays' | 'maxDeliveryDays', column: SQL) =>
    changes[field] === undefined ? column : sql`${changes[field]}::int`;
  const field = changes.maxDeliveryDays === undefined ? 'minDeliveryDays' : 'maxDeliveryDays';
  return sql`SELECT CASE
      WHEN r.id IS NULL THEN api_error('not_found', ${NO_SHIPPING_RATE})
      WHEN ${bound('minDeliveryDays', sql`r.min_delivery_days`)} > ${bound('maxDeliveryDays', sql`r.max_delivery_days`)}
        THEN api_error('validation_failed', 'minDeliveryDays may not exceed maxDeliveryDays.', ${field})
      ELSE true END
    FROM (SELECT 1) one
    LEFT JOIN shipping_rates r ON r.id = ${rateId} AND r.store_id = ${storeId}`;
}

/** Changes any of a rate's fields. One round trip; audited with the rate before and after. */
export async function updateShippingRate(
  db: Database,
  context: AuditContext,
  rateId: string,
  changes: ShippingRateFields,
) {
  const { storeId } = context;
  const fields = setList(changes, RATE_COLUMNS, [sql`updated_at = now()`], rateValue);
  const { view } = await runBatch(db, {
    requireChange: requireRateChange(storeId, rateId, changes),
    update: auditedUpdate(
      context,
      'shipping_rate.updated',
      { table: 'shipping_rates', alias: 'r', entityType: 'shipping_rate', id: rateId },
      fields,
      auditedRate,
    ),
    view: rateStatement(storeId, rateId),
  });
  return viewText(view, NO_SHIPPING_RATE);
}

/**
 * Deletes a rate no order was placed with; one that orders point at is a
 * 409 that says to deactivate it. The rate is locked first: a checkout
 * choosing it at the same moment either committed before (and its order is
 * seen) or waits on the lock and then finds the rate gone. The orders are
 * checked by the DELETE itself, since their foreign key would otherwise
 * quietly set their link to null. One round trip; audited.
 */
export async function deleteShippingRate(db: Database, context: AuditContext, rateId: string): Promise<void> {
  const { storeId } = context;
  await runBatch(db, {
    lock: lockRow('shipping_rates', rateId, storeId),
    exists: requireRow('shipping_rates', rateId, storeId, NO_SHIPPING_RATE),
    delete: auditedDeleteUnless(
      context,
      'shipping_rate.deleted',
      { table: 'shipping_rates', alias: 'r', entityType: 'shipping_rate', id: rateId },
      sql`EXISTS (SELECT 1 FROM orders WHERE shipping_rate_id = r.id)`,
      auditedRate,
      IN_USE,
    ),
  });
}
