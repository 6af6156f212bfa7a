import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runBatch } from '../../db/sql/batch';
import { type Statement, statement } from '../../db/sql/statement';
import { defineView, type ViewRow, type ViewValue, viewText } from '../../db/sql/views';
import { requireRow } from '../../db/sql/writes';
import { uuidv7 } from '../../lib/ids';
import { ProductImagesSchema } from '../../schemas/admin-catalog';
import { type AuditContext, auditEntry } from '../audit';
import { NO_PRODUCT } from './admin-product-views';

/** A product has at most this many images (seed 004's admin panel). */
export const MAX_IMAGES = 6;

const NO_IMAGE = 'This product has no image with that id.';

/** The images of product `productId` (an SQL expression for its id), in order, as `{data: [...]}`. */
export const productImagesView = defineView(
  ProductImagesSchema,
  (productId: SQL) => sql`json_build_object('data', coalesce((
    SELECT json_agg(json_build_object('id', i.id, 'url', i.url, 'alt', i.alt, 'position', i.position) ORDER BY i.position)
    FROM product_images i
    WHERE i.product_id = ${productId}), '[]'))`,
);

type ProductImages = ViewValue<typeof productImagesView>;

function imagesStatement(productId: string): Statement<ViewRow<ProductImages>> {
  return statement(sql`SELECT (${productImagesView.json(sql`${productId}::uuid`)})::text AS json`);
}

/** Inserts `images` for `product` (an SQL expression for its id), positions 0, 1, ... in the given order. */
export function insertImages(storeId: string, product: SQL, images: { url: string; alt?: string | null }[]): SQL {
  const rows = images.map(
    (image, position) =>
      sql`(${uuidv7()}::uuid, ${storeId}::uuid, ${product}, ${image.url}, ${image.alt ?? null}, ${position})`,
  );
  return sql`INSERT INTO product_images (id, store_id, product_id, url, alt, position)
    VALUES ${sql.join(rows, sql`, `)}`;
}

/**
 * Adds an image after the product's others. The product row is locked first,
 * so two uploads at once cannot both see five images and make seven.
 */
export async function addImage(
  db: Database,
  context: AuditContext,
  productId: string,
  image: { url: string; alt?: string | null },
) {
  const { storeId } = context;
  const id = uuidv7();
  const { view } = await runBatch(db, {
    exists: requireRow('products', productId, storeId, NO_PRODUCT),
    lock: sql`SELECT id FROM products WHERE id = ${productId} FOR UPDATE`,
    limit: sql`SELECT api_error('validation_failed',
        ${`A product has at most ${MAX_IMAGES} images; delete one first.`}, 'url')
      WHERE (SELECT count(*) FROM product_images WHERE product_id = ${productId}) >= ${MAX_IMAGES}`,
    insert: sql`INSERT INTO product_images (id, store_id, product_id, url, alt, position)
      SELECT ${id}, ${storeId}, ${productId}, ${image.url}, ${image.alt ?? null}, coalesce(max(position) + 1, 0)
      FROM product_images
      WHERE product_id = ${productId}`,
    audit: auditEntry(
      context,
      'product.image_added',
      { type: 'product', id: productId },
      { after: { imageId: id, url: image.url } },
    ),
    view: imagesStatement(productId),
  });
  return viewText(view, NO_PRODUCT);
}

/** Changes an image's alternative text; audited. */
export async function updateImage(
  db: Database,
  context: AuditContext,
  productId: string,
  imageId: string,
  alt: string | null,
) {
  const { view } = await runBatch(db, {
    exists: requireRow('product_images', imageId, context.storeId, NO_IMAGE, { product_id: productId }),
    update: sql`UPDATE product_images SET alt = ${alt} WHERE id = ${imageId}`,
    audit: auditEntry(
      context,
      'product.image_updated',
      { type: 'product', id: productId },
      { after: { imageId, alt } },
    ),
    view: imagesStatement(productId),
  });
  return viewText(view, NO_IMAGE);
}

/**
 * Puts the product's images in the given order: the list must name each of
 * them exactly once. One UPDATE, which the deferrable unique constraint on
 * positions lets permute them.
 */
export async function reorderImages(db: Database, context: AuditContext, productId: string, imageIds: string[]) {
  const order = JSON.stringify(imageIds);
  const { view } = await runBatch(db, {
    exists: requireRow('products', productId, context.storeId, NO_PRODUCT),
    complete: sql`SELECT api_error('validation_failed', 'List every image of the product exactly once.', 'imageIds')
      WHERE jsonb_array_length(${order}::jsonb)
          <> (SELECT count(DISTINCT value::uuid) FROM jsonb_array_elements_text(${order}::jsonb))
        OR jsonb_array_length(${order}::jsonb) <> (SELECT count(*) FROM product_images WHERE product_id = ${productId})
        OR EXISTS (
          SELECT 1 FROM jsonb_array_elements_text(${order}::jsonb) given
          WHERE NOT EXISTS (SELECT 1 FROM product_images WHERE product_id = ${productId} AND id = given.value::uuid))`,
    reorder: sql`UPDATE product_images i SET position = given.ordinality - 1
      FROM jsonb_array_elements_text(${order}::jsonb) WITH ORDINALITY AS given(id, ordinality)
      WHERE i.product_id = ${productId} AND i.id = given.id::uuid`,
    audit: auditEntry(context, 'product.images_reordered', { type: 'product', id: productId }, { after: { imageIds } }),
    view: imagesStatement(productId),
  });
  return viewText(view, NO_PRODUCT);
}

/** Deletes an image; the rest close the gap, so positions stay 0..n-1. */
export async function deleteImage(
  db: Database,
  context: AuditContext,
  productId: string,
  imageId: string,
): Promise<void> {
  await runBatch(db, {
    exists: requireRow('product_images', imageId, context.storeId, NO_IMAGE, { product_id: productId }),
    delete: sql`DELETE FROM product_images WHERE id = ${imageId}`,
    closeGap: sql`UPDATE product_images i SET position = ranked.rank - 1
      FROM (
        SELECT id, row_number() OVER (ORDER BY position) AS rank
        FROM product_images
        WHERE product_id = ${productId}) ranked
      WHERE i.id = ranked.id AND i.position <> ranked.rank - 1`,
    audit: auditEntry(context, 'product.image_deleted', { type: 'product', id: productId }, { after: { imageId } }),
  });
}
