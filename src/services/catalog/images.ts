import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { uuidv7 } from '../../lib/ids';
import { auditEntry, type AuditContext } from '../audit';
import { NO_PRODUCT, lastView, requireRow, runBatch } from './admin-views';

/** A product has at most this many images (seed 004's admin panel). */
export const MAX_IMAGES = 6;

const NO_IMAGE = 'This product has no image with that id.';

/** A product's images in order, as `{data: [...]}`. */
function imagesView(db: Database, productId: string) {
  return db.execute(sql`SELECT json_build_object('data', coalesce((SELECT json_agg(json_build_object('id', id, 'url', url, 'alt', alt, 'position', position) ORDER BY position)
    FROM product_images WHERE product_id = ${productId}), '[]'))::text AS json`);
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
): Promise<string> {
  const { storeId } = context;
  const id = uuidv7();
  const results = await runBatch(db, [
    requireRow(db, 'products', productId, storeId, NO_PRODUCT),
    db.execute(sql`SELECT id FROM products WHERE id = ${productId} FOR UPDATE`),
    db.execute(sql`SELECT api_error('validation_failed', ${`A product has at most ${MAX_IMAGES} images; delete one first.`}, 'url')
      WHERE (SELECT count(*) FROM product_images WHERE product_id = ${productId}) >= ${MAX_IMAGES}`),
    db.execute(sql`INSERT INTO product_images (id, store_id, product_id, url, alt, position)
      SELECT ${id}, ${storeId}, ${productId}, ${image.url}, ${image.alt ?? null}, coalesce(max(position) + 1, 0) FROM product_images WHERE product_id = ${productId}`),
    db.execute(
      auditEntry(
        context,
        'product.image_added',
        { type: 'product', id: productId },
        { after: { imageId: id, url: image.url } },
      ),
    ),
    imagesView(db, productId),
  ]);
  return lastView(results, NO_PRODUCT);
}

/** Changes an image's alternative text. */
export async function updateImage(
  db: Database,
  context: AuditContext,
  productId: string,
  imageId: string,
  alt: string | null,
): Promise<string> {
  const results = await runBatch(db, [
    requireRow(db, 'product_images', imageId, context.storeId, NO_IMAGE, { product_id: productId }),
    db.execute(sql`UPDATE product_images SET alt = ${alt} WHERE id = ${imageId}`),
    imagesView(db, productId),
  ]);
  return lastView(results, NO_IMAGE);
}

/**
 * Puts the product's images in the given order: the list must name each of
 * them exactly once. One UPDATE, which the deferrable unique constraint on
 * positions lets permute them.
 */
export async function reorderImages(
  db: Database,
  context: AuditContext,
  productId: string,
  imageIds: string[],
): Promise<string> {
  const order = JSON.stringify(imageIds);
  const results = await runBatch(db, [
    requireRow(db, 'products', productId, context.storeId, NO_PRODUCT),
    db.execute(sql`SELECT api_error('validation_failed', 'List every image of the product exactly once.', 'imageIds')
      WHERE jsonb_array_length(${order}::jsonb) <> (SELECT count(DISTINCT value::uuid) FROM jsonb_array_elements_text(${order}::jsonb))
        OR jsonb_array_length(${order}::jsonb) <> (SELECT count(*) FROM product_images WHERE product_id = ${productId})
        OR EXISTS (SELECT 1 FROM jsonb_array_elements_text(${order}::jsonb) given
          WHERE NOT EXISTS (SELECT 1 FROM product_images WHERE product_id = ${productId} AND id = given.value::uuid))`),
    db.execute(sql`UPDATE product_images i SET position = given.ordinality - 1
      FROM jsonb_array_elements_text(${order}::jsonb) WITH ORDINALITY AS given(id, ordinality)
      WHERE i.product_id = ${productId} AND i.id = given.id::uuid`),
    db.execute(
      auditEntry(context, 'product.images_reordered', { type: 'product', id: productId }, { after: { imageIds } }),
    ),
    imagesView(db, productId),
  ]);
  return lastView(results, NO_PRODUCT);
}

/** Deletes an image; the rest close the gap, so positions stay 0..n-1. */
export async function deleteImage(
  db: Database,
  context: AuditContext,
  productId: string,
  imageId: string,
): Promise<void> {
  await runBatch(db, [
    requireRow(db, 'product_images', imageId, context.storeId, NO_IMAGE, { product_id: productId }),
    db.execute(sql`DELETE FROM product_images WHERE id = ${imageId}`),
    db.execute(sql`UPDATE product_images i SET position = ranked.rank - 1
      FROM (SELECT id, row_number() OVER (ORDER BY position) AS rank FROM product_images WHERE product_id = ${productId}) ranked
      WHERE i.id = ranked.id AND i.position <> ranked.rank - 1`),
    db.execute(
      auditEntry(context, 'product.image_deleted', { type: 'product', id: productId }, { after: { imageId } }),
    ),
  ]);
}
