import type { z } from '@hono/zod-openapi';
import type {
  AdjustedStockSchema,
  AdjustmentBody,
  ReconciliationSchema,
  StockSchema,
} from '../../schemas/admin-inventory';
import { type PageOf, pageExample } from './pagination';
import { at, ids } from './story';

/** Whole-body examples of src/schemas/admin-inventory.ts, for the OpenAPI document (the story is in story.ts). */

/** Twelve grey hoodies arrive for the new variant. */
export const adjustment = {
  type: 'inbound',
  quantity: 12,
  reason: 'Llegó la reposición del taller.',
  version: 1,
} satisfies z.input<typeof AdjustmentBody>;

export const adjustedStock = {
  stock: {
    variantId: ids.hoodieGrisL,
    productId: ids.hoodie,
    productName: 'Hoodie Oversize Essential',
    sku: 'BAL-HOE-GOS-L',
    variantLabel: 'L / Gris Oscuro',
    onHand: 12,
    reserved: 0,
    available: 12,
    reorderLevel: 3,
    lowStock: false,
    active: true,
    version: 2,
    updatedAt: at.stockReceived,
  },
  movement: {
    id: ids.movement,
    variantId: ids.hoodieGrisL,
    sku: 'BAL-HOE-GOS-L',
    type: 'inbound',
    onHandDelta: 12,
    reservedDelta: 0,
    onHandBefore: 0,
    onHandAfter: 12,
    reservedBefore: 0,
    reservedAfter: 0,
    referenceType: 'adjustment',
    referenceId: null,
    reason: adjustment.reason,
    actorType: 'user',
    actorId: ids.owner,
    createdAt: at.stockReceived,
  },
} satisfies z.output<typeof AdjustedStockSchema>;

/** A check after the refund: the hoodie’s three variants and the t-shirt, stock and ledger agreeing. */
export const reconciliation = {
  variants: 4,
  reconciled: true,
  mismatches: [],
  checkedAt: at.reconciled,
} satisfies z.output<typeof ReconciliationSchema>;

/** The black M hoodie once Lucía's was paid for: two left, under its reorder level of three. */
export const lowStockPage = pageExample({
  ...adjustedStock.stock,
  variantId: ids.hoodieNegroM,
  sku: 'BAL-HOE-NEG-M',
  variantLabel: 'M / Negro',
  onHand: 2,
  available: 2,
  lowStock: true,
  version: 4,
  updatedAt: at.paid,
}) satisfies PageOf<typeof StockSchema>;

export const stock = adjustedStock.stock;

export const stockPage = pageExample(adjustedStock.stock) satisfies PageOf<typeof StockSchema>;

export const movementPage = pageExample(adjustedStock.movement);
