import { type SQL, sql } from 'drizzle-orm';
import { currentPrice, latestPrice } from '../../db/sql/prices';
import type { Statement } from '../../db/sql/statement';
import { store, storeByIdCte } from '../../db/sql/store-scope';
import { defineView, type ViewRow, type ViewValue, viewStatement } from '../../db/sql/views';
import { AdminProductSchema, AdminProductSummarySchema, AdminVariantSchema } from '../../schemas/admin-catalog';

/**
 * The admin API's views of products and variants, built as JSON in Postgres
 * so that a write batch can end with the view of what it wrote and still be
 * one round trip. Staff see everything a shopper does not: drafts, stock,
 * cost prices, inactive variants.
 */

/** The 404 details of the rows several services look for. */
export const NO_PRODUCT = 'This store has no product with that id.';
export const NO_VARIANT = 'This product has no variant with that id.';

/** A price row `pr` as the admin views show it, in `currency`. */
const priceJson = (currency: SQL) =>
  sql`json_build_object('amount', pr.amount, 'compareAtAmount', pr.compare_at_amount, 'currency', ${currency})`;

/** Variant alias `v` as staff see it, with its current price (its own, else its product's) in the store's `currency`. */
export const adminVariantView = defineView(
  AdminVariantSchema,
  (_v: 'v', currency: SQL) => sql`json_build_object(
    'id', v.id, 'productId', v.product_id, 'sku', v.sku, 'barcode', v.barcode,
    'options', coalesce((
      SELECT json_agg(json_build_object('optionTypeId', ot.id, 'name', ot.name, 'optionValueId', ov.id, 'value', ov.value)
        ORDER BY ot.position, ot.name)
      FROM variant_option_values vov
      JOIN option_values ov ON ov.id = vov.option_value_id
      JOIN option_types ot ON ot.id = ov.option_type_id
      WHERE vov.variant_id = v.id), '[]'),
    'costPrice', v.cost_price, 'onHand', v.on_hand, 'reserved', v.reserved, 'available', v.on_hand - v.reserved,
    'reorderLevel', v.reorder_level, 'active', v.active, 'position', v.position, 'version', v.version,
    'price', (SELECT ${priceJson(currency)} FROM (${currentPrice(sql`v.id`, sql`v.product_id`, currency)}) pr),
    'createdAt', v.created_at, 'updatedAt', v.updated_at)`,
);

/** Product alias `p` as staff see it, with its categories, images, own price and every variant, prices in `currency`. */
export const adminProductView = defineView(
  AdminProductSchema,
  (_p: 'p', currency: SQL) => sql`json_build_object(
    'id', p.id, 'slug', p.slug, 'name', p.name, 'description', p.description, 'status', p.status, 'featured', p.featured,
    'tags', p.tags, 'taxClass', p.tax_class, 'metadata', p.metadata,
    'categories', coalesce((
      SELECT json_agg(json_build_object('id', c.id, 'slug', c.slug, 'name', c.name) ORDER BY c.position, c.name)
      FROM product_categories pc
      JOIN categories c ON c.id = pc.category_id
      WHERE pc.product_id = p.id), '[]'),
    'images', coalesce((
      SELECT json_agg(json_build_object('id', i.id, 'url', i.url, 'alt', i.alt, 'position', i.position) ORDER BY i.position)
      FROM product_images i
      WHERE i.product_id = p.id), '[]'),
    'price', (SELECT ${priceJson(currency)} FROM (${latestPrice(sql`product_id = p.id`, currency)}) pr),
    'variants', coalesce((
      SELECT json_agg(${adminVariantView.json('v', currency)} ORDER BY v.position, v.id)
      FROM variants v
      WHERE v.product_id = p.id), '[]'),
    'createdAt', p.created_at, 'updatedAt', p.updated_at)`,
);

/** Product alias `p` in the staff's product list: its first image and how many variants it has. */
export const adminProductSummaryView = defineView(
  AdminProductSummarySchema,
  (_p: 'p') => sql`json_build_object(
    'id', p.id, 'slug', p.slug, 'name', p.name, 'status', p.status, 'featured', p.featured, 'tags', p.tags,
    'image', (
      SELECT json_build_object('url', i.url, 'alt', i.alt)
      FROM product_images i
      WHERE i.product_id = p.id
      ORDER BY i.position
      LIMIT 1),
    'variantCount', (SELECT count(*) FROM variants v WHERE v.product_id = p.id),
    'createdAt', p.created_at, 'updatedAt', p.updated_at)`,
);

export type AdminProduct = ViewValue<typeof adminProductView>;
export type AdminVariant = ViewValue<typeof adminVariantView>;
export type AdminProductSummary = ViewValue<typeof adminProductSummaryView>;

/** The statement answering product `productId` of the store as staff see it, null when the store has none. */
export function adminProductStatement(storeId: string, productId: string): Statement<ViewRow<AdminProduct>> {
  return viewStatement<AdminProduct>(
    storeByIdCte(storeId),
    adminProductView.json('p', store.currency),
    sql`products p WHERE p.id = ${productId} AND p.store_id = ${storeId}`,
  );
}

/** The statement answering the store's variant that `where` (over `v`) picks as staff see it, null when none. */
export function adminVariantStatement(storeId: string, where: SQL): Statement<ViewRow<AdminVariant>> {
  return viewStatement<AdminVariant>(
    storeByIdCte(storeId),
    adminVariantView.json('v', store.currency),
    sql`variants v WHERE v.store_id = ${storeId} AND ${where}`,
  );
}
