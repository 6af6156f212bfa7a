import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runBatch, runStatement } from '../../db/sql/batch';
import { insertEvents } from '../../db/sql/ledgers';
import { idPageJson, idPageStatement, viewText } from '../../db/sql/views';
import { givenFields, requireRow, textArray } from '../../db/sql/writes';
import type { PRODUCT_STATUSES } from '../../lib/enums';
import { uuidv7 } from '../../lib/ids';
import { type AuditContext, auditEntry } from '../audit';
import {
  type AdminProductSummary,
  adminProductStatement,
  adminProductSummaryView,
  NO_PRODUCT,
} from './admin-product-views';
import { catalogWrite } from './catalog-errors';
import { insertImages } from './images';
import { refreshSortPrices } from './sort-prices';
import { type VariantInput, variantWrite } from './variant-writes';

export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

/** The fields of a product itself, as create and update take them. */
export interface ProductFields {
  slug?: string;
  name?: string;
  description?: string | null;
  status?: ProductStatus;
  featured?: boolean;
  tags?: string[];
  metadata?: Record<string, unknown>;
  taxClass?: string | null;
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

/** Input field to column, for the fields a product's INSERT, UPDATE or upsert sets. */
const PRODUCT_COLUMNS = {
  slug: 'slug',
  name: 'name',
  description: 'description',
  status: 'status',
  featured: 'featured',
  tags: 'tags',
  metadata: 'metadata',
  taxClass: 'tax_class',
} as const;

/**
 * A product field's value as SQL. Tags and metadata travel as JSON, so that
 * an empty list and every element keep their type through the driver.
 */
function productValue(field: keyof ProductFields, value: unknown): SQL {
  if (field === 'tags') return textArray(value as string[]);
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
export function replaceCategories(storeId: string, product: SQL, categoryIds: string[], path: string): SQL[] {
  const ids = JSON.stringify(categoryIds);
  return [
    sql`SELECT api_error('validation_failed', 'This store has no category ' || missing.id || '.', ${path})
      FROM (
        SELECT id FROM jsonb_array_elements_text(${ids}::jsonb) AS given(id)
        WHERE NOT EXISTS (SELECT 1 FROM categories c WHERE c.id = given.id::uuid AND c.store_id = ${storeId})) missing
      LIMIT 1`,
    sql`DELETE FROM product_categories WHERE product_id = ${product}`,
    sql`INSERT INTO product_categories (product_id, category_id, store_id)
      SELECT ${product}, c.id, ${storeId}::uuid
      FROM categories c
      WHERE c.store_id = ${storeId} AND c.id IN (SELECT value::uuid FROM jsonb_array_elements_text(${ids}::jsonb))`,
  ];
}

/** Whether product `p` was created by this transaction: its created_at is the transaction's start. */
export const createdNow = sql`p.created_at = now()`;

/** `product.created` outbox events for the products `which` selects (over `p`) that this transaction created. */
export function productCreatedEvents(which: SQL): SQL {
  return insertEvents(
    {
      storeId: sql`p.store_id`,
      type: 'product.created',
      aggregateType: 'product',
      aggregateId: sql`p.id`,
      payload: sql`jsonb_build_object('id', p.id, 'slug', p.slug, 'name', p.name, 'status', p.status)`,
    },
    sql`products p WHERE ${which} AND ${createdNow}`,
  );
}

/** A `product.updated` or `product.deleted` outbox event for product `productId`, as it is when the statement runs. */
function productEvent(
  type: 'product.updated' | 'product.deleted',
  storeId: string,
  productId: string,
  extra: SQL,
): SQL {
  return insertEvents(
    {
      storeId: sql`p.store_id`,
      type,
      aggregateType: 'product',
      aggregateId: sql`p.id`,
      payload: sql`jsonb_build_object('id', p.id, 'slug', p.slug, 'name', p.name, 'status', p.status) || ${extra}`,
    },
    sql`products p WHERE p.id = ${productId} AND p.store_id = ${storeId}`,
  );
}

/**
 * Creates a product with, optionally, its categories, images (in order) and
 * variants with their prices, in one batch: one round trip, all or nothing.
 * Emits `product.created` and an audit row. Answers the admin view.
 */
export async function createProduct(db: Database, context: AuditContext, input: NewProduct) {
  const id = uuidv7();
  const product = sql`${id}::uuid`;
  const { storeId } = context;
  const fields = productFields(input);
  const { view } = await catalogWrite(
    runBatch(db, {
      product: sql`INSERT INTO products (${sql.join([sql`id`, sql`store_id`, ...fields.map((field) => field.column)], sql`, `)})
        VALUES (${sql.join([product, sql`${storeId}::uuid`, ...fields.map((field) => field.value)], sql`, `)})`,
      categories: input.categoryIds?.length
        ? replaceCategories(storeId, product, input.categoryIds, 'categoryIds')
        : [],
      images: input.images?.length ? [insertImages(storeId, product, input.images)] : [],
      variants: (input.variants ?? []).map((variant, index) =>
        variantWrite(storeId, product, variant, `variants[${index}]`, 'fail'),
      ),
      sortPrices: refreshSortPrices(sql`p.id = ${id}`),
      created: productCreatedEvents(sql`p.id = ${id}`),
      audit: auditEntry(
        context,
        'product.created',
        { type: 'product', id },
        { after: { slug: input.slug, name: input.name, status: input.status ?? 'draft' } },
      ),
      view: adminProductStatement(storeId, id),
    }),
  );
  return viewText(view, NO_PRODUCT);
}

/** Changes a product's own fields and, when given, replaces its categories; emits `product.updated` naming the fields. One batch; audited. */
export async function updateProduct(db: Database, context: AuditContext, productId: string, fields: ProductFields) {
  const { storeId } = context;
  const sets = productFields(fields).map(({ column, value }) => sql`${column} = ${value}`);
  const { view } = await catalogWrite(
    runBatch(db, {
      exists: requireRow('products', productId, storeId, NO_PRODUCT),
      update: sql`UPDATE products SET ${sql.join([...sets, sql`updated_at = now()`], sql`, `)}
        WHERE id = ${productId} AND store_id = ${storeId}`,
      categories: fields.categoryIds
        ? replaceCategories(storeId, sql`${productId}::uuid`, fields.categoryIds, 'categoryIds')
        : [],
      event: productEvent(
        'product.updated',
        storeId,
        productId,
        sql`jsonb_build_object('changed', ${JSON.stringify(Object.keys(fields))}::jsonb)`,
      ),
      audit: auditEntry(context, 'product.updated', { type: 'product', id: productId }, { after: fields }),
      view: adminProductStatement(storeId, productId),
    }),
  );
  return viewText(view, NO_PRODUCT);
}

/**
 * Deletes a product, its variants, images and prices. One with order history
 * cannot go (order lines protect its variants): 409, archive it instead.
 * Emits `product.deleted`.
 */
export async function deleteProduct(db: Database, context: AuditContext, productId: string): Promise<void> {
  await catalogWrite(
    runBatch(db, {
      exists: requireRow('products', productId, context.storeId, NO_PRODUCT),
      // Before the DELETE, while the product is there to describe; a refused delete rolls it back.
      event: productEvent('product.deleted', context.storeId, productId, sql`'{}'::jsonb`),
      delete: sql`DELETE FROM products WHERE id = ${productId} AND store_id = ${context.storeId}`,
      audit: auditEntry(context, 'product.deleted', { type: 'product', id: productId }, {}),
    }),
    HAS_HISTORY,
  );
}

/** A product as staff see it: drafts and archived too, with stock, cost prices and every variant. */
export async function getAdminProduct(db: Database, storeId: string, productId: string) {
  return viewText(await runStatement(db, adminProductStatement(storeId, productId)), NO_PRODUCT);
}

/** A page of a store's products, newest first, in any status unless one is asked for; text search like the storefront's. */
export async function listAdminProducts(
  db: Database,
  storeId: string,
  filter: { status?: ProductStatus; q?: string },
  page: { limit: number; after?: string },
) {
  const where: SQL[] = [sql`p.store_id = ${storeId}`];
  if (filter.status) where.push(sql`p.status = ${filter.status}`);
  if (filter.q) where.push(sql`p.search @@ websearch_to_tsquery('simple', ${filter.q})`);
  const from = sql`products p WHERE ${sql.join(where, sql` AND `)}`;
  return idPageJson(
    await runStatement(db, idPageStatement<AdminProductSummary>('p', from, adminProductSummaryView.json('p'), page)),
  );
}
