import type { z } from '@hono/zod-openapi';
import type { CampaignSettlementSchema, CancelCampaignBody } from '../../schemas/campaign-settlement';
import { campaignStory } from './story';

/** Whole-body examples of src/schemas/campaign-settlement.ts: Balsamoa calls off its hoodie group buy. */

export const cancelCampaign = {
  reason: 'El proveedor no puede entregar el lote a tiempo.',
} satisfies z.input<typeof CancelCampaignBody>;

export const campaignSettlement = {
  campaignId: campaignStory.id,
  status: 'cancelled',
  reason: cancelCampaign.reason,
  settledAt: '2026-12-16T09:40:11.902Z',
  orders: { cancelled: 7, flaggedForRefund: 2, alreadyShipped: 0 },
} satisfies z.output<typeof CampaignSettlementSchema>;
