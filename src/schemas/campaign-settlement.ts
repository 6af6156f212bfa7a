import { z } from '@hono/zod-openapi';
import { StoreParams } from './stores';

export const CampaignParams = StoreParams.extend({
  campaignId: z.uuid().openapi({ param: { name: 'campaignId', in: 'path' } }),
}).strict();

export const CancelCampaignBody = z
  .object({
    reason: z.string().trim().min(1).max(500).optional().openapi({
      description: 'Why, kept on the campaign and in its `group-commerce.campaign.cancelled` event.',
    }),
  })
  .strict();

/** How a campaign was settled, and what became of its orders. */
export const CampaignSettlementSchema = z
  .object({
    campaignId: z.uuid(),
    status: z.enum(['successful', 'failed', 'cancelled']),
    reason: z.string().nullable().openapi({ description: 'The reason staff gave when cancelling, if any.' }),
    settledAt: z.string(),
    orders: z.object({
      cancelled: z.number().int().openapi({ description: 'Orders of the campaign it cancelled.' }),
      flaggedForRefund: z.number().int().openapi({
        description: 'Payments of those orders that staff had confirmed: flagged `needsRefund`, for staff to refund.',
      }),
      alreadyShipped: z.number().int().openapi({
        description: 'Orders already shipped or delivered: left as they are, for staff to settle with the buyer.',
      }),
    }),
  })
  .openapi('CampaignSettlement');
