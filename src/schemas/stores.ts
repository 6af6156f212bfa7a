import { z } from '@hono/zod-openapi';
import { IMAGES, ids } from './example-story';

/**
 * The `{store}` path segment: a store's slug. Longer than any slug can be is
 * a 422; any other value that names no active store, a 404.
 */
export const StoreParams = z
  .object({
    store: z
      .string()
      .min(1)
      .max(63)
      .openapi({ param: { name: 'store', in: 'path' }, example: 'balsamoa' }),
  })
  .strict();

export const PublicStoreSchema = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    name: z.string(),
    currency: z
      .string()
      .length(3)
      .openapi({ description: 'ISO 4217; every amount of this store is in its minor units.', example: 'ARS' }),
    taxRateBps: z.number().int().openapi({ description: 'Tax added at checkout, in basis points (2100 = 21 %).' }),
    timezone: z.string(),
    logoUrl: z.string().nullable(),
    contactEmail: z.string().nullable(),
    contactPhone: z.string().nullable(),
    channels: z
      .record(z.string(), z.string())
      .openapi({ description: 'Handles such as whatsapp, instagram, telegram.' }),
  })
  .openapi('PublicStore');

/** What `POST /v1/stores` takes. The slug is permanent: access tokens name stores by it. */
export const CreateStoreBody = z
  .object({
    slug: z
      .string()
      .min(2)
      .max(63)
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Lower-case letters, digits and single hyphens between them.')
      .openapi({ example: 'mi-tienda' }),
    name: z.string().trim().min(1).max(200),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'An ISO 4217 code in capitals, such as USD.')
      .openapi({ example: 'USD' }),
    taxRateBps: z.number().int().min(0).max(10_000).optional(),
    timezone: z.string().min(1).max(64).optional().openapi({ example: 'America/Argentina/Buenos_Aires' }),
    contactEmail: z.email().max(254).optional(),
  })
  .strict()
  .openapi('CreateStoreBody');

export const AdminStoreSchema = PublicStoreSchema.extend({
  status: z.enum(['active', 'suspended', 'archived']),
  createdAt: z.string().openapi({ format: 'date-time' }),
}).openapi('AdminStore');

// Whole-body examples for the document (the story is in example-story.ts).

export const publicStoreExample = {
  id: ids.store,
  slug: 'balsamoa',
  name: 'Balsamoa',
  currency: 'ARS',
  taxRateBps: 0,
  timezone: 'America/Argentina/Buenos_Aires',
  logoUrl: `${IMAGES}/logo.png`,
  contactEmail: 'hola@balsamoa.test',
  contactPhone: '+54 11 5555-0100',
  channels: { instagram: 'balsamoa.ar', whatsapp: '+5491155550100' },
} satisfies z.output<typeof PublicStoreSchema>;

export const createStoreExample = {
  slug: 'balsamoa',
  name: 'Balsamoa',
  currency: 'ARS',
  taxRateBps: 0,
  timezone: 'America/Argentina/Buenos_Aires',
  contactEmail: 'hola@balsamoa.test',
} satisfies z.input<typeof CreateStoreBody>;
