import { z } from '@hono/zod-openapi';

export const HealthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    database: z.object({
      reachable: z.boolean(),
      latencyMs: z.number().openapi({ description: 'Round-trip time of one query to the database, in milliseconds.' }),
    }),
  })
  .openapi('Health');
