import type { z } from '@hono/zod-openapi';
import type { HealthSchema } from '../../schemas/platform';

export const health = { status: 'ok', database: { reachable: true, latencyMs: 3 } } satisfies z.output<
  typeof HealthSchema
>;
