import { z } from '@hono/zod-openapi';
import { ACTOR_TYPES, INVENTORY_MOVEMENT_TYPES } from '../lib/enums';
import { BooleanFlag } from './common';
import { PageQuery } from './pagination';
import { StoreParams } from './stores';

export const StockParams = StoreParams.extend({
  variantId: z.uuid().openapi({ param: { name: 'variantId', in: 'path' } }),
}).strict();

export const StockListQuery = PageQuery.extend({
  productId: z.uuid().optional(),
  q: z.string().trim().min(1).max(100).optional(),
  lowStock: BooleanFlag.optional().openapi({
    param: { name: 'lowStock', in: 'query' },
  }),
});

export const LowStockQuery = PageQuery;

/** The movements staff make by hand; the others (reservation, release, commit) come from orders. */
export const ADJUSTMENT_TYPES = [
  'inbound',
  'outbound',
  'adjustment',
  'return',
] as const satisfies readonly (typeof INVENTORY_MOVEMENT_TYPES)[number][];
export type AdjustmentType = (typeof ADJUSTMENT_TYPES)[number];

export const MovementListQuery = PageQuery.extend({
  variantId: z.uuid().optional(),
  type: z.enum(INVENTORY_MOVEMENT_TYPES).optional(),
  referenceId: z.uuid().optional(),
});

/** Most units one adjustment may move. */
export const MAX_ADJUSTMENT = 1_000_000;

export const AdjustmentBody = z
  .object({
    type: z.enum(ADJUSTMENT_TYPES),
    quantity: z.number().int().min(-MAX_ADJUSTMENT).max(MAX_ADJUSTMENT),
    reason: z.string().trim().min(1).max(500),
    version: z.number().int().min(1).max(2_147_483_647).optional(),
  })
  .strict()
  .superRefine((body, context) => {
    if (body.type === 'adjustment' ? body.quantity === 0 : body.quantity < 1) {
      const message =
        body.type === 'adjustment' ? 'A count adjustment moves stock: not 0.' : 'A positive number of units.';
      context.addIssue({ code: 'custom', path: ['quantity'], message });
    }
  })
  .openapi('StockAdjustment');

export const AdjustmentHeaders = z.object({
  'if-match': z.string().max(40).optional(),
});

export const StockSchema = z
  .object({
    variantId: z.uuid(),
    productId: z.uuid(),
    productName: z.string(),
    sku: z.string(),
    variantLabel: z.string(),
    onHand: z.number().int(),
    reserved: z.number().int(),
    available: z.number().int(),
    reorderLevel: z.number().int(),
    lowStock: z.boolean(),
    active: z.boolean(),
    version: z.number().int(),
    updatedAt: z.string(),
  })
  .openapi('Stock');

export const MovementSchema = z
  .object({
    id: z.uuid(),
    variantId: z.uuid(),
    sku: z.string(),
    type: z.enum(INVENTORY_MOVEMENT_TYPES),
    onHandDelta: z.number().int(),
    reservedDelta: z.number().int(),
    onHandBefore: z.number().int(),
    onHandAfter: z.number().int(),
    reservedBefore: z.number().int(),
    reservedAfter: z.number().int(),
    referenceType: z.string().nullable(),
    referenceId: z.uuid().nullable(),
    reason: z.string().nullable(),
    actorType: z.enum(ACTOR_TYPES),
    actorId: z.uuid().nullable(),
    createdAt: z.string(),
  })
  .openapi('StockMovement');

export const AdjustedStockSchema = z.object({ stock: StockSchema, movement: MovementSchema }).openapi('AdjustedStock');

export const ReconciliationSchema = z
  .object({
    variants: z.number().int(),
    reconciled: z.boolean(),
    mismatches: z.array(
      z.object({
        variantId: z.uuid(),
        sku: z.string(),
        onHand: z.number().int(),
        ledgerOnHand: z.number().int(),
        reserved: z.number().int(),
        ledgerReserved: z.number().int(),
        activeReservations: z.number().int(),
      }),
    ),
    checkedAt: z.string(),
  })
  .openapi('StockReconciliation');
