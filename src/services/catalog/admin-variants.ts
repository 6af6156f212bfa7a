import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { auditEntry, type AuditContext } from '../audit';
import {
  NO_PRODUCT,
  NO_VARIANT,
  adminVariantJson,
  lastView,
  requireRow,
  runBatch,
  setList,
  viewStatement,
} from './admin-views';
import { catalogWrite } from './catalog-errors';
import { refreshSortPrices } from './sort-prices';
import { storeByIdCte } from '../../db/sql/store-scope';
import { variantWrite, type VariantInput } from './variant-writes';

const HAS_HISTORY =
  'The variant is referenced by orders, reservations or campaigns, so it cannot be deleted; deactivate it instead (PATCH active=false): it leaves the storefront at once.';

const variantView = (db: Database, storeId: string, where: SQL) =>
  viewStatement(
    db,
    storeByIdCte(storeId),
    adminVariantJson,
    sql`variants v WHERE v.store_id = ${storeId} AND ${where}`,
  );

/**
 * Adds a variant to a product: options by name, optional price. A
 * combination the product already has is a 409 (PUT upserts instead).
 * One batch; audited. Answers the variant as staff see it.
 */
export async function createVariant(
  db: Database,
  context: AuditContext,
  productId: string,
  input: VariantInput,
): Promise<string> {
  return writeVariant(db, context, productId, input, 'fail').then((written) => written.json);
}

/** Creates the variant of this option combination, or updates the one the product has. Says which it did. */
export async function upsertVariant(db: Database, context: AuditContext, productId: string, input: VariantInput) {
  return writeVariant(db, context, productId, input, 'update');
}

async function writeVariant(
  db: Database,
  context: AuditContext,
  productId: string,
  input: VariantInput,
  ifExists: 'fail' | 'update',
) {
  const { storeId } = context;
  const results = await catalogWrite(
    runBatch(db, [
      requireRow(db, 'products', productId, storeId, NO_PRODUCT),
      db.execute<{ id: string; inserted: boolean }>(
        variantWrite(storeId, sql`${productId}::uuid`, input, '', ifExists),
      ),
      db.execute(refreshSortPrices(sql`p.id = ${productId}`)),
      db.execute(auditEntry(context, 'variant.written', { type: 'product', id: productId }, { after: input })),
      variantView(db, storeId, sql`v.sku = ${input.sku}`),
    ]),
  );
  const written = (results[1] as { rows: { inserted: boolean }[] }).rows[0];
  return { json: lastView(results, NO_VARIANT), created: written?.inserted ?? false };
}

export interface VariantChanges {
  sku?: string;
  barcode?: string | null;
  costPrice?: number | null;
  reorderLevel?: number;
  active?: boolean;
  position?: number;
  /** Optimistic concurrency: the version the caller last saw; another is a 409. */
  version?: number;
}

const CHANGEABLE = {
  sku: 'sku',
  barcode: 'barcode',
  costPrice: 'cost_price',
  reorderLevel: 'reorder_level',
  active: 'active',
  position: 'position',
} as const;

/** Changes a variant's own fields (its option combination is fixed: make another variant for another one). One batch; audited. */
export async function updateVariant(
  db: Database,
  context: AuditContext,
  productId: string,
  variantId: string,
  changes: VariantChanges,
): Promise<string> {
  const { storeId } = context;
  const results = await catalogWrite(
    runBatch(db, [
      requireRow(db, 'variants', variantId, storeId, NO_VARIANT, { product_id: productId }),
      // The version is checked by the UPDATE itself: of two changes from the same version, the second finds none to change.
      db.execute(sql`WITH changed AS (
          UPDATE variants SET ${setList(changes, CHANGEABLE, [sql`version = version + 1`, sql`updated_at = now()`])}
          WHERE id = ${variantId} AND store_id = ${storeId} ${changes.version === undefined ? sql`` : sql`AND version = ${changes.version}`}
          RETURNING id)
        SELECT api_error('conflict', 'The variant has changed since version ' || ${changes.version ?? 0} || ' (it is at ' || version || '); read it again.', 'version')
        FROM variants WHERE id = ${variantId} AND NOT EXISTS (SELECT 1 FROM changed)`),
      db.execute(refreshSortPrices(sql`p.id = ${productId}`)),
      db.execute(auditEntry(context, 'variant.updated', { type: 'variant', id: variantId }, { after: changes })),
      variantView(db, storeId, sql`v.id = ${variantId}`),
    ]),
  );
  return lastView(results, NO_VARIANT);
}

/** Deletes a variant no order, reservation or campaign references (409 otherwise: deactivate it). */
export async function deleteVariant(
  db: Database,
  context: AuditContext,
  productId: string,
  variantId: string,
): Promise<void> {
  await catalogWrite(
    runBatch(db, [
      requireRow(db, 'variants', variantId, context.storeId, NO_VARIANT, { product_id: productId }),
      db.execute(sql`DELETE FROM variants WHERE id = ${variantId} AND store_id = ${context.storeId}`),
      db.execute(refreshSortPrices(sql`p.id = ${productId}`)),
      db.execute(auditEntry(context, 'variant.deleted', { type: 'variant', id: variantId }, {})),
    ]),
    HAS_HISTORY,
  );
}
