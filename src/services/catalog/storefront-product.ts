import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { catalogTags, type CatalogRead } from './catalog-read';
import { ApiError } from '../../lib/api-error';
import {
  productAvailability,
  runStorefrontRead,
  secondsUntilNextPriceChange,
  visibleVariants,
  type StorefrontRow,
} from './storefront-sql';
import { storeCte } from '../../db/sql/store-scope';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type ProductRow = StorefrontRow & {
  product_id: string | null;
  product: string | null;
};

/**
 * One visible product, by id or slug, as a storefront renders its page:
 * images in order, the options its visible variants use (in display order,
 * colours with their swatch), those variants with their current price and
 * availability, and its categories. One statement; no stock counts, cost
 * prices or inactive variants. A product that is not active, or has no
 * variant a shopper could buy, is a 404 like one that does not exist.
 */
export async function getStorefrontProduct(db: Database, slug: string, idOrSlug: string): Promise<CatalogRead> {
  const isUuid = UUID.test(idOrSlug);
  const match = isUuid
    ? sql`(p.id = ${idOrSlug.toLowerCase()}::uuid OR p.slug = ${idOrSlug})`
    : sql`p.slug = ${idOrSlug}`;
  // A slug may look like an id, even another product's: the id wins.
  const byId = isUuid ? sql`(p.id = ${idOrSlug.toLowerCase()}::uuid) DESC` : sql`p.id`;
  const statement = sql`WITH ${storeCte(slug)},
    product AS (SELECT p.* FROM products p WHERE p.store_id = (SELECT id FROM store) AND p.status = 'active' AND ${match} ORDER BY ${byId} LIMIT 1),
    vv AS MATERIALIZED (${visibleVariants(sql`(SELECT id FROM product)`)}),
    variant_options AS (
      SELECT vov.variant_id, ot.id AS type_id, ot.name AS type_name, ot.kind, ot.position AS type_position,
        ov.id AS value_id, ov.value, ov.hex, ov.position AS value_position
      FROM vv JOIN variant_option_values vov ON vov.variant_id = vv.id
      JOIN option_values ov ON ov.id = vov.option_value_id
      JOIN option_types ot ON ot.id = ov.option_type_id)
    SELECT (SELECT id FROM store) AS store_id, (SELECT settings FROM store) AS settings,
      ${secondsUntilNextPriceChange} AS fresh_for_seconds,
      (SELECT p.id FROM product p WHERE EXISTS (SELECT 1 FROM vv)) AS product_id,
      (SELECT json_build_object(
        'id', p.id, 'slug', p.slug, 'name', p.name, 'description', p.description, 'featured', p.featured, 'tags', p.tags,
        'images', coalesce((SELECT json_agg(json_build_object('url', i.url, 'alt', i.alt) ORDER BY i.position) FROM product_images i WHERE i.product_id = p.id), '[]'),
        'options', coalesce((SELECT json_agg(json_build_object('name', t.type_name, 'kind', t.kind, 'values', t.values) ORDER BY t.type_position, t.type_name)
          FROM (SELECT type_name, kind, type_position,
              json_agg(json_build_object('value', value, 'hex', hex) ORDER BY value_position, value) AS values
            FROM (SELECT DISTINCT type_id, type_name, kind, type_position, value_id, value, hex, value_position FROM variant_options) used
            GROUP BY type_id, type_name, kind, type_position) t), '[]'),
        'variants', (SELECT json_agg(json_build_object(
            'id', vv.id, 'sku', vv.sku,
            'selectedOptions', coalesce((SELECT json_agg(json_build_object('name', o.type_name, 'value', o.value) ORDER BY o.type_position, o.type_name)
              FROM variant_options o WHERE o.variant_id = vv.id), '[]'),
            'price', json_build_object('currency', (SELECT currency FROM store), 'amount', vv.amount, 'compareAtAmount', vv.compare_at_amount),
            'availability', vv.availability) ORDER BY vv.position, vv.id) FROM vv),
        'priceRange', (SELECT json_build_object('currency', (SELECT currency FROM store), 'min', min(amount), 'max', max(amount)) FROM vv),
        'compareAtPriceRange', (SELECT CASE WHEN min(compare_at_amount) IS NULL THEN NULL
          ELSE json_build_object('min', min(compare_at_amount), 'max', max(compare_at_amount)) END FROM vv),
        'availability', (SELECT ${productAvailability} FROM vv),
        'categories', coalesce((SELECT json_agg(json_build_object('id', c.id, 'slug', c.slug, 'name', c.name) ORDER BY c.position, c.name)
          FROM product_categories pc JOIN categories c ON c.id = pc.category_id WHERE pc.product_id = p.id), '[]'),
        'createdAt', p.created_at, 'updatedAt', p.updated_at)::text
      FROM product p WHERE EXISTS (SELECT 1 FROM vv)) AS product`;

  const { row, storeId, settings, freshForSeconds } = await runStorefrontRead<ProductRow>(db, slug, statement);
  if (!row.product || !row.product_id) throw new ApiError('not_found', `This store has no product '${idOrSlug}'.`);
  return { body: row.product, storeId, settings, freshForSeconds, tags: [catalogTags.product(row.product_id)] };
}
