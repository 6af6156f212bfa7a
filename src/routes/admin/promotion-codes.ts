import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AdminEnv } from '../../env';
import { jsonText } from '../../http/json-text';
import { pageRequest } from '../../http/pagination';
import { auditContext, requires } from '../../http/tenancy';
import { validationHook } from '../../http/validation';
import { adminProblems, jsonContent, problemResponses } from '../../schemas/common';
import {
  CreatePromotionCodeBody,
  GeneratePromotionCodesBody,
  PromotionCodeBatchSchema,
  PromotionCodeListQuery,
  PromotionCodePageSchema,
  PromotionCodeParams,
  PromotionCodeSchema,
  PromotionParams,
} from '../../schemas/promotions';
import { documenting, examples } from '#examples';
import {
  addPromotionCode,
  deletePromotionCode,
  generatePromotionCodes,
  listPromotionCodes,
} from '../../services/promotions/promotion-code-writes';

const tags = documenting && ['Promotions'];
const base = '/v1/admin/stores/{store}/promotions/{promotionId}/codes';
const AUTOMATIC = 'The promotion is automatic: it takes no codes';

const listRoute = createRoute({
  method: 'get',
  path: base,
  operationId: documenting && 'adminListPromotionCodes',
  tags,
  ...requires('promotions:read'),
  request: { params: PromotionParams, query: PromotionCodeListQuery },
  responses: documenting && {
    200: {
      description: 'A page of codes',
      ...jsonContent(PromotionCodePageSchema, documenting && examples.promotionCodePage),
    },
    ...adminProblems,
  },
});

const createCodeRoute = createRoute({
  method: 'post',
  path: base,
  operationId: documenting && 'adminCreatePromotionCode',
  tags,
  ...requires('promotions:write'),
  request: {
    params: PromotionParams,
    body: { required: true, ...jsonContent(CreatePromotionCodeBody, documenting && examples.newPromotionCode) },
  },
  responses: documenting && {
    201: { description: 'The code', ...jsonContent(PromotionCodeSchema, documenting && examples.promotionCode) },
    ...adminProblems,
    ...problemResponses({ 409: `The code is taken in the store, or ${AUTOMATIC.toLowerCase()}` }),
  },
});

const generateRoute = createRoute({
  method: 'post',
  path: `${base}/batch`,
  operationId: documenting && 'adminGeneratePromotionCodes',
  tags,
  ...requires('promotions:write'),
  request: {
    params: PromotionParams,
    body: {
      required: true,
      ...jsonContent(GeneratePromotionCodesBody, documenting && examples.promotionCodeBatchRequest),
    },
  },
  responses: documenting && {
    201: {
      description: 'The codes made',
      ...jsonContent(PromotionCodeBatchSchema, documenting && examples.promotionCodeBatch),
    },
    ...adminProblems,
    ...problemResponses({ 409: AUTOMATIC }),
  },
});

const deleteRoute = createRoute({
  method: 'delete',
  path: `${base}/{codeId}`,
  operationId: documenting && 'adminDeletePromotionCode',
  tags,
  ...requires('promotions:write'),
  request: { params: PromotionCodeParams },
  responses: documenting && {
    204: { description: 'Deleted' },
    ...adminProblems,
    ...problemResponses({ 409: 'Orders were placed with the code' }),
  },
});

/** A code promotion's codes: typed in, made in bulk, listed, deleted. */
export const promotionCodeRoutes = new OpenAPIHono<AdminEnv>({ defaultHook: validationHook })
  .openapi(listRoute, async (c) => {
    const { limit, cursor, q } = c.req.valid('query');
    const { promotionId } = c.req.valid('param');
    return jsonText(
      c,
      await listPromotionCodes(c.var.db, c.var.store.id, promotionId, q, pageRequest({ limit, cursor })),
    );
  })
  .openapi(createCodeRoute, async (c) =>
    jsonText(
      c,
      await addPromotionCode(c.var.db, auditContext(c), c.req.valid('param').promotionId, c.req.valid('json')),
      201,
    ),
  )
  .openapi(generateRoute, async (c) =>
    jsonText(
      c,
      await generatePromotionCodes(c.var.db, auditContext(c), c.req.valid('param').promotionId, c.req.valid('json')),
      201,
    ),
  )
  .openapi(deleteRoute, async (c) => {
    const { promotionId, codeId } = c.req.valid('param');
    await deletePromotionCode(c.var.db, auditContext(c), promotionId, codeId);
    return c.body(null, 204);
  });
