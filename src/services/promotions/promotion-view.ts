import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runStatement } from '../../db/sql/batch';
import type { Statement } from '../../db/sql/statement';
import { defineView, readIdPage, type ViewRow, type ViewValue, viewOf, viewText } from '../../db/sql/views';
import type { PROMOTION_METHODS, PROMOTION_TYPES } from '../../lib/enums';
import { PromotionSchema } from '../../schemas/promotions';

/**
 * Promotions as staff read them: every stored field under its API name
 * (basis points as a percentage, `market_codes` as `markets`), with what
 * the promotion is now (`status`) and how many codes it has.
 */

export const NO_PROMOTION = 'This store has no promotion with that id.';

/**
 * What promotion `p` is now. Switched off comes first (staff chose it),
 * then a window that has closed, a limit reached, a window not yet open.
 */
const promotionStatus = sql`CASE
    WHEN NOT p.active THEN 'inactive'
    WHEN p.ends_at IS NOT NULL AND p.ends_at <= now() THEN 'ended'
    WHEN p.usage_limit IS NOT NULL AND p.times_used >= p.usage_limit THEN 'used_up'
    WHEN p.starts_at > now() THEN 'scheduled'
    ELSE 'active' END`;

/** The fields staff set, alias `p`: what audit rows record before and after a change. */
const promotionFields = sql`jsonb_build_object('id', p.id, 'name', p.name, 'description', p.description,
    'method', p.method, 'type', p.type, 'percentage', (p.percentage_bps / 100.0)::float8,
    'amounts', p.amounts, 'minSubtotals', p.min_subtotals, 'productIds', to_jsonb(p.product_ids),
    'categoryIds', to_jsonb(p.category_ids), 'firstOrderOnly', p.first_order_only,
    'customerSegments', to_jsonb(p.customer_segments), 'markets', to_jsonb(p.market_codes),
    'startsAt', p.starts_at, 'endsAt', p.ends_at, 'usageLimit', p.usage_limit,
    'usageLimitPerCustomer', p.usage_limit_per_customer, 'active', p.active)`;

/** Promotion alias `p` as staff see it. */
export const promotionView = defineView(
  PromotionSchema,
  (_p: 'p') => sql`${promotionFields} || jsonb_build_object('timesUsed', p.times_used,
    'status', ${promotionStatus},
    'codeCount', (SELECT count(*) FROM promotion_codes pc WHERE pc.promotion_id = p.id),
    'createdAt', p.created_at, 'updatedAt', p.updated_at)`,
);

type PromotionValue = ViewValue<typeof promotionView>;

/** Promotion alias `p` as audit rows record it: the fields staff set, and how often it was used. */
export const auditedPromotion = sql`${promotionFields} || jsonb_build_object('timesUsed', p.times_used)`;

/** The statement answering promotion `promotionId` of the store, or no row. */
export function promotionStatement(storeId: string, promotionId: string): Statement<ViewRow<PromotionValue>> {
  return viewOf(promotionView.json('p'), sql`promotions p WHERE p.id = ${promotionId} AND p.store_id = ${storeId}`);
}

export interface PromotionFilters {
  method?: (typeof PROMOTION_METHODS)[number];
  type?: (typeof PROMOTION_TYPES)[number];
  active?: boolean;
  /** Part of the name, any case. */
  q?: string;
  /** A code of the promotion (upper case, as stored). */
  code?: string;
}

/** A page of the store's promotions, newest first, in one statement. */
export async function listPromotions(
  db: Database,
  storeId: string,
  filters: PromotionFilters,
  page: { limit: number; after?: string },
) {
  const conditions: SQL[] = [sql`p.store_id = ${storeId}`];
  if (filters.method) conditions.push(sql`p.method = ${filters.method}`);
  if (filters.type) conditions.push(sql`p.type = ${filters.type}`);
  if (filters.active !== undefined) conditions.push(sql`p.active = ${filters.active}`);
  if (filters.q) conditions.push(sql`strpos(lower(p.name), lower(${filters.q})) > 0`);
  if (filters.code) {
    conditions.push(sql`EXISTS (SELECT 1 FROM promotion_codes pc
      WHERE pc.store_id = ${storeId} AND pc.code = ${filters.code} AND pc.promotion_id = p.id)`);
  }
  const from = sql`promotions p WHERE ${sql.join(conditions, sql` AND `)}`;
  return readIdPage<PromotionValue>(db, 'p', from, promotionView.json('p'), page);
}

/** One promotion of the store, in one statement; a 404 when it has none with that id. */
export async function getPromotion(db: Database, storeId: string, promotionId: string) {
  return viewText(await runStatement(db, promotionStatement(storeId, promotionId)), NO_PROMOTION);
}
