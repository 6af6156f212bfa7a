import type { z } from '@hono/zod-openapi';
import type {
  CreatePromotionBody,
  CreatePromotionCodeBody,
  GeneratePromotionCodesBody,
  PromotionCodeBatchSchema,
  PromotionCodePageSchema,
  PromotionCodeSchema,
  PromotionPageSchema,
  PromotionSchema,
  PromotionUsageSchema,
  UpdatePromotionBody,
} from '../../schemas/promotions';
import { ids } from './story';

/**
 * Whole-body examples of src/schemas/promotions.ts: Balsamoa's summer sale,
 * 15 % off hoodies with the code VERANO15 over 50,000 ARS, and the single-use
 * codes it mails to its newsletter.
 */

const story = {
  promotion: '01a26f10-3c2e-7a41-9b8e-5d1f7c2a4e60',
  code: '01a26f10-3c2e-7a42-8c1d-2e9b5f7a3d18',
  newCode: '01a26f12-0a4b-7c13-a2f6-7d3e1b9c5a42',
  bulkCodes: ['01a26f14-77d0-7e21-b4a8-1c6f2d9e3b57', '01a26f14-77d0-7e22-9f3c-8a2b5d1e4c60'],
  created: '2026-12-15T10:02:44.318207+00:00',
  changed: '2026-12-20T09:40:12.604118+00:00',
  codeAdded: '2026-12-15T10:20:05.511092+00:00',
  generated: '2026-12-16T08:00:31.027455+00:00',
  startsAt: '2026-12-21T03:00:00+00:00',
  endsAt: '2027-03-21T03:00:00+00:00',
};

export const newPromotion = {
  name: 'Verano: 15 % en buzos',
  description: 'Para compras desde $50.000 en la categoría Hoodies',
  method: 'code',
  type: 'percentage',
  percentage: 15,
  minSubtotals: { ARS: 5_000_000 },
  categoryIds: [ids.categoryHoodie],
  startsAt: '2026-12-21T00:00:00-03:00',
  endsAt: '2027-03-21T00:00:00-03:00',
  usageLimit: 500,
  usageLimitPerCustomer: 1,
  code: 'verano15',
} satisfies z.input<typeof CreatePromotionBody>;

export const promotion = {
  id: story.promotion,
  name: newPromotion.name,
  description: newPromotion.description,
  method: 'code',
  type: 'percentage',
  percentage: 15,
  amounts: {},
  minSubtotals: newPromotion.minSubtotals,
  productIds: [],
  categoryIds: newPromotion.categoryIds,
  firstOrderOnly: false,
  customerSegments: [],
  markets: [],
  startsAt: story.startsAt,
  endsAt: story.endsAt,
  usageLimit: 500,
  usageLimitPerCustomer: 1,
  active: true,
  timesUsed: 0,
  status: 'scheduled',
  codeCount: 1,
  createdAt: story.created,
  updatedAt: story.created,
} satisfies z.output<typeof PromotionSchema>;

/** The owner lifts the limit and opens the sale to the second market too. */
export const promotionChange = { usageLimit: 1000, markets: ['default', 'uruguay'] } satisfies z.input<
  typeof UpdatePromotionBody
>;

export const changedPromotion = {
  ...promotion,
  ...promotionChange,
  codeCount: 3,
  updatedAt: story.changed,
} satisfies z.output<typeof PromotionSchema>;

export const promotionPage = { data: [changedPromotion], nextCursor: null } satisfies z.output<
  typeof PromotionPageSchema
>;

export const newPromotionCode = { code: 'verano15-ig', usageLimit: 100 } satisfies z.input<
  typeof CreatePromotionCodeBody
>;

export const promotionCode = {
  id: story.newCode,
  promotionId: story.promotion,
  code: 'VERANO15-IG',
  usageLimit: 100,
  timesUsed: 0,
  createdAt: story.codeAdded,
} satisfies z.output<typeof PromotionCodeSchema>;

export const promotionCodeBatchRequest = { count: 2, prefix: 'NEWS-', length: 10 } satisfies z.input<
  typeof GeneratePromotionCodesBody
>;

export const promotionCodeBatch = {
  data: [
    { ...promotionCode, id: story.bulkCodes[1]!, code: 'NEWS-7KQ4XZ9MHT', usageLimit: 1, createdAt: story.generated },
    { ...promotionCode, id: story.bulkCodes[0]!, code: 'NEWS-C3PW8RJ2NA', usageLimit: 1, createdAt: story.generated },
  ],
} satisfies z.output<typeof PromotionCodeBatchSchema>;

export const promotionCodePage = {
  data: [
    ...promotionCodeBatch.data,
    promotionCode,
    { ...promotionCode, id: story.code, code: 'VERANO15', usageLimit: null, timesUsed: 2, createdAt: story.created },
  ],
  nextCursor: null,
} satisfies z.output<typeof PromotionCodePageSchema>;

export const promotionUsage = {
  promotionId: story.promotion,
  timesUsed: 3,
  usageLimit: 1000,
  orders: 3,
  currencies: [
    { currency: 'ARS', orders: 2, discount: 2_139_000, shippingWaived: 0 },
    { currency: 'UYU', orders: 1, discount: 41_250, shippingWaived: 0 },
  ],
  codes: { total: 4, used: 2 },
  firstRedemptionAt: '2026-12-21T11:14:05.220318+00:00',
  lastRedemptionAt: '2026-12-22T19:40:51.906114+00:00',
  days: [
    { date: '2026-12-21', orders: 2, discount: { ARS: 1_069_500, UYU: 41_250 } },
    { date: '2026-12-22', orders: 1, discount: { ARS: 1_069_500 } as Record<string, number> },
  ],
} satisfies z.output<typeof PromotionUsageSchema>;
