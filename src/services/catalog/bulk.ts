import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runBatch } from '../../db/sql/batch';
import { statement } from '../../db/sql/statement';
import { defineView, type ViewJson, type ViewValue } from '../../db/sql/views';
import { uuidv7 } from '../../lib/ids';
import { BulkResultSchema } from '../../schemas/admin-catalog';
import { type AuditContext, auditEntry } from '../audit';
import {
  createdNow,
  type ProductFields,
  productCreatedEvents,
  productFields,
  replaceCategories,
} from './admin-products';
import { catalogWrite } from './catalog-errors';
import { insertImages } from './images';
import { refreshSortPrices } from './sort-prices';
import { type VariantInput, variantWrite } from './variant-writes';

export interface BulkProduct extends ProductFields {
  slug: string;
  name: string;
  /** Replaces the product's images, in this order. */
  images?: { url: string; alt?: string | null }[];
  /** Upserted by option combination; variants not named are left as they are. */
  variants?: VariantInput[];
}

/** The products `which` selects (over `p`), each with whether this transaction created it, by slug. */
export const bulkResultView = defineView(
  BulkResultSchema,
  (which: SQL) => sql`json_build_object('data', coalesce((
    SELECT json_agg(json_build_object('id', p.id, 'slug', p.slug, 'created', ${createdNow}) ORDER BY p.slug)
    FROM products p
    WHERE ${which}), '[]'))`,
);

/** Inserts the product, or updates the one with its slug: the fields it names overwrite, the rest stay. */
function upsertProduct(storeId: string, product: BulkProduct): SQL {
  const fields = productFields(product);
  const columns = [sql`id`, sql`store_id`, ...fields.map((field) => field.column)];
  const values = [sql`${uuidv7()}::uuid`, sql`${storeId}::uuid`, ...fields.map((field) => field.value)];
  const updates = [...fields.map(({ column }) => sql`${column} = excluded.${column}`), sql`updated_at = now()`];
  return sql`INSERT INTO products (${sql.join(columns, sql`, `)})
    VALUES (${sql.join(values, sql`, `)})
    ON CONFLICT (store_id, slug) DO UPDATE SET ${sql.join(updates, sql`, `)}`;
}

function replaceImages(storeId: string, product: SQL, images: { url: string; alt?: string | null }[]): SQL[] {
  const remove = sql`DELETE FROM product_images WHERE product_id = ${product}`;
  return images.length ? [remove, insertImages(storeId, product, images)] : [remove];
}

/** The statements that write one product of the import, at `index` in the request. */
function productStatements(storeId: string, product: BulkProduct, index: number): SQL[] {
  const ref = sql`(SELECT id FROM products WHERE store_id = ${storeId} AND slug = ${product.slug})`;
  return [
    upsertProduct(storeId, product),
    ...(product.categoryIds
      ? replaceCategories(storeId, ref, product.categoryIds, `products[${index}].categoryIds`)
      : []),
    ...(product.images ? replaceImages(storeId, ref, product.images) : []),
    ...(product.variants ?? []).map((variant, variantIndex) =>
      variantWrite(storeId, ref, variant, `products[${index}].variants[${variantIndex}]`, 'update'),
    ),
  ];
}

/**
 * Creates or updates up to 100 products, matched by slug, with their
 * categories, images and variants (matched by option combination) and
 * prices (a version only where the price changed), in one transaction: one
 * round trip, all or nothing. New products emit `product.created`; one audit
 * row records the import. Answers each product's id and whether it is new.
 */
export async function bulkUpsertProducts(db: Database, context: AuditContext, input: BulkProduct[]) {
  const { storeId } = context;
  const slugs = input.map((product) => product.slug);
  const named = sql`p.store_id = ${storeId} AND p.slug IN (SELECT jsonb_array_elements_text(${JSON.stringify(slugs)}::jsonb))`;
  const { result } = await catalogWrite(
    runBatch(db, {
      products: input.flatMap((product, index) => productStatements(storeId, product, index)),
      sortPrices: refreshSortPrices(named),
      created: productCreatedEvents(named),
      audit: auditEntry(context, 'catalog.bulk_upserted', { type: 'store', id: storeId }, { after: { slugs } }),
      result: statement<{ json: ViewJson<ViewValue<typeof bulkResultView>> }>(
        sql`SELECT (${bulkResultView.json(named)})::text AS json`,
      ),
    }),
  );
  return result[0]!.json;
}
