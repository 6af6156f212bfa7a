import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runBatch } from '../../db/sql/batch';
import { statement } from '../../db/sql/statement';
import { viewText } from '../../db/sql/views';
import { requireRow, setList } from '../../db/sql/writes';
import { type AuditContext, auditEntry } from '../audit';
import { adminVariantStatement, NO_PRODUCT, NO_VARIANT } from './admin-product-views';
import { catalogWrite } from './catalog-errors';
import { refreshSortPrices } from './sort-prices';
import { SETTABLE_VARIANT_COLUMNS, type VariantInput, variantWrite } from './variant-writes';

const HAS_HISTORY =
  'The variant is referenced by orders, reservations or campaigns, so it cannot be deleted; deactivate it instead (PATCH active=false): it leaves the storefront at once.';

/**
 * Adds a variant to a product: options by name, optional price. A
 * combination the product already has is a 409 (PUT upserts instead).
 * One batch; audited. Answers the variant as staff see it.
 */
export async function createVariant(db: Database, context: AuditContext, productId: string, input: VariantInput) {
  return (await writeVariant(db, context, productId, input, 'fail')).json;
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
  const { written, view } = await catalogWrite(
    runBatch(db, {
      exists: requireRow('products', productId, storeId, NO_PRODUCT),
      written: statement<{ id: string; inserted: boolean }>(
        variantWrite(storeId, sql`${productId}::uuid`, input, '', ifExists),
      ),
      sortPrices: refreshSortPrices(sql`p.id = ${productId}`),
      audit: auditEntry(context, 'variant.written', { type: 'product', id: productId }, { after: input }),
      view: adminVariantStatement(storeId, sql`v.sku = ${input.sku}`),
    }),
  );
  return { json: viewText(view, NO_VARIANT), created: written[0]?.inserted ?? false };
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

/** A variant's own fields: what a write may set, and its SKU. */
const CHANGEABLE = { sku: 'sku', ...SETTABLE_VARIANT_COLUMNS } as const;

/** Changes a variant's own fields (its option combination is fixed: make another variant for another one). One batch; audited. */
export async function updateVariant(
  db: Database,
  context: AuditContext,
  productId: string,
  variantId: string,
  changes: VariantChanges,
) {
  const { storeId } = context;
  const sameVersion = changes.version === undefined ? sql`` : sql`AND version = ${changes.version}`;
  const { view } = await catalogWrite(
    runBatch(db, {
      exists: requireRow('variants', variantId, storeId, NO_VARIANT, { product_id: productId }),
      // The version is checked by the UPDATE itself: of two changes from the same version, the second finds none to change.
      update: sql`WITH changed AS (
          UPDATE variants SET ${setList(changes, CHANGEABLE, [sql`version = version + 1`, sql`updated_at = now()`])}
          WHERE id = ${variantId} AND store_id = ${storeId} ${sameVersion}
          RETURNING id)
        SELECT api_error('conflict',
          'The variant has changed since version ' || ${changes.version ?? 0} || ' (it is at ' || version || '); read it again.',
          'version')
        FROM variants
        WHERE id = ${variantId} AND NOT EXISTS (SELECT 1 FROM changed)`,
      sortPrices: refreshSortPrices(sql`p.id = ${productId}`),
      audit: auditEntry(context, 'variant.updated', { type: 'variant', id: variantId }, { after: changes }),
      view: adminVariantStatement(storeId, sql`v.id = ${variantId}`),
    }),
  );
  return viewText(view, NO_VARIANT);
}

/** Deletes a variant no order, reservation or campaign references (409 otherwise: deactivate it). */
export async function deleteVariant(
  db: Database,
  context: AuditContext,
  productId: string,
  variantId: string,
): Promise<void> {
  await catalogWrite(
    runBatch(db, {
      exists: requireRow('variants', variantId, context.storeId, NO_VARIANT, { product_id: productId }),
      delete: sql`DELETE FROM variants WHERE id = ${variantId} AND store_id = ${context.storeId}`,
      sortPrices: refreshSortPrices(sql`p.id = ${productId}`),
      audit: auditEntry(context, 'variant.deleted', { type: 'variant', id: variantId }, {}),
    }),
    HAS_HISTORY,
  );
}
