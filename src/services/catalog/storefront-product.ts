import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { statement } from '../../db/sql/statement';
import { type MarketChoice, store, storeCte } from '../../db/sql/store-scope';
import { defineView, type ViewJson, type ViewValue } from '../../db/sql/views';
import { ApiError } from '../../lib/api-error';
import { StorefrontProductSchema } from '../../schemas/storefront-catalog';
import { type CatalogRead, catalogTags } from './catalog-read';
import {
  productAvailability,
  runStorefrontRead,
  type StorefrontRow,
  secondsUntilNextPriceChange,
  storefrontRowColumns,
  visibleVariants,
} from './storefront-sql';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Product alias `p` as a storefront renders its page, from its visible
 * variants `vv` (visibleVariants) and their options `variant_options` (one
 * row per variant and option value), prices in the store's `currency`.
 */
export const storefrontProductView = defineView(
  StorefrontProductSchema,
  (_p: 'p', _vv: 'vv', _options: 'variant_options', currency: SQL) => sql`json_build_object(
    'id', p.id, 'slug', p.slug, 'name', p.name, 'description', p.description, 'featured', p.featured, 'tags', p.tags,
    'images', coalesce((
      SELECT json_agg(json_build_object('url', i.url, 'alt', i.alt) ORDER BY i.position)
      FROM product_images i
      WHERE i.product_id = p.id), '[]'),
    'options', coalesce((
      SELECT json_agg(json_build_object('name', t.type_name, 'kind', t.kind, 'values', t.values) ORDER BY t.type_position, t.type_name)
      FROM (
        SELECT type_name, kind, type_position,
          json_agg(json_build_object('value', value, 'hex', hex) ORDER BY value_position, value) AS values
        FROM (SELECT DISTINCT type_id, type_name, kind, type_position, value_id, value, hex, value_position FROM variant_options) used
        GROUP BY type_id, type_name, kind, type_position) t), '[]'),
    'variants', (
      SELECT json_agg(json_build_object(
          'id', vv.id, 'sku', vv.sku,
          'selectedOptions', coalesce((
            SELECT json_agg(json_build_object('name', o.type_name, 'value', o.value) ORDER BY o.type_position, o.type_name)
            FROM variant_options o
            WHERE o.variant_id = vv.id), '[]'),
          'price', json_build_object('currency', ${currency}, 'amount', vv.amount, 'compareAtAmount', vv.compare_at_amount),
          'availability', vv.availability)
        ORDER BY vv.position, vv.id)
      FROM vv),
    'priceRange', (SELECT json_build_object('currency', ${currency}, 'min', min(amount), 'max', max(amount)) FROM vv),
    'compareAtPriceRange', (
      SELECT CASE WHEN min(compare_at_amount) IS NULL THEN NULL
        ELSE json_build_object('min', min(compare_at_amount), 'max', max(compare_at_amount)) END
      FROM vv),
    'availability', (SELECT ${productAvailability('vv')} FROM vv),
    'categories', coalesce((
      SELECT json_agg(json_build_object('id', c.id, 'slug', c.slug, 'name', c.name) ORDER BY c.position, c.name)
      FROM product_categories pc
      JOIN categories c ON c.id = pc.category_id
      WHERE pc.product_id = p.id), '[]'),
    'createdAt', p.created_at, 'updatedAt', p.updated_at)`,
);

type StorefrontProduct = ViewValue<typeof storefrontProductView>;

type ProductRow = StorefrontRow & {
  product_id: string | null;
  product: ViewJson<StorefrontProduct> | null;
};

/**
 * One visible product, by id or slug, as a storefront renders its page in
 * the market `market` picks:
 * images in order, the options its visible variants use (in display order,
 * colours with their swatch), those variants with their current price and
 * availability, and its categories. One statement; no stock counts, cost
 * prices or inactive variants. A product that is not active, or has no
 * variant a shopper could buy (active, priced in the market's currency), is
 * a 404 like one that does not exist.
 */
export async function getStorefrontProduct(
  db: Database,
  slug: string,
  market: MarketChoice,
  idOrSlug: string,
): Promise<CatalogRead<StorefrontProduct>> {
  const isUuid = UUID.test(idOrSlug);
  const match = isUuid
    ? sql`(p.id = ${idOrSlug.toLowerCase()}::uuid OR p.slug = ${idOrSlug})`
    : sql`p.slug = ${idOrSlug}`;
  // A slug may look like an id, even another product's: the id wins.
  const byId = isUuid ? sql`(p.id = ${idOrSlug.toLowerCase()}::uuid) DESC` : sql`p.id`;
  const read = statement<ProductRow>(sql`WITH ${storeCte(slug, market)},
    product AS (
      SELECT p.* FROM products p
      WHERE p.store_id = ${store.id} AND p.status = 'active' AND ${match}
      ORDER BY ${byId}
      LIMIT 1),
    vv AS MATERIALIZED (${visibleVariants(sql`(SELECT id FROM product)`, store)}),
    variant_options AS (
      SELECT vov.variant_id, ot.id AS type_id, ot.name AS type_name, ot.kind, ot.position AS type_position,
        ov.id AS value_id, ov.value, ov.hex, ov.position AS value_position
      FROM vv
      JOIN variant_option_values vov ON vov.variant_id = vv.id
      JOIN option_values ov ON ov.id = vov.option_value_id
      JOIN option_types ot ON ot.id = ov.option_type_id)
    SELECT ${storefrontRowColumns(secondsUntilNextPriceChange(store.id))},
      (SELECT p.id FROM product p WHERE EXISTS (SELECT 1 FROM vv)) AS product_id,
      (SELECT ${storefrontProductView.json('p', 'vv', 'variant_options', store.currency)}::text
        FROM product p
        WHERE EXISTS (SELECT 1 FROM vv)) AS product`);

  const { row, ...answer } = await runStorefrontRead(db, slug, read);
  if (!row.product || !row.product_id)
    throw new ApiError('not_found', `This store has no product '${idOrSlug}' for sale in this market.`);
  return { ...answer, body: row.product, tags: [catalogTags.product(row.product_id)] };
}
