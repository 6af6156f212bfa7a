import { sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Database } from '../../db/client';
import { productImages, products } from '../../db/schema';
import { uuidv7 } from '../../lib/ids';
import { auditEntry, type AuditContext } from '../audit';
import {
  NO_PRODUCT,
  adminProductJson,
  givenFields,
  idPageJson,
  idPageStatement,
  lastView,
  requireRow,
  runBatch,
  viewStatement,
  viewText,
} from './admin-views';
import { catalogWrite } from './catalog-errors';
import { refreshSortPrices } from './sort-prices';
import { storeByIdCte } from '../../db/sql/store-scope';
import { variantWrite, type VariantInput } from './variant-writes';

export type ProductStatus = 'draft' | 'active' | 'archived';

/** The fields of a product itself, as create and update take them. */
export interface ProductFields {
  slug?: string;
  name?: string;
  description?: string | null;
  status?: ProductStatus;
  featured?: boolean;
  tags?: string[];
  metadata?: Record<string, unknown>;
  /** Replaces the product's categories. */
  categoryIds?: string[];
}

export interface NewProduct extends ProductFields {
  slug: string;
  name: string;
  images?: { url: string; alt?: string | null }[];
  variants?: VariantInput[];
}

const HAS_HISTORY =
  'The product has order history, so it cannot be deleted; archive it instead (PATCH its status to "archived"): it leaves the storefront at once and its orders keep their lines.';

/** Input field to column, for the fields a product's UPDATE or upsert sets. */
const PRODUCT_COLUMNS = {
  slug: 'slug',
  name: 'name',
  description: 'description',
  status: 'status',
  featured: 'featured',
  tags: 'tags',
  metadata: 'metadata',
} as const;

/**
 * A product field's value as SQL. Tags and metadata travel as JSON, so that
 * an empty list and every element keep their type through the driver.
 */
function productValue(field: keyof ProductFields, value: unknown): SQL {
  if (field === 'tags') return sql`ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(value)}::jsonb))`;
  if (field === 'metadata') return sql`${JSON.stringify(value)}::jsonb`;
  if (field === 'status') return sql`${value}::product_status`;
  return sql`${value}`;
}

/** The product fields that are set, as columns and SQL values. */
export function productFields(fields: ProductFields) {
  return givenFields(fields, PRODUCT_COLUMNS, productValue);
}

/**
 * Statements that make `product`'s categories exactly `categoryIds`; an id
 * that is not one of this store's categories stops the batch with a 422.
 */
export function replaceCategories(
  db: Database,
  storeId: string,
  product: SQL,
  categoryIds: string[],
  path: string,
): BatchItem<'pg'>[] {
  const ids = JSON.stringify(categoryIds);
  return [
    db.execute(sql`SELECT api_error('validation_failed', 'This store has no category ' || missing.id || '.', ${path})
      FROM (SELECT id FROM jsonb_array_elements_text(${ids}::jsonb) AS given(id)
        WHERE NOT EXISTS (SELECT 1 FROM categories c WHERE c.id = given.id::uuid AND c.store_id = ${storeId})) missing LIMIT 1`),
    db.execute(sql`DELETE FROM product_categories WHERE product_id = ${product}`),
    db.execute(sql`INSERT INTO product_categories (product_id, category_id, store_id)
      SELECT ${product}, c.id, ${storeId}::uuid FROM categories c
      WHERE c.store_id = ${storeId} AND c.id IN (SELECT value::uuid FROM jsonb_array_elements_text(${ids}::jsonb))`),
  ];
}

/** Whether product `p` was created by this transaction: its created_at is the transaction's start. */
export const createdNow = sql`p.created_at = now()`;

/** `product.created` outbox events for the products `which` selects (over `p`) that this transaction created. */
export function productCreatedEvents(which: SQL): SQL {
  return sql`INSERT INTO events (id, store_id, type, aggregate_type, aggregate_id, payload)
    SELECT gen_random_uuid(), p.store_id, 'product.created', 'product', p.id, jsonb_build_object('id', p.id, 'slug', p.slug, 'name', p.name, 'status', p.status)
    FROM products p WHERE ${which} AND ${createdNow}`;
}

const productView = (db: Database, storeId: string, productId: string) =>
  viewStatement(
    db,
    storeByIdCte(storeId),
    adminProductJson,
    sql`products p WHERE p.id = ${productId} AND p.store_id = ${storeId}`,
  );

/**
 * Creates a product with, optionally, its categories, images (in order) and
 * variants with their prices, in one batch: one round trip, all or nothing.
 * Emits `product.created` and an audit row. Answers the admin view.
 */
export async function createProduct(db: Database, context: AuditContext, input: NewProduct): Promise<string> {
  const id = uuidv7();
  const product = sql`${id}::uuid`;
  const { storeId } = context;
  const statements: BatchItem<'pg'>[] = [
    db.insert(products).values({
      id,
      storeId,
      slug: input.slug,
      name: input.name,
      description: input.description,
      status: input.status,
      featured: input.featured,
      tags: input.tags,
      metadata: input.metadata,
    }),
    ...(input.categoryIds?.length ? replaceCategories(db, storeId, product, input.categoryIds, 'categoryIds') : []),
  ];
  if (input.images?.length) {
    statements.push(
      db.insert(productImages).values(
        input.images.map((image, position) => ({
          id: uuidv7(),
          storeId,
          productId: id,
          url: image.url,
          alt: image.alt,
          position,
        })),
      ),
    );
  }
  for (const [index, variant] of (input.variants ?? []).entries()) {
    statements.push(db.execute(variantWrite(storeId, product, variant, `variants[${index}]`, 'fail')));
  }
  statements.push(
    db.execute(refreshSortPrices(sql`p.id = ${id}`)),
    db.execute(productCreatedEvents(sql`p.id = ${id}`)),
    db.execute(
      auditEntry(
        context,
        'product.created',
        { type: 'product', id },
        { after: { slug: input.slug, name: input.name, status: input.status ?? 'draft' } },
      ),
    ),
  );
  return lastView(await catalogWrite(runBatch(db, [...statements, productView(db, storeId, id)])), NO_PRODUCT);
}

/** Changes a product's own fields and, when given, replaces its categories. One batch; audited. */
export async function updateProduct(
  db: Database,
  context: AuditContext,
  productId: string,
  fields: ProductFields,
): Promise<string> {
  const { storeId } = context;
  const product = sql`${productId}::uuid`;
  const sets = productFields(fields).map(({ column, value }) => sql`${column} = ${value}`);
  const statements: BatchItem<'pg'>[] = [
    requireRow(db, 'products', productId, storeId, NO_PRODUCT),
    db.execute(
      sql`UPDATE products SET ${sql.join([...sets, sql`updated_at = now()`], sql`, `)} WHERE id = ${productId} AND store_id = ${storeId}`,
    ),
  ];
  if (fields.categoryIds)
    statements.push(...replaceCategories(db, storeId, product, fields.categoryIds, 'categoryIds'));
  statements.push(
    db.execute(auditEntry(context, 'product.updated', { type: 'product', id: productId }, { after: fields })),
  );
  return lastView(await catalogWrite(runBatch(db, [...statements, productView(db, storeId, productId)])), NO_PRODUCT);
}

/**
 * Deletes a product, its variants, images and prices. One with order history
 * cannot go (order lines protect its variants): 409, archive it instead.
 */
export async function deleteProduct(db: Database, context: AuditContext, productId: string): Promise<void> {
  await catalogWrite(
    db.batch([
      requireRow(db, 'products', productId, context.storeId, NO_PRODUCT),
      db.execute(sql`DELETE FROM products WHERE id = ${productId} AND store_id = ${context.storeId}`),
      db.execute(auditEntry(context, 'product.deleted', { type: 'product', id: productId }, {})),
    ]),
    HAS_HISTORY,
  );
}

/** A product as staff see it: drafts and archived too, with stock, cost prices and every variant. */
export async function getAdminProduct(db: Database, storeId: string, productId: string): Promise<string> {
  return viewText(await productView(db, storeId, productId), NO_PRODUCT);
}

/** A page of a store's products, newest first, in any status unless one is asked for; text search like the storefront's. */
export async function listAdminProducts(
  db: Database,
  storeId: string,
  filter: { status?: ProductStatus; q?: string },
  page: { limit: number; after?: string },
): Promise<string> {
  const where: SQL[] = [sql`p.store_id = ${storeId}`];
  if (filter.status) where.push(sql`p.status = ${filter.status}`);
  if (filter.q) where.push(sql`p.search @@ websearch_to_tsquery('simple', ${filter.q})`);
  const item = sql`json_build_object(
    'id', p.id, 'slug', p.slug, 'name', p.name, 'status', p.status, 'featured', p.featured, 'tags', p.tags,
    'image', (SELECT json_build_object('url', i.url, 'alt', i.alt) FROM product_images i WHERE i.product_id = p.id ORDER BY i.position LIMIT 1),
    'variantCount', (SELECT count(*) FROM variants v WHERE v.product_id = p.id),
    'createdAt', p.created_at, 'updatedAt', p.updated_at)`;
  return idPageJson(await idPageStatement(db, 'p', sql`products p WHERE ${sql.join(where, sql` AND `)}`, item, page));
}
