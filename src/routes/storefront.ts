import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../env';
import { publicAccess } from '../http/security';
import { validationHook } from '../http/validation';
import { jsonContent, ProblemSchema } from '../schemas/common';
import { PublicStoreSchema, StoreParams } from '../schemas/stores';
import { examples, documenting } from '#examples';
import { getPublicStore } from '../services/stores';

const getStore = createRoute({
  method: 'get',
  path: '/v1/stores/{store}',
  operationId: documenting && 'getStore',
  ...publicAccess,
  tags: ['Storefront'],
  request: { params: StoreParams },
  responses: documenting && {
    200: { description: 'The store', ...jsonContent(PublicStoreSchema, examples.publicStore) },
    404: {
      description: 'No active store has this slug',
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
    422: {
      description: 'The slug is longer than any store’s can be',
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
  },
});

/** Public routes a storefront calls, per store by slug. */
export const storefrontRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
  getStore,
  async (c) => {
    const store = await getPublicStore(c.var.db, c.req.valid('param').store);
    return c.json(store, 200);
  },
);
