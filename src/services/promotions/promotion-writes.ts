import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runBatch } from '../../db/sql/batch';
import { viewText } from '../../db/sql/views';
import { givenFields, lockRow, requireRow, setList, textArray } from '../../db/sql/writes';
import type { CUSTOMER_SEGMENTS, PROMOTION_METHODS, PROMOTION_TYPES } from '../../lib/enums';
import { uuidv7 } from '../../lib/ids';
import { type AuditContext, auditedDeleteUnless, auditedUpdate, auditFromCte } from '../audit';
import { codeInsert, codeWrite } from './promotion-code-writes';
import { auditedPromotion, NO_PROMOTION, promotionStatement } from './promotion-view';

/**
 * Staff's writes of promotions. The API's body is checked by its schema
 * (a type's own fields, the window); what only the database knows is
 * checked in the batch, before anything is written: that the products,
 * categories and markets named are the store's, that a change fits the
 * stored type, that a lowered limit is not below the uses so far. Method
 * and type never change: a redemption keeps meaning what it meant. Every
 * write is one batch with its audit row, answering the promotion.
 */

export interface PromotionFields {
  name?: string;
  description?: string | null;
  percentage?: number;
  amounts?: Record<string, number>;
  minSubtotals?: Record<string, number>;
  productIds?: string[];
  categoryIds?: string[];
  firstOrderOnly?: boolean;
  customerSegments?: (typeof CUSTOMER_SEGMENTS)[number][];
  markets?: string[];
  startsAt?: string;
  endsAt?: string | null;
  usageLimit?: number | null;
  usageLimitPerCustomer?: number | null;
  active?: boolean;
}

export interface NewPromotion extends PromotionFields {
  name: string;
  method: (typeof PROMOTION_METHODS)[number];
  type: (typeof PROMOTION_TYPES)[number];
  code?: string;
  codeUsageLimit?: number;
}

const PROMOTION_COLUMNS = {
  name: 'name',
  description: 'description',
  percentage: 'percentage_bps',
  amounts: 'amounts',
  minSubtotals: 'min_subtotals',
  productIds: 'product_ids',
  categoryIds: 'category_ids',
  firstOrderOnly: 'first_order_only',
  customerSegments: 'customer_segments',
  markets: 'market_codes',
  startsAt: 'starts_at',
  endsAt: 'ends_at',
  usageLimit: 'usage_limit',
  usageLimitPerCustomer: 'usage_limit_per_customer',
  active: 'active',
} as const;

/** A list as a typed array value; it travels as JSON, so an empty list keeps its type. */
function typedArray(values: readonly string[], type: SQL): SQL {
  return sql`ARRAY(SELECT value::${type} FROM jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;
}

function promotionValue(field: keyof PromotionFields, value: unknown): SQL {
  switch (field) {
    case 'percentage':
      return sql`${Math.round((value as number) * 100)}::int`;
    case 'amounts':
    case 'minSubtotals':
      return sql`${JSON.stringify(value)}::jsonb`;
    case 'productIds':
    case 'categoryIds':
      return typedArray(value as string[], sql`uuid`);
    case 'customerSegments':
      return typedArray(value as string[], sql`customer_segment`);
    case 'markets':
      return textArray(value as string[]);
    case 'startsAt':
    case 'endsAt':
      return sql`${value}::timestamptz`;
    default:
      return sql`${value}`;
  }
}

/**
 * Stops the batch with a 422 naming the first of `values` (field `field`)
 * for which `missing` (over `given.value`) holds: `productIds[3]`.
 */
function requireEach(field: string, values: readonly string[] | undefined, missing: SQL, what: string): SQL[] {
  if (!values?.length) return [];
  return [
    sql`SELECT api_error('validation_failed', ${`${field}[`} || (given.n - 1) || '] ' || ${what}, ${`${field}[`} || (given.n - 1) || ']')
      FROM jsonb_array_elements_text(${JSON.stringify(values)}::jsonb) WITH ORDINALITY AS given(value, n)
      WHERE ${missing}
      ORDER BY given.n
      LIMIT 1`,
  ];
}

/** The checks of the products, categories and markets a write names: each must be the store's. */
function requireStoreTargets(storeId: string, fields: PromotionFields): SQL[] {
  return [
    ...requireEach(
      'productIds',
      fields.productIds,
      sql`NOT EXISTS (SELECT 1 FROM products x WHERE x.id = given.value::uuid AND x.store_id = ${storeId})`,
      'is not a product of this store.',
    ),
    ...requireEach(
      'categoryIds',
      fields.categoryIds,
      sql`NOT EXISTS (SELECT 1 FROM categories x WHERE x.id = given.value::uuid AND x.store_id = ${storeId})`,
      'is not a category of this store.',
    ),
    ...requireEach(
      'markets',
      fields.markets,
      sql`given.value <> 'default'
        AND NOT EXISTS (SELECT 1 FROM markets x WHERE x.code = given.value AND x.store_id = ${storeId})`,
      'is not a market of this store (`default` is the home market).',
    ),
  ];
}

const WINDOW = 'endsAt must be after startsAt.';

/** Creates a promotion, and for method `code` its first code if given. One round trip; audited. */
export async function createPromotion(db: Database, context: AuditContext, input: NewPromotion) {
  const id = uuidv7();
  const { storeId } = context;
  const { method, type, code, codeUsageLimit, ...rest } = input;
  const fields = givenFields(rest, PROMOTION_COLUMNS, promotionValue);
  const columns = [sql`id`, sql`store_id`, sql`method`, sql`type`, ...fields.map((field) => field.column)];
  const values = [
    sql`${id}`,
    sql`${storeId}`,
    sql`${method}::promotion_method`,
    sql`${type}::promotion_type`,
    ...fields.map((field) => field.value),
  ];
  // Without startsAt the window opens now: an end already past is refused here, not by the CHECK.
  const window =
    input.endsAt && !input.startsAt
      ? [sql`SELECT api_error('validation_failed', ${WINDOW}, 'endsAt') WHERE ${input.endsAt}::timestamptz <= now()`]
      : [];
  const { view } = await codeWrite(
    runBatch(db, {
      checks: [...requireStoreTargets(storeId, input), ...window],
      insert: sql`WITH made AS (
          INSERT INTO promotions AS p (${sql.join(columns, sql`, `)})
          VALUES (${sql.join(values, sql`, `)})
          RETURNING p.id AS entity_id, NULL::jsonb AS before, ${auditedPromotion} AS after)
        ${auditFromCte(context, 'promotion.created', 'promotion', sql`made`)}`,
      code: code === undefined ? [] : [codeInsert(context, id, { code, usageLimit: codeUsageLimit })],
      view: promotionStatement(storeId, id),
    }),
  );
  return viewText(view, NO_PROMOTION);
}

/**
 * Stops a change that does not fit the stored promotion: a percentage on
 * another type, amounts on a type other than fixed_amount (or none left on
 * one), a window out of order once the change is applied, a usage limit
 * below the uses so far (a 409: the uses happened).
 */
function requirePromotionChange(storeId: string, promotionId: string, changes: PromotionFields): SQL {
  const startsAt = changes.startsAt === undefined ? sql`p.starts_at` : sql`${changes.startsAt}::timestamptz`;
  const endsAt = changes.endsAt === undefined ? sql`p.ends_at` : sql`${changes.endsAt}::timestamptz`;
  const amountCount = changes.amounts === undefined ? -1 : Object.keys(changes.amounts).length;
  const windowField = changes.endsAt === undefined ? 'startsAt' : 'endsAt';
  return sql`SELECT CASE
      WHEN p.id IS NULL THEN api_error('not_found', ${NO_PROMOTION})
      WHEN ${changes.percentage !== undefined}::boolean AND p.type <> 'percentage'
        THEN api_error('validation_failed', 'Only a percentage promotion takes a percentage.', 'percentage')
      WHEN ${amountCount}::int > 0 AND p.type <> 'fixed_amount'
        THEN api_error('validation_failed', 'Only a fixed_amount promotion takes amounts.', 'amounts')
      WHEN ${amountCount}::int = 0 AND p.type = 'fixed_amount'
        THEN api_error('validation_failed', 'A fixed_amount promotion needs an amount in at least one currency.', 'amounts')
      WHEN ${endsAt} <= ${startsAt} THEN api_error('validation_failed', ${WINDOW}, ${windowField})
      WHEN ${changes.usageLimit ?? null}::int < p.times_used
        THEN api_error('conflict', 'The promotion was used ' || p.times_used || ' times already: its usageLimit cannot be lower.', 'usageLimit')
      ELSE true END
    FROM (SELECT 1) one
    LEFT JOIN promotions p ON p.id = ${promotionId} AND p.store_id = ${storeId}`;
}

/** Changes any of a promotion's fields but its method and type. One round trip; audited before and after. */
export async function updatePromotion(
  db: Database,
  context: AuditContext,
  promotionId: string,
  changes: PromotionFields,
) {
  const { storeId } = context;
  const { view } = await runBatch(db, {
    // A checkout counting a use at the same moment has committed, or waits for this change.
    lock: lockRow('promotions', promotionId, storeId),
    requireChange: requirePromotionChange(storeId, promotionId, changes),
    checks: requireStoreTargets(storeId, changes),
    update: auditedUpdate(
      context,
      'promotion.updated',
      { table: 'promotions', alias: 'p', entityType: 'promotion', id: promotionId },
      setList(changes, PROMOTION_COLUMNS, [sql`updated_at = now()`], promotionValue),
      auditedPromotion,
    ),
    view: promotionStatement(storeId, promotionId),
  });
  return viewText(view, NO_PROMOTION);
}

const REDEEMED =
  'Orders were discounted by this promotion, so it cannot be deleted (their redemptions point at it); deactivate it instead (PATCH {"active": false}).';

/**
 * Deletes a promotion no order was discounted by, with its codes; one with
 * redemptions is a 409 that says to deactivate it. Locked first, so that a
 * checkout redeeming it at the same moment has committed (and its
 * redemption is seen) or waits and then finds it gone. One round trip; audited.
 */
export async function deletePromotion(db: Database, context: AuditContext, promotionId: string): Promise<void> {
  const { storeId } = context;
  await runBatch(db, {
    lock: lockRow('promotions', promotionId, storeId),
    exists: requireRow('promotions', promotionId, storeId, NO_PROMOTION),
    delete: auditedDeleteUnless(
      context,
      'promotion.deleted',
      { table: 'promotions', alias: 'p', entityType: 'promotion', id: promotionId },
      sql`EXISTS (SELECT 1 FROM promotion_redemptions r WHERE r.promotion_id = p.id)`,
      auditedPromotion,
      REDEEMED,
    ),
  });
}
