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
    .optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
});

export type MarketQueryValue = z.infer<typeof MarketQuery>;
