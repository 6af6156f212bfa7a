import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runStatement } from '../../db/sql/batch';
import { defineView, type ViewValue, viewStatement, viewText } from '../../db/sql/views';
import { PromotionUsageSchema } from '../../schemas/promotions';
import { NO_PROMOTION } from './promotion-view';

/**
 * How a promotion was used, from its redemptions (one per order it
 * discounted, written by checkout): in all, per currency (amounts are never
 * added across currencies), per code, and per day in the store's timezone.
 * `from`/`to` narrow the redemptions; the use counters and codes are the
 * promotion's whole life.
 */

/** How many days with redemptions the report lists, the latest ones. */
export const USAGE_DAYS = 30;

/** Over CTEs `p` (the promotion), `r` (its redemptions in the period) and `tz` (the store's timezone). */
const promotionUsageView = defineView(
  PromotionUsageSchema,
  () => sql`json_build_object(
    'promotionId', p.id, 'timesUsed', p.times_used, 'usageLimit', p.usage_limit,
    'orders', (SELECT count(*) FROM r),
    'currencies', coalesce((
      SELECT json_agg(json_build_object('currency', currency, 'orders', orders, 'discount', discount,
        'shippingWaived', shipping) ORDER BY currency)
      FROM (SELECT currency, count(*) AS orders, sum(amount) AS discount, sum(shipping_amount) AS shipping
        FROM r GROUP BY currency) per_currency), '[]'),
    'codes', (SELECT json_build_object('total', count(*), 'used', count(*) FILTER (WHERE times_used > 0))
      FROM promotion_codes WHERE promotion_id = p.id),
    'firstRedemptionAt', (SELECT min(created_at) FROM r),
    'lastRedemptionAt', (SELECT max(created_at) FROM r),
    'days', coalesce((
      SELECT json_agg(json_build_object('date', day, 'orders', orders, 'discount', discount) ORDER BY day)
      FROM (
        SELECT day, sum(orders) AS orders, json_object_agg(currency, discount ORDER BY currency) AS discount
        FROM (
          SELECT (r.created_at AT TIME ZONE tz.timezone)::date AS day, r.currency,
            count(*) AS orders, sum(r.amount) AS discount
          FROM r, tz
          GROUP BY 1, 2) per_day_currency
        GROUP BY day
        ORDER BY day DESC
        LIMIT ${USAGE_DAYS}) days), '[]'))`,
);

/** A promotion's usage report, in one statement; a 404 when the store has no such promotion. */
export async function promotionUsage(
  db: Database,
  storeId: string,
  promotionId: string,
  period: { from?: string; to?: string },
) {
  const from = period.from ? sql` AND created_at >= ${period.from}::timestamptz` : sql``;
  const to = period.to ? sql` AND created_at < ${period.to}::timestamptz` : sql``;
  const ctes = sql`p AS (SELECT * FROM promotions WHERE id = ${promotionId} AND store_id = ${storeId}),
    r AS (SELECT * FROM promotion_redemptions
      WHERE promotion_id = ${promotionId} AND store_id = ${storeId}${from}${to}),
    tz AS (SELECT timezone FROM stores WHERE id = ${storeId})`;
  const rows = await runStatement(
    db,
    viewStatement<ViewValue<typeof promotionUsageView>>(ctes, promotionUsageView.json(), sql`p`),
  );
  return viewText(rows, NO_PROMOTION);
}
