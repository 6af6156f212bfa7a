import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AdminEnv } from '../../env';
import { purgeProduct } from '../../http/catalog-cache';
import { jsonText } from '../../http/json-text';
import { cursorPosition, pageRequest } from '../../http/pagination';
import { ApiError } from '../../lib/api-error';
import { auditContext, requires } from '../../http/tenancy';
import { validationHook } from '../../http/validation';
import {
  AdjustmentBody,
  AdjustmentHeaders,
  LowStockQuery,
  MovementListQuery,
  StockListQuery,
  StockParams,
} from '../../schemas/admin-inventory';
import { examples, documenting } from '#examples';
import { adminProblems, jsonContent, problemResponses } from '../../schemas/common';
import { pageSchema } from '../../schemas/pagination';
import { StoreParams } from '../../schemas/stores';
import { adjustedStockView, adjustStock } from '../../services/inventory/adjustments';
import { listMovements, movementView, reconcile, reconciliationView } from '../../services/inventory/ledger';
import { getStock, listStock, lowStockReport, stockView } from '../../services/inventory/stock';

const tags = documenting && ['Inventory'];
const base = '/v1/admin/stores/{store}/inventory';
const StockPageSchema = documenting && pageSchema(stockView.schema, 'StockPage');

const listRoute = createRoute({
  method: 'get',
  path: base,
  operationId: documenting && 'adminListInventory',
  tags,
  ...requires('inventory:read'),
  request: { params: StoreParams, query: StockListQuery },
  responses: documenting && {
    200: { description: 'A page of stock', ...jsonContent(StockPageSchema, examples.stockPage) },
    ...adminProblems,
  },
});

const lowStockRoute = createRoute({
  method: 'get',
  path: `${base}/low-stock`,
  operationId: documenting && 'adminListLowStock',
  tags,
  ...requires('inventory:read'),
  request: { params: StoreParams, query: LowStockQuery },
  responses: documenting && {
    200: { description: 'A page of low stock', ...jsonContent(StockPageSchema, examples.lowStockPage) },
    ...adminProblems,
  },
});

const movementsRoute = createRoute({
  method: 'get',
  path: `${base}/movements`,
  operationId: documenting && 'adminListStockMovements',
  tags,
  ...requires('inventory:read'),
  request: { params: StoreParams, query: MovementListQuery },
  responses: documenting && {
    200: {
      description: 'A page of movements',
      ...jsonContent(pageSchema(movementView.schema, 'MovementPage'), examples.movementPage),
    },
    ...adminProblems,
  },
});

const reconciliationRoute = createRoute({
  method: 'get',
  path: `${base}/reconciliation`,
  operationId: documenting && 'adminReconcileInventory',
  tags,
  ...requires('inventory:read'),
  request: { params: StoreParams },
  responses: documenting && {
    200: {
      description: 'The check',
      ...jsonContent(reconciliationView.schema, examples.reconciliation),
    },
    ...adminProblems,
  },
});

const getRoute = createRoute({
  method: 'get',
  path: `${base}/{variantId}`,
  operationId: documenting && 'adminGetVariantStock',
  tags,
  ...requires('inventory:read'),
  request: { params: StockParams },
  responses: documenting && {
    200: { description: 'The stock', ...jsonContent(stockView.schema, examples.stock) },
    ...adminProblems,
  },
});

const adjustRoute = createRoute({
  method: 'post',
  path: `${base}/{variantId}/adjustments`,
  operationId: documenting && 'adminAdjustStock',
  tags,
  ...requires('inventory:write'),
  request: {
    params: StockParams,
    headers: AdjustmentHeaders,
    body: { required: true, ...jsonContent(AdjustmentBody, documenting && examples.adjustment) },
  },
  responses: documenting && {
    201: {
      description: 'The new stock and its movement',
      ...jsonContent(adjustedStockView.schema, examples.adjustedStock),
    },
    ...adminProblems,
    ...problemResponses({
      409: 'The version is stale, or on hand would fall below zero or below what is reserved',
      428: 'Neither `version` nor `If-Match`',
    }),
  },
});

/** The version an adjustment is based on: body `version` or `If-Match: "<version>"`, which must agree when both are sent. */
function expectedVersion(bodyVersion: number | undefined, ifMatch: string | undefined): number {
  const match = ifMatch === undefined ? undefined : /^(?:W\/)?"?(\d{1,9})"?$/.exec(ifMatch.trim());
  if (ifMatch !== undefined && !match)
    throw new ApiError('validation_failed', 'If-Match must be the stock’s ETag, e.g. "7".', [
      { path: 'if-match', message: 'Not a version.' },
    ]);
  const headerVersion = match ? Number(match[1]) : undefined;
  if (bodyVersion !== undefined && headerVersion !== undefined && bodyVersion !== headerVersion) {
    throw new ApiError('validation_failed', 'The body’s version and If-Match disagree.', [
      { path: 'version', message: 'Differs from If-Match.' },
    ]);
  }
  const version = bodyVersion ?? headerVersion;
  if (version === undefined)
    throw new ApiError(
      'precondition_required',
      'Send the version you read, as `version` or `If-Match`, so that a concurrent change is not overwritten.',
    );
  return version;
}

/** Stock, its adjustments and its ledger. */
export const inventoryRoutes = new OpenAPIHono<AdminEnv>({ defaultHook: validationHook })
  .openapi(listRoute, async (c) => {
    const { limit, cursor, ...filters } = c.req.valid('query');
    return jsonText(c, await listStock(c.var.db, c.var.store.id, filters, pageRequest({ limit, cursor })));
  })
  .openapi(lowStockRoute, async (c) => {
    const { limit, cursor } = c.req.valid('query');
    return jsonText(c, await lowStockReport(c.var.db, c.var.store.id, { limit, position: cursorPosition(cursor) }));
  })
  .openapi(movementsRoute, async (c) => {
    const { limit, cursor, ...filters } = c.req.valid('query');
    return jsonText(c, await listMovements(c.var.db, c.var.store.id, filters, pageRequest({ limit, cursor })));
  })
  .openapi(reconciliationRoute, async (c) => jsonText(c, await reconcile(c.var.db, c.var.store.id)))
  .openapi(getRoute, async (c) => {
    const { json, version } = await getStock(c.var.db, c.var.store.id, c.req.valid('param').variantId);
    c.header('ETag', `"${version}"`);
    return jsonText(c, json);
  })
  .openapi(adjustRoute, async (c) => {
    const { variantId } = c.req.valid('param');
    const { version: bodyVersion, ...adjustment } = c.req.valid('json');
    const version = expectedVersion(bodyVersion, c.req.valid('header')['if-match']);
    const result = await adjustStock(c.var.db, auditContext(c), variantId, { ...adjustment, version });
    // The storefront's availability words (in stock, low, sold out) may have changed.
    await purgeProduct(c, result.productId);
    c.header('ETag', `"${result.version}"`);
    return jsonText(c, result.json, 201);
  });
