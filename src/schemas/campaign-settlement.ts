import { z } from '@hono/zod-openapi';

export const CancelCampaignBody = z.object({ reason: z.string().trim().min(1).max(500).optional() }).strict();

/** How a campaign was settled, and what became of its orders (the operation's description says what each count is). */
export const CampaignSettlementSchema = z
  .object({
    campaignId: z.uuid(),
    status: z.enum(['successful', 'failed', 'cancelled']),
    reason: z.string().nullable(),
    settledAt: z.string(),
    orders: z.object({
      cancelled: z.number().int(),
      flaggedForRefund: z.number().int(),
      alreadyShipped: z.number().int(),
    }),
  })
  .openapi('CampaignSettlement');
