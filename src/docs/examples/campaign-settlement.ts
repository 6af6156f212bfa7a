import type { z } from '@hono/zod-openapi';
import type { CampaignSettlementSchema, CancelCampaignBody } from '../../schemas/campaign-settlement';

/** Whole-body examples of src/schemas/campaign-settlement.ts: Balsamoa calls off a hoodie group buy. */

const cancelledCampaign = '01a26a10-4c2e-7b31-9d84-3f0e6a2c5b17';

export const cancelCampaign = {
  reason: 'El proveedor no puede entregar el lote a tiempo.',
} satisfies z.input<typeof CancelCampaignBody>;

export const campaignSettlement = {
  campaignId: cancelledCampaign,
  status: 'cancelled',
  reason: cancelCampaign.reason,
  settledAt: '2026-12-12T10:15:42.318Z',
  orders: { cancelled: 7, flaggedForRefund: 2, alreadyShipped: 0 },
} satisfies z.output<typeof CampaignSettlementSchema>;
