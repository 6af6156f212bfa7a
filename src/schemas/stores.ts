import { z } from '@hono/zod-openapi';

/**
 * The `{store}` path segment: a store's slug. Longer than any slug can be is
 * a 422; any other value that names no active store, a 404.
 */
export const StoreParams = z
  .object({ store: z.string().min(1).max(63).openapi({ param: { name: 'store', in: 'path' }, example: 'balsamoa' }) })
  .strict();

export const PublicStoreSchema = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    name: z.string(),
    currency: z.string().length(3).openapi({ description: 'ISO 4217; every amount of this store is in its minor units.', example: 'ARS' }),
    taxRateBps: z.number().int().openapi({ description: 'Tax added at checkout, in basis points (2100 = 21 %).' }),
    timezone: z.string(),
    logoUrl: z.string().nullable(),
    contactEmail: z.string().nullable(),
    contactPhone: z.string().nullable(),
    channels: z.record(z.string(), z.string()).openapi({ description: 'Handles such as whatsapp, instagram, telegram.' }),
  })
  .openapi('PublicStore');
