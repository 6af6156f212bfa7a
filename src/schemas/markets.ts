import { z } from '@hono/zod-openapi';
import { StoreParams } from './stores';

/** Schemas of a store's markets: as staff manage them, and as a storefront lists them. */

/** How many markets a store may have, active or not: the admin list answers them all, unpaged. */
export const MAX_MARKETS = 50;

/** The home market's code: the store's own currency and tax mode, never a row. */
export const HOME_MARKET = 'default';

const MarketCode = z
  .string()
  .max(32)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Lower-case words joined by hyphens, such as eu or north-america.')
  .openapi({ example: 'eu' });

export const MarketParams = StoreParams.extend({
  code: MarketCode.openapi({ param: { name: 'code', in: 'path' } }),
}).strict();

const Country = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'An ISO 3166-1 alpha-2 code, such as ES.')
  .transform((code) => code.toUpperCase())
  .openapi({ example: 'ES' });

const Countries = z
  .array(Country)
  .max(250)
  .refine((codes) => new Set(codes).size === codes.length, 'Each country once.')
  .openapi({
    description: 'ISO 3166-1 alpha-2 (upper-cased), each once; a country is in one market of a store at most.',
  });

const marketFields = {
  name: z.string().trim().min(1).max(100),
  countries: Countries,
  taxInclusive: z.boolean().openapi({ description: 'Prices include tax (EU-style); otherwise tax is added on top.' }),
  active: z.boolean().openapi({ description: 'Sold in; an inactive market keeps its countries.' }),
  position: z.number().int().min(0).max(10_000).openapi({ description: 'Order, lowest first.' }),
};

export const CreateMarketBody = z
  .object({
    code: MarketCode.refine((code) => code !== HOME_MARKET, 'default is the home market’s code.'),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'An ISO 4217 code in capitals, such as EUR.')
      .openapi({ description: 'Never changes: carts and orders are priced in it.', example: 'EUR' }),
    ...marketFields,
    countries: marketFields.countries.optional(),
    taxInclusive: marketFields.taxInclusive.optional(),
    active: marketFields.active.optional(),
    position: marketFields.position.optional(),
  })
  .strict()
  .openapi('NewMarket');

export const UpdateMarketBody = z
  .object(marketFields)
  .partial()
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'Name at least one field to change.')
  .openapi('MarketChange');

const marketShape = {
  code: z.string(),
  name: z.string(),
  currency: z.string(),
  countries: z.array(z.string()),
  taxInclusive: z.boolean(),
};

export const MarketSchema = z
  .object({
    id: z.uuid(),
    ...marketShape,
    active: z.boolean(),
    position: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Market');

export const MarketListSchema = z
  .object({ data: z.array(MarketSchema) })
  .openapi('MarketList', { description: `Every market of the store (at most ${MAX_MARKETS}), unpaged.` });

export const StorefrontMarketSchema = z.object(marketShape).openapi('StorefrontMarket');

export const StorefrontMarketsSchema = z
  .object({
    data: z.array(StorefrontMarketSchema),
    current: z.string().openapi({ description: 'The code of the market this request sells in.' }),
    country: z.string().nullable().openapi({ description: 'The shopper’s country, as the edge saw it.' }),
  })
  .openapi('StorefrontMarkets');
