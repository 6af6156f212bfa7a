import { z } from '@hono/zod-openapi';

export const HealthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    database: z.object({
      reachable: z.boolean(),
      latencyMs: z.number(),
    }),
  })
  .openapi('Health');

/** `GET /`: what this API is and where to read about it, as paths on the same origin. */
export const ApiIndexSchema = z
  .object({
    name: z.string().openapi({ example: 'Edge Commerce API' }),
    version: z.string().openapi({ example: '0.1.0' }),
    links: z.object({
      docs: z.string().openapi({ example: '/docs' }),
      openapi: z.string().openapi({ example: '/openapi.json' }),
      health: z.string().openapi({ example: '/health' }),
    }),
  })
  .openapi('ApiIndex');
