import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../env';
import { serveCatalogRead } from '../http/catalog-cache';
import { marketChoice } from '../http/market';
import { publicAccess } from '../http/security';
import { validationHook } from '../http/validation';
import { jsonContent, problemResponses } from '../schemas/common';
import { MarketQuery } from '../schemas/market-query';
import { StorefrontMarketsSchema } from '../schemas/markets';
import { StoreParams } from '../schemas/stores';
import { documenting, examples } from '#examples';
import { getStorefrontMarkets } from '../services/markets/storefront-markets';

const listMarketsRoute = createRoute({
  method: 'get',
  path: '/v1/stores/{store}/markets',
  operationId: documenting && 'listMarkets',
  ...publicAccess,
  tags: ['Storefront catalog'],
  request: { params: StoreParams, query: MarketQuery.strict() },
  responses: documenting && {
    200: {
      description: 'The markets',
      ...jsonContent(StorefrontMarketsSchema, documenting && examples.storefrontMarkets),
    },
    304: { description: 'Not modified: the `If-None-Match` tag is current' },
    ...problemResponses({
      404: 'No active store has this slug',
      422: 'A market or currency the store does not sell in',
    }),
  },
});

/** The markets a storefront offers its shoppers, and the one a request sells in; cached like the catalog. */
export const storefrontMarketRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
  listMarketsRoute,
  (c) => {
    const { store } = c.req.valid('param');
    const query = c.req.valid('query');
    return serveCatalogRead(c, store, () => getStorefrontMarkets(c.var.db, store, marketChoice(c, query)), query);
  },
);
