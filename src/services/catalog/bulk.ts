import { sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Database } from '../../db/client';
import { uuidv7 } from '../../lib/ids';
import { auditEntry, type AuditContext } from '../audit';
import { lastView, runBatch } from './admin-views';
import {
  createdNow,
  productCreatedEvents,
  productFields,
  replaceCategories,
  type ProductFields,
} from './admin-products';
import { catalogWrite } from './catalog-errors';
import { refreshSortPrices } from './sort-prices';
import { variantWrite, type VariantInput } from './variant-writes';

/** At most this many products per bulk request, so one transaction stays short. */
export const MAX_BULK_PRODUCTS = 100;

export interface BulkProduct extends ProductFields {
  slug: string;
  name: string;
  /** Replaces the product's images, in this order. */
  images?: { url: string; alt?: string | null }[];
  /** Upserted by option combination; variants not named are left as they are. */
  variants?: VariantInput[];
}

/** Inserts the product, or updates the one with its slug: the fields it names overwrite, the rest stay. */
function upsertProduct(storeId: string, product: BulkProduct): SQL {
  const fields = productFields(product);
  const columns = [sql`id`, sql`store_id`, ...fields.map((field) => field.column)];
  const values = [sql`${uuidv7()}::uuid`, sql`${storeId}::uuid`, ...fields.map((field) => field.value)];
  const updates = [...fields.map(({ column }) => sql`${column} = excluded.${column}`), sql`updated_at = now()`];
  return sql`INSERT INTO products (${sql.join(columns, sql`, `)}) VALUES (${sql.join(values, sql`, `)})
    ON CONFLICT (store_id, slug) DO UPDATE SET ${sql.join(updates, sql`, `)}`;
}

function replaceImages(
  db: Database,
  storeId: string,
  productRef: SQL,
  images: { url: string; alt?: string | null }[],
): BatchItem<'pg'>[] {
  const rows = images.map(
    (image, position) =>
      sql`(${uuidv7()}::uuid, ${storeId}::uuid, ${productRef}, ${image.url}, ${image.alt ?? null}, ${position})`,
  );
  return [
    db.execute(sql`DELETE FROM product_images WHERE product_id = ${productRef}`),
    ...(rows.length
      ? [
          db.execute(
            sql`INSERT INTO product_images (id, store_id, product_id, url, alt, position) VALUES ${sql.join(rows, sql`, `)}`,
          ),
        ]
      : []),
  ];
}

/**
 * Creates or updates up to 100 products, matched by slug, with their
 * categories, images and variants (matched by option combination) and
 * prices (a version only where the price changed), in one transaction: one
 * round trip, all or nothing. New products emit `product.created`; one audit
 * row records the import. Answers each product's id and whether it is new.
 */
export async function bulkUpsertProducts(db: Database, context: AuditContext, input: BulkProduct[]): Promise<string> {
  const { storeId } = context;
  const slugs = JSON.stringify(input.map((product) => product.slug));
  const statements: BatchItem<'pg'>[] = [];
  input.forEach((product, index) => {
    const productRef = sql`(SELECT id FROM products WHERE store_id = ${storeId} AND slug = ${product.slug})`;
    statements.push(db.execute(upsertProduct(storeId, product)));
    if (product.categoryIds)
      statements.push(
        ...replaceCategories(db, storeId, productRef, product.categoryIds, `products[${index}].categoryIds`),
      );
    if (product.images) statements.push(...replaceImages(db, storeId, productRef, product.images));
    product.variants?.forEach((variant, variantIndex) => {
      statements.push(
        db.execute(
          variantWrite(storeId, productRef, variant, `products[${index}].variants[${variantIndex}]`, 'update'),
        ),
      );
    });
  });
  const named = sql`p.store_id = ${storeId} AND p.slug IN (SELECT jsonb_array_elements_text(${slugs}::jsonb))`;
  statements.push(
    db.execute(refreshSortPrices(named)),
    db.execute(productCreatedEvents(named)),
    db.execute(
      auditEntry(
        context,
        'catalog.bulk_upserted',
        { type: 'store', id: storeId },
        { after: { slugs: input.map((product) => product.slug) } },
      ),
    ),
    db.execute(sql`SELECT json_build_object('data', json_agg(json_build_object('id', p.id, 'slug', p.slug, 'created', ${createdNow}) ORDER BY p.slug))::text AS json
      FROM products p WHERE ${named}`),
  );
  return lastView(await catalogWrite(runBatch(db, statements)), 'Nothing was written.');
}
