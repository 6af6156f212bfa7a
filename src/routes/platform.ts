import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../env';
import { publicAccess } from '../http/security';
import { HealthSchema } from '../schemas/platform';
import { checkDatabase } from '../services/health';
import { validationHook } from '../http/validation';

const health = createRoute({
  method: 'get',
  path: '/health',
  operationId: 'getHealth',
  ...publicAccess,
  tags: ['Platform'],
  summary: 'Service health',
  description: 'Reports whether the API can reach its database. Never cached.',
  responses: {
    200: { description: 'Healthy', content: { 'application/json': { schema: HealthSchema } } },
    503: { description: 'The database is unreachable', content: { 'application/json': { schema: HealthSchema } } },
  },
});

/** Routes for operators and load balancers. */
export const platformRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(health, async (c) => {
  const database = await checkDatabase(c.var.db);
  c.header('Cache-Control', 'no-store');
  return database.reachable
    ? c.json({ status: 'ok' as const, database }, 200)
    : c.json({ status: 'degraded' as const, database }, 503);
});
