import { type SQL, sql } from 'drizzle-orm';
import { insertEvents } from '../../db/sql/ledgers';
import { type MarketChoice, store, storeCte } from '../../db/sql/store-scope';
import { pricingCtes, waivedFee } from '../pricing/pricing';
import { taxLinesJson } from '../pricing/taxes';
import { refuseCode } from '../pricing/promotions';

/** The order being priced: where, which, and the code asked for (SQL: a cart's stored one, or the request's). */
export interface PricedOrder {
  slug: string;
  market?: MarketChoice;
  orderId: string;
  code: SQL;
  /** false for a campaign's order. */
  promotions: boolean;
}

/**
 * The order's money, one statement of the checkout batch: the pricing chain
 * (services/pricing) over the stored items, in the order's market, with its
 * customer, code, rate and shipping address. It writes each item's discount
 * and tax, the order's totals and tax lines, a redemption and a
 * `promotion.redeemed` event per promotion applied, and counts the uses:
 * the usage CHECKs of promotions, codes and a customer's uses refuse the
 * one past a limit, and the batch rolls back (checkout.ts answers 409
 * `promotion_used_up`). It ends by refusing a code that does not apply.
 * Campaign orders take no promotions: their price is the deal.
 */
export function priceOrder(order: PricedOrder, placed: SQL): SQL {
  const { orderId, code } = order;
  const orderValue = (expression: string) => sql`(SELECT ${sql.raw(expression)} FROM orders WHERE id = ${orderId})`;
  const pricing = pricingCtes({
    lines: sql`(SELECT i.position, i.product_id, p.tax_class, true AS purchasable, i.unit_price, i.quantity
      FROM order_items i LEFT JOIN products p ON p.id = i.product_id
      WHERE i.order_id = ${orderId})`,
    customerId: orderValue('customer_id'),
    code,
    shippingRateId: orderValue('shipping_rate_id'),
    country: orderValue(`shipping_address ->> 'country'`),
    region: orderValue(`shipping_address ->> 'region'`),
    orderId: sql`${orderId}`,
    promotions: order.promotions,
  });
  return sql`WITH ${storeCte(order.slug, order.market)},
    ${pricing},
    priced_items AS (
      UPDATE order_items i SET discount = d.discount, tax = coalesce(t.tax, 0)
      FROM pr_discounts d LEFT JOIN pr_line_tax t ON t.position = d.position
      WHERE i.order_id = ${orderId} AND i.position = d.position),
    priced_order AS (
      UPDATE orders o
      SET subtotal = t.subtotal, discount_total = t.discount, shipping_total = t.shipping, tax_total = t.tax,
        tax_included = t.tax_included, total = t.total, tax_lines = ${taxLinesJson(sql`t.inclusive`)}::jsonb
      FROM pr_totals t
      WHERE o.id = ${orderId}),
    ${redemptionCtes(orderId, placed)}
    ${refuseCode('promotionCode', placed)}`;
}

/**
 * Per promotion applied: a redemption, its uses counted (the promotion's,
 * the code's, and the customer's when it has a per-customer limit: the
 * limit is copied into the row for its CHECK), and a `promotion.redeemed`
 * event.
 */
function redemptionCtes(orderId: string, placed: SQL): SQL {
  const redeemed = sql`(SELECT a.*, ${waivedFee('a')} AS shipping_amount FROM pr_applied a WHERE ${placed}) a`;
  const event = insertEvents(
    {
      storeId: store.id,
      type: 'promotion.redeemed',
      aggregateType: 'promotion',
      aggregateId: sql`a.promotion_id`,
      payload: sql`jsonb_build_object('promotionId', a.promotion_id, 'code', a.code, 'orderId', ${orderId}::uuid,
        'customerId', (SELECT customer_id FROM pr_ctx), 'amount', a.amount, 'shippingAmount', a.shipping_amount,
        'currency', ${store.currency})`,
    },
    redeemed,
  );
  return sql`redemptions AS (
      INSERT INTO promotion_redemptions (id, store_id, promotion_id, code_id, code, order_id, customer_id, currency, amount,
        shipping_amount)
      SELECT uuid_v7(), ${store.id}, a.promotion_id, a.code_id, a.code, ${orderId}, (SELECT customer_id FROM pr_ctx),
        ${store.currency}, a.amount, a.shipping_amount
      FROM ${redeemed}),
    promotion_uses AS (
      UPDATE promotions p SET times_used = p.times_used + 1
      FROM pr_applied a
      WHERE p.id = a.promotion_id AND ${placed}
      RETURNING p.id, p.usage_limit_per_customer),
    code_uses AS (
      UPDATE promotion_codes c SET times_used = c.times_used + 1
      FROM pr_applied a
      WHERE c.id = a.code_id AND ${placed}),
    customer_uses AS (
      INSERT INTO promotion_customer_uses (promotion_id, customer_id, store_id, times_used, usage_limit)
      SELECT u.id, x.customer_id, ${store.id}, 1, u.usage_limit_per_customer
      FROM promotion_uses u, pr_ctx x
      WHERE u.usage_limit_per_customer IS NOT NULL AND x.customer_id IS NOT NULL
      ON CONFLICT (promotion_id, customer_id) DO UPDATE
      SET times_used = promotion_customer_uses.times_used + 1, usage_limit = excluded.usage_limit),
    redeemed_events AS (${event})`;
}
