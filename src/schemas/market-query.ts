import { z } from '@hono/zod-openapi';

/**
 * The query parameters that pick the market a storefront read, a new cart
 * or a checkout sells in. Neither given: the shopper's country, from the
 * edge (`CF-IPCountry`), picks it.
 */
export const MarketQuery = z.object({
  market: z
    .string()
    .max(32)
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
    .optional()
    .openapi({ description: 'A market’s code; `default` is the store’s home market.' }),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional()
    .openapi({ description: 'ISO 4217: the market selling in it (the home market first).' }),
});

export type MarketQueryValue = z.infer<typeof MarketQuery>;
