import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AdminEnv } from '../../env';
import { jsonText } from '../../http/json-text';
import { pageRequest } from '../../http/pagination';
import { auditContext, requires } from '../../http/tenancy';
import { validationHook } from '../../http/validation';
import { adminProblems, jsonContent, problemResponses } from '../../schemas/common';
import {
  CreatePromotionBody,
  PromotionListQuery,
  PromotionPageSchema,
  PromotionParams,
  PromotionSchema,
  PromotionUsageQuery,
  PromotionUsageSchema,
  UpdatePromotionBody,
} from '../../schemas/promotions';
import { documenting, examples } from '#examples';
import { StoreParams } from '../../schemas/stores';
import { getPromotion, listPromotions } from '../../services/promotions/promotion-view';
import { promotionUsage } from '../../services/promotions/promotion-usage';
import { createPromotion, deletePromotion, updatePromotion } from '../../services/promotions/promotion-writes';
import { promotionCodeRoutes } from './promotion-codes';

const tags = documenting && ['Promotions'];
const base = '/v1/admin/stores/{store}/promotions';

const listRoute = createRoute({
  method: 'get',
  path: base,
  operationId: documenting && 'adminListPromotions',
  tags,
  ...requires('promotions:read'),
  request: { params: StoreParams, query: PromotionListQuery },
  responses: documenting && {
    200: {
      description: 'A page of promotions',
      ...jsonContent(PromotionPageSchema, documenting && examples.promotionPage),
    },
    ...adminProblems,
  },
});

const createPromotionRoute = createRoute({
  method: 'post',
  path: base,
  operationId: documenting && 'adminCreatePromotion',
  tags,
  ...requires('promotions:write'),
  request: {
    params: StoreParams,
    body: { required: true, ...jsonContent(CreatePromotionBody, documenting && examples.newPromotion) },
  },
  responses: documenting && {
    201: { description: 'The promotion', ...jsonContent(PromotionSchema, documenting && examples.promotion) },
    ...adminProblems,
    ...problemResponses({ 409: 'The code is taken in the store' }),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: `${base}/{promotionId}`,
  operationId: documenting && 'adminGetPromotion',
  tags,
  ...requires('promotions:read'),
  request: { params: PromotionParams },
  responses: documenting && {
    200: { description: 'The promotion', ...jsonContent(PromotionSchema, documenting && examples.promotion) },
    ...adminProblems,
  },
});

const updateRoute = createRoute({
  method: 'patch',
  path: `${base}/{promotionId}`,
  operationId: documenting && 'adminUpdatePromotion',
  tags,
  ...requires('promotions:write'),
  request: {
    params: PromotionParams,
    body: { required: true, ...jsonContent(UpdatePromotionBody, documenting && examples.promotionChange) },
  },
  responses: documenting && {
    200: { description: 'The promotion', ...jsonContent(PromotionSchema, documenting && examples.changedPromotion) },
    ...adminProblems,
    ...problemResponses({ 409: 'A usage limit below the uses so far' }),
  },
});

const deleteRoute = createRoute({
  method: 'delete',
  path: `${base}/{promotionId}`,
  operationId: documenting && 'adminDeletePromotion',
  tags,
  ...requires('promotions:write'),
  request: { params: PromotionParams },
  responses: documenting && {
    204: { description: 'Deleted' },
    ...adminProblems,
    ...problemResponses({ 409: 'Orders were discounted by it: deactivate it instead' }),
  },
});

const usageRoute = createRoute({
  method: 'get',
  path: `${base}/{promotionId}/usage`,
  operationId: documenting && 'adminGetPromotionUsage',
  tags,
  ...requires('promotions:read'),
  request: { params: PromotionParams, query: PromotionUsageQuery },
  responses: documenting && {
    200: {
      description: 'The usage report',
      ...jsonContent(PromotionUsageSchema, documenting && examples.promotionUsage),
    },
    ...adminProblems,
  },
});

/** Discounts: promotions, their codes and their usage. Not catalog data: no cache to purge. */
export const promotionRoutes = new OpenAPIHono<AdminEnv>({ defaultHook: validationHook })
  .openapi(listRoute, async (c) => {
    const { limit, cursor, ...filters } = c.req.valid('query');
    return jsonText(c, await listPromotions(c.var.db, c.var.store.id, filters, pageRequest({ limit, cursor })));
  })
  .openapi(createPromotionRoute, async (c) =>
    jsonText(c, await createPromotion(c.var.db, auditContext(c), c.req.valid('json')), 201),
  )
  .openapi(getRoute, async (c) =>
    jsonText(c, await getPromotion(c.var.db, c.var.store.id, c.req.valid('param').promotionId)),
  )
  .openapi(updateRoute, async (c) =>
    jsonText(
      c,
      await updatePromotion(c.var.db, auditContext(c), c.req.valid('param').promotionId, c.req.valid('json')),
    ),
  )
  .openapi(deleteRoute, async (c) => {
    await deletePromotion(c.var.db, auditContext(c), c.req.valid('param').promotionId);
    return c.body(null, 204);
  })
  .openapi(usageRoute, async (c) =>
    jsonText(c, await promotionUsage(c.var.db, c.var.store.id, c.req.valid('param').promotionId, c.req.valid('query'))),
  )
  .route('/', promotionCodeRoutes);
