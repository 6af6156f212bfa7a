import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AdminEnv } from '../../env';
import { purgeCampaigns } from '../../http/catalog-cache';
import { jsonText } from '../../http/json-text';
import { auditContext, requires } from '../../http/tenancy';
import { validationHook } from '../../http/validation';
import { examples, documenting } from '#examples';
import { CampaignSettlementSchema, CancelCampaignBody } from '../../schemas/campaign-settlement';
import { CampaignParams } from '../../schemas/campaigns';
import { adminProblems, jsonContent, problemResponses } from '../../schemas/common';
import { cancelCampaign } from '../../services/campaigns/cancel-campaign';
import { stripeSettings } from '../../services/payments/stripe-api';

const cancelRoute = createRoute({
  method: 'post',
  path: '/v1/admin/stores/{store}/campaigns/{campaignId}/cancel',
  operationId: documenting && 'adminCancelCampaign',
  tags: ['Campaigns'],
  ...requires('campaigns:write'),
  request: {
    params: CampaignParams,
    body: { required: false, ...jsonContent(CancelCampaignBody, documenting && examples.cancelCampaign) },
  },
  responses: documenting && {
    200: {
      description: 'The campaign, cancelled, and what became of its orders',
      ...jsonContent(CampaignSettlementSchema, examples.campaignSettlement),
    },
    ...adminProblems,
    ...problemResponses({ 409: '`invalid_transition`: the campaign was already settled as successful or failed' }),
  },
});

/** Staff calling off a group-buying campaign. */
export const campaignCancelRoutes = new OpenAPIHono<AdminEnv>({ defaultHook: validationHook }).openapi(
  cancelRoute,
  async (c) => {
    const settlement = await cancelCampaign(
      c.var.db,
      stripeSettings(c.env),
      auditContext(c),
      c.req.valid('param').campaignId,
      c.req.valid('json') ?? {},
    );
    // The campaign leaves the storefront's list.
    await purgeCampaigns(c);
    return jsonText(c, settlement);
  },
);
