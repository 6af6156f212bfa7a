import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AdminEnv } from '../../env';
import { purgeCampaigns } from '../../http/catalog-cache';
import { jsonText } from '../../http/json-text';
import { pageRequest } from '../../http/pagination';
import { auditContext, requires } from '../../http/tenancy';
import { validationHook } from '../../http/validation';
import {
  CampaignListQuery,
  CampaignParams,
  CampaignParticipantSchema,
  CampaignSchema,
  CreateCampaignBody,
  UpdateCampaignBody,
} from '../../schemas/campaigns';
import { adminProblems, jsonContent, problemResponses } from '../../schemas/common';
import { examples, documenting } from '#examples';
import { PageQuery, pageSchema } from '../../schemas/pagination';
import { StoreParams } from '../../schemas/stores';
import {
  createCampaign,
  getCampaign,
  listCampaigns,
  listParticipants,
  updateCampaign,
} from '../../services/campaigns/admin-campaigns';

const tags = documenting && ['Campaigns'];
const base = '/v1/admin/stores/{store}/campaigns';
const answersCampaign = documenting && {
  description: documenting && 'The campaign',
  ...jsonContent(CampaignSchema, examples.campaign),
};

const listRoute = createRoute({
  method: 'get',
  path: base,
  operationId: documenting && 'adminListCampaigns',
  tags,
  ...requires('campaigns:read'),
  request: { params: StoreParams, query: CampaignListQuery },
  responses: documenting && {
    200: {
      description: 'A page of campaigns',
      ...jsonContent(pageSchema(CampaignSchema, 'CampaignPage'), examples.campaignPage),
    },
    ...adminProblems,
  },
});

const createCampaignRoute = createRoute({
  method: 'post',
  path: base,
  operationId: documenting && 'adminCreateCampaign',
  tags,
  ...requires('campaigns:write'),
  request: {
    params: StoreParams,
    body: { required: true, ...jsonContent(CreateCampaignBody, documenting && examples.newCampaign) },
  },
  responses: documenting && {
    201: answersCampaign,
    ...adminProblems,
    ...problemResponses({ 409: 'The store has 100 campaigns not yet settled' }),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: `${base}/{campaignId}`,
  operationId: documenting && 'adminGetCampaign',
  tags,
  ...requires('campaigns:read'),
  request: { params: CampaignParams },
  responses: documenting && { 200: answersCampaign, ...adminProblems },
});

const updateRoute = createRoute({
  method: 'patch',
  path: `${base}/{campaignId}`,
  operationId: documenting && 'adminUpdateCampaign',
  tags,
  ...requires('campaigns:write'),
  request: {
    params: CampaignParams,
    body: { required: true, ...jsonContent(UpdateCampaignBody, documenting && examples.campaignChange) },
  },
  responses: documenting && {
    200: { description: 'The campaign', ...jsonContent(CampaignSchema, examples.changedCampaign) },
    ...adminProblems,
    ...problemResponses({ 409: 'The campaign is no longer scheduled' }),
  },
});

const participantsRoute = createRoute({
  method: 'get',
  path: `${base}/{campaignId}/participants`,
  operationId: documenting && 'adminListCampaignParticipants',
  tags,
  ...requires('campaigns:read'),
  request: { params: CampaignParams, query: PageQuery },
  responses: documenting && {
    200: {
      description: 'A page of participants',
      ...jsonContent(
        pageSchema(CampaignParticipantSchema, 'CampaignParticipantPage'),
        examples.campaignParticipantPage,
      ),
    },
    ...adminProblems,
  },
});

/** The store's group-buying campaigns, as staff run them; writes purge the storefront's cached campaigns. */
export const campaignRoutes = new OpenAPIHono<AdminEnv>({ defaultHook: validationHook })
  .openapi(listRoute, async (c) => {
    const { limit, cursor, state } = c.req.valid('query');
    return jsonText(c, await listCampaigns(c.var.db, c.var.store.id, { state }, pageRequest({ limit, cursor })));
  })
  .openapi(createCampaignRoute, async (c) => {
    const campaign = await createCampaign(c.var.db, auditContext(c), c.req.valid('json'));
    await purgeCampaigns(c);
    return jsonText(c, campaign, 201);
  })
  .openapi(getRoute, async (c) =>
    jsonText(c, await getCampaign(c.var.db, c.var.store.id, c.req.valid('param').campaignId)),
  )
  .openapi(updateRoute, async (c) => {
    const { campaignId } = c.req.valid('param');
    const campaign = await updateCampaign(c.var.db, auditContext(c), campaignId, c.req.valid('json'));
    await purgeCampaigns(c);
    return jsonText(c, campaign);
  })
  .openapi(participantsRoute, async (c) => {
    const { campaignId } = c.req.valid('param');
    const page = pageRequest(c.req.valid('query'));
    return jsonText(c, await listParticipants(c.var.db, c.var.store.id, campaignId, page));
  });
