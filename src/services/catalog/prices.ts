import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runBatch } from '../../db/sql/batch';
import { latestPrice } from '../../db/sql/prices';
import { type Statement, statement } from '../../db/sql/statement';
import { defineView, idPageJson, idPageStatement, type ViewRow, type ViewValue, viewText } from '../../db/sql/views';
import { requireRow } from '../../db/sql/writes';
import { ApiError } from '../../lib/api-error';
import { uuidv7 } from '../../lib/ids';
import { PriceSchema } from '../../schemas/admin-catalog';
import { type AuditContext, auditEntry } from '../audit';
import { NO_PRODUCT, NO_VARIANT } from './admin-product-views';
import { catalogWrite } from './catalog-errors';
import { refreshSortPrices } from './sort-prices';

/**
 * Versioned prices. A price is never edited: a change is a new row from its
 * `validFrom`, and the current price is the latest row in effect (see
 * currentPrice in db/sql/prices.ts), so a price scheduled for later takes
 * over at its time with no job. A product's own price backs its variants
 * that have none.
 */

/** What a price row prices: one variant of a product, or the product itself. */
export type PriceTarget = { productId: string; variantId?: string };

export interface NewPrice {
  amount: number;
  compareAtAmount?: number | null;
  validFrom?: Date;
  validTo?: Date | null;
}

/** History is not rewritten: a price may start now or later, not earlier than this before now (clock skew). */
const BACKDATING_TOLERANCE_MS = 5 * 60_000;

const NO_PRICE = 'This product has no price with that id.';

/** Price row alias `pr`, with where it stands now: scheduled, current, superseded or ended. */
export const priceView = defineView(
  PriceSchema,
  (_pr: 'pr') => sql`json_build_object(
    'id', pr.id, 'variantId', pr.variant_id, 'productId', pr.product_id,
    'amount', pr.amount, 'compareAtAmount', pr.compare_at_amount, 'currency', pr.currency,
    'validFrom', pr.valid_from, 'validTo', pr.valid_to, 'createdAt', pr.created_at,
    'status', CASE
      WHEN pr.valid_from > now() THEN 'scheduled'
      WHEN pr.valid_to IS NOT NULL AND pr.valid_to <= now() THEN 'ended'
      WHEN pr.id = (SELECT id FROM (${latestPrice(
        sql`(variant_id = pr.variant_id OR (pr.variant_id IS NULL AND variant_id IS NULL AND product_id = pr.product_id))`,
        sql`pr.currency`,
      )}) now_price) THEN 'current'
      ELSE 'superseded' END)`,
);

type Price = ViewValue<typeof priceView>;

function priceStatement(priceId: string): Statement<ViewRow<Price>> {
  return statement(sql`SELECT (SELECT ${priceView.json('pr')} FROM prices pr WHERE pr.id = ${priceId})::text AS json`);
}

function targetColumn(target: PriceTarget): SQL {
  return target.variantId
    ? sql`variant_id = ${target.variantId}`
    : sql`product_id = ${target.productId} AND variant_id IS NULL`;
}

function requireTarget(storeId: string, target: PriceTarget) {
  return target.variantId
    ? requireRow('variants', target.variantId, storeId, NO_VARIANT, { product_id: target.productId })
    : requireRow('products', target.productId, storeId, NO_PRODUCT);
}

/** Adds a price version, in the store's currency, from now or from `validFrom`. One batch; audited. */
export async function addPrice(db: Database, context: AuditContext, target: PriceTarget, input: NewPrice) {
  if (input.validFrom && input.validFrom.getTime() < Date.now() - BACKDATING_TOLERANCE_MS) {
    throw new ApiError('validation_failed', 'A price cannot start in the past: price history is not rewritten.', [
      { path: 'validFrom', message: 'Must be now or later.' },
    ]);
  }
  const id = uuidv7();
  const { storeId } = context;
  const validFrom = input.validFrom?.toISOString() ?? null;
  const validTo = input.validTo?.toISOString() ?? null;
  const { view } = await catalogWrite(
    runBatch(db, {
      target: requireTarget(storeId, target),
      insert: sql`INSERT INTO prices
          (id, store_id, variant_id, product_id, currency, amount, compare_at_amount, valid_from, valid_to)
        SELECT ${id}::uuid, s.id,
          ${target.variantId ?? null}::uuid, ${target.variantId ? null : target.productId}::uuid,
          s.currency, ${input.amount}, ${input.compareAtAmount ?? null}::bigint,
          coalesce(${validFrom}::timestamptz, now()), ${validTo}::timestamptz
        FROM stores s
        WHERE s.id = ${storeId}`,
      sortPrices: refreshSortPrices(sql`p.id = ${target.productId}`),
      audit: auditEntry(context, 'price.added', { type: 'price', id }, { after: { ...target, ...input } }),
      view: priceStatement(id),
    }),
  );
  return viewText(view, NO_PRICE);
}

/** A target's price history, newest version first, each with its status (scheduled, current, superseded, ended). */
export async function listPrices(
  db: Database,
  storeId: string,
  target: PriceTarget,
  page: { limit: number; after?: string },
) {
  const from = sql`prices pr WHERE pr.store_id = ${storeId} AND ${targetColumn(target)}`;
  const { prices } = await runBatch(db, {
    target: requireTarget(storeId, target),
    prices: idPageStatement<Price>('pr', from, priceView.json('pr'), page),
  });
  return idPageJson(prices);
}

/** Withdraws a price that has not taken effect yet; one in effect or past is history (409). */
export async function withdrawPrice(
  db: Database,
  context: AuditContext,
  productId: string,
  priceId: string,
): Promise<void> {
  const { storeId } = context;
  const ofProduct = sql`(product_id = ${productId}
    OR variant_id IN (SELECT id FROM variants WHERE product_id = ${productId}))`;
  await runBatch(db, {
    exists: sql`SELECT api_error('not_found', ${NO_PRICE})
      WHERE NOT EXISTS (SELECT 1 FROM prices WHERE id = ${priceId} AND store_id = ${storeId} AND ${ofProduct})`,
    pending: sql`SELECT api_error('conflict',
        'This price has taken effect and is part of the history; add a new price instead.')
      FROM prices
      WHERE id = ${priceId} AND valid_from <= now()`,
    delete: sql`DELETE FROM prices WHERE id = ${priceId} AND store_id = ${storeId}`,
    sortPrices: refreshSortPrices(sql`p.id = ${productId}`),
    audit: auditEntry(context, 'price.withdrawn', { type: 'price', id: priceId }, {}),
  });
}
