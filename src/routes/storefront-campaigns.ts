import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../env';
import { serveCatalogRead } from '../http/catalog-cache';
import { publicAccess } from '../http/security';
import { validationHook } from '../http/validation';
import {
  CampaignParams,
  StorefrontCampaignListQuery,
  StorefrontCampaignListSchema,
  StorefrontCampaignSchema,
} from '../schemas/campaigns';
import { jsonContent, problemResponses } from '../schemas/common';
import { examples, documenting } from '#examples';
import { StoreParams } from '../schemas/stores';
import { getStorefrontCampaign, listStorefrontCampaigns } from '../services/campaigns/storefront-campaigns';

const tags = documenting && ['Storefront campaigns'];
const cachedRead = documenting && { 304: { description: 'Not modified: the `If-None-Match` tag is current' } };
const problems =
  documenting &&
  problemResponses({
    404: 'No active store has this slug, or it has no such campaign',
    422: 'A filter is invalid',
  });

const listRoute = createRoute({
  method: 'get',
  path: '/v1/stores/{store}/campaigns',
  operationId: documenting && 'listCampaigns',
  ...publicAccess,
  tags,
  request: { params: StoreParams, query: StorefrontCampaignListQuery },
  responses: documenting && {
    200: {
      description: 'The campaigns',
      ...jsonContent(StorefrontCampaignListSchema, examples.storefrontCampaignList),
    },
    ...cachedRead,
    ...problems,
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/v1/stores/{store}/campaigns/{campaignId}',
  operationId: documenting && 'getCampaign',
  ...publicAccess,
  tags,
  request: { params: CampaignParams },
  responses: documenting && {
    200: { description: 'The campaign', ...jsonContent(StorefrontCampaignSchema, examples.storefrontCampaign) },
    ...cachedRead,
    ...problems,
  },
});

/** A store's group-buying campaigns as shoppers browse them, cached briefly at the edge. */
export const storefrontCampaignRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(listRoute, (c) => {
    const { store } = c.req.valid('param');
    return serveCatalogRead(c, store, () => listStorefrontCampaigns(c.var.db, store, c.req.valid('query')));
  })
  .openapi(getRoute, (c) => {
    const { store, campaignId } = c.req.valid('param');
    return serveCatalogRead(c, store, () => getStorefrontCampaign(c.var.db, store, campaignId));
  });
