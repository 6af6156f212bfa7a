import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AdminEnv } from '../../env';
import { purgeStoreCatalog } from '../../http/catalog-cache';
import { jsonText } from '../../http/json-text';
import { auditContext, requires } from '../../http/tenancy';
import { validationHook } from '../../http/validation';
import { adminProblems, jsonContent, problemResponses } from '../../schemas/common';
import { CreateMarketBody, MarketListSchema, MarketParams, MAX_MARKETS, UpdateMarketBody } from '../../schemas/markets';
import { StoreParams } from '../../schemas/stores';
import { documenting, examples } from '#examples';
import {
  adminMarketView,
  createMarket,
  getMarket,
  listMarkets,
  updateMarket,
} from '../../services/markets/admin-markets';

const tags = documenting && ['Markets'];
const base = '/v1/admin/stores/{store}/markets';

const listRoute = createRoute({
  method: 'get',
  path: base,
  operationId: documenting && 'adminListMarkets',
  tags,
  description:
    documenting &&
    `Every market, active or not, by position then code; unpaged, as a store has at most ${MAX_MARKETS}. The home market, \`default\`, is the store’s own currency and tax mode, not listed. One round trip.`,
  ...requires('store:read'),
  request: { params: StoreParams },
  responses: documenting && {
    200: { description: 'The markets', ...jsonContent(MarketListSchema, documenting && examples.marketList) },
    ...adminProblems,
  },
});

const createMarketRoute = createRoute({
  method: 'post',
  path: base,
  operationId: documenting && 'adminCreateMarket',
  tags,
  ...requires('store:write'),
  request: {
    params: StoreParams,
    body: { required: true, ...jsonContent(CreateMarketBody, documenting && examples.newMarket) },
  },
  responses: documenting && {
    201: { description: 'The market', ...jsonContent(adminMarketView.schema, documenting && examples.createdMarket) },
    ...adminProblems,
    ...problemResponses({
      409: `The code is taken, a country is in another market, or the store has ${MAX_MARKETS} markets`,
    }),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: `${base}/{code}`,
  operationId: documenting && 'adminGetMarket',
  tags,
  description: documenting && 'The market with this code, active or not. One round trip.',
  ...requires('store:read'),
  request: { params: MarketParams },
  responses: documenting && {
    200: { description: 'The market', ...jsonContent(adminMarketView.schema, documenting && examples.createdMarket) },
    ...adminProblems,
  },
});

const updateRoute = createRoute({
  method: 'patch',
  path: `${base}/{code}`,
  operationId: documenting && 'adminUpdateMarket',
  tags,
  ...requires('store:write'),
  request: {
    params: MarketParams,
    body: { required: true, ...jsonContent(UpdateMarketBody, documenting && examples.marketChange) },
  },
  responses: documenting && {
    200: { description: 'The market', ...jsonContent(adminMarketView.schema, documenting && examples.changedMarket) },
    ...adminProblems,
    ...problemResponses({ 409: 'A country is in another market' }),
  },
});

/** Where the store sells, in which currency and tax mode; every change purges the store's cached catalog. */
export const marketRoutes = new OpenAPIHono<AdminEnv>({ defaultHook: validationHook })
  .openapi(listRoute, async (c) => jsonText(c, await listMarkets(c.var.db, c.var.store.id)))
  .openapi(createMarketRoute, async (c) => {
    const market = await createMarket(c.var.db, auditContext(c), c.req.valid('json'));
    await purgeStoreCatalog(c);
    return jsonText(c, market, 201);
  })
  .openapi(getRoute, async (c) => jsonText(c, await getMarket(c.var.db, c.var.store.id, c.req.valid('param').code)))
  .openapi(updateRoute, async (c) => {
    const market = await updateMarket(c.var.db, auditContext(c), c.req.valid('param').code, c.req.valid('json'));
    await purgeStoreCatalog(c);
    return jsonText(c, market);
  });
