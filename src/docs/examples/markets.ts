import type { z } from '@hono/zod-openapi';
import type {
  CreateMarketBody,
  MarketListSchema,
  MarketSchema,
  StorefrontMarketsSchema,
  UpdateMarketBody,
} from '../../schemas/markets';

/**
 * Whole-body examples of src/schemas/markets.ts: the owner opens a market
 * for Europe, in euros with tax included, and later stops selling to Italy.
 */

const europe = {
  id: '01a27a10-3c52-7d04-8b1e-5f2a9c7d3e61',
  created: '2026-12-16T10:12:08.407125+00:00',
  changed: '2026-12-16T10:30:44.918302+00:00',
};

export const newMarket = {
  code: 'europa',
  name: 'Europa',
  currency: 'EUR',
  countries: ['ES', 'FR', 'IT', 'PT'],
  taxInclusive: true,
} satisfies z.input<typeof CreateMarketBody>;

export const createdMarket = {
  ...newMarket,
  id: europe.id,
  active: true,
  position: 0,
  createdAt: europe.created,
  updatedAt: europe.created,
} satisfies z.output<typeof MarketSchema>;

export const marketChange = { countries: ['ES', 'FR', 'PT'] } satisfies z.input<typeof UpdateMarketBody>;

export const changedMarket = { ...createdMarket, ...marketChange, updatedAt: europe.changed } satisfies z.output<
  typeof MarketSchema
>;

export const marketList = { data: [changedMarket] } satisfies z.output<typeof MarketListSchema>;

/** What a shopper in Madrid's storefront reads. */
export const storefrontMarkets = {
  data: [
    { code: 'default', name: 'Balsamoa', currency: 'ARS', countries: [], taxInclusive: false },
    {
      code: changedMarket.code,
      name: changedMarket.name,
      currency: changedMarket.currency,
      countries: changedMarket.countries,
      taxInclusive: changedMarket.taxInclusive,
    },
  ],
  current: 'europa',
  country: 'ES',
} satisfies z.output<typeof StorefrontMarketsSchema>;
