import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../env';
import { publicAccess } from '../http/security';
import { API_INFO } from '../lib/api-info';
import { ApiIndexSchema, HealthSchema } from '../schemas/platform';
import { examples, documenting } from '#examples';
import { checkDatabase } from '../services/health';
import { validationHook } from '../http/validation';
import { jsonContent } from '../schemas/common';

/** What `GET /` answers, always the same. */
const apiIndex = {
  name: API_INFO.title,
  version: API_INFO.version,
  links: { docs: '/docs', openapi: '/openapi.json', health: '/health' },
};

const index = createRoute({
  method: 'get',
  path: '/',
  operationId: documenting && 'getApiIndex',
  ...publicAccess,
  tags: ['Platform'],
  responses: documenting && {
    200: { description: 'Links to the reference', ...jsonContent(ApiIndexSchema, apiIndex) },
  },
});

const health = createRoute({
  method: 'get',
  path: '/health',
  operationId: documenting && 'getHealth',
  ...publicAccess,
  tags: ['Platform'],
  responses: documenting && {
    200: {
      description: 'Healthy',
      ...jsonContent(HealthSchema, examples.health),
    },
    503: { description: 'The database is unreachable', content: { 'application/json': { schema: HealthSchema } } },
  },
});

/** Routes for people and machines finding their way: the index, and health for operators and load balancers. */
export const platformRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(index, (c) => c.json(apiIndex, 200))
  .openapi(health, async (c) => {
    const database = await checkDatabase(c.var.db);
    c.header('Cache-Control', 'no-store');
    return database.reachable
      ? c.json({ status: 'ok' as const, database }, 200)
      : c.json({ status: 'degraded' as const, database }, 503);
  });
