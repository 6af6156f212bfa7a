import { z } from '@hono/zod-openapi';
import { Instant } from './common';
import { PageQuery } from './pagination';
import { StoreParams } from './stores';

/** Schemas of group-buying campaigns: staff's requests and views, and the storefront's. */

/** How many campaigns not yet settled a store may run or schedule at once. */
export const MAX_OPEN_CAMPAIGNS = 100;
/** A campaign's most participants, units per participant, and longest run (Stripe holds a card authorisation 7 days). */
export const CAMPAIGN_LIMITS = { participants: 10_000, units: 100, days: 7 } as const;

/** The public state of a campaign, derived from its stored status and the clock (campaign-view.ts). */
export const CAMPAIGN_STATES = ['scheduled', 'open', 'ending', 'successful', 'failed', 'cancelled'] as const;
const State = z.enum(CAMPAIGN_STATES);

/** A campaign id in a path: a malformed one is a 422, as every id of a path is. */
export const CampaignParams = StoreParams.extend({
  campaignId: z.uuid().openapi({ param: { name: 'campaignId', in: 'path' } }),
}).strict();

const Participants = z.number().int().min(1).max(CAMPAIGN_LIMITS.participants);

const campaignFields = {
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().min(1).max(2000).nullable(),
  price: z.number().int().min(0).max(100_000_000_000),
  minParticipants: Participants,
  maxParticipants: Participants.openapi({
    description: `At most ${CAMPAIGN_LIMITS.participants}, no fewer than \`minParticipants\`; reaching it settles the campaign at once.`,
  }),
  unitsPerParticipant: z.number().int().min(1).max(CAMPAIGN_LIMITS.units),
  startsAt: Instant,
  endsAt: Instant.openapi({
    description: `After \`startsAt\` and now, at most ${CAMPAIGN_LIMITS.days} days after \`startsAt\`.`,
  }),
};

export const CreateCampaignBody = z
  .object({
    variantId: z.uuid(),
    ...campaignFields,
    description: campaignFields.description.optional(),
    unitsPerParticipant: campaignFields.unitsPerParticipant.optional(),
    startsAt: campaignFields.startsAt.optional(),
  })
  .strict()
  .openapi('NewCampaign');

export const UpdateCampaignBody = z
  .object(campaignFields)
  .partial()
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'Name at least one field to change.')
  .openapi('CampaignChange');

export const CampaignListQuery = PageQuery.extend({ state: State.optional() }).strict();

export const StorefrontCampaignListQuery = z
  .object({
    variantId: z.uuid().optional(),
    productId: z.uuid().optional(),
  })
  .strict();

const CampaignVariant = z.object({
  id: z.uuid(),
  sku: z.string(),
  label: z.string(),
  productId: z.uuid(),
  productName: z.string(),
  productSlug: z.string(),
});

const shared = {
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  state: State,
  variant: CampaignVariant,
  price: z.number().int(),
  originalPrice: z.number().int(),
  currency: z.string(),
  unitsPerParticipant: z.number().int(),
  minParticipants: z.number().int(),
  maxParticipants: z.number().int(),
  participants: z.number().int(),
  placesLeft: z.number().int(),
  startsAt: z.string(),
  endsAt: z.string(),
  settledAt: z.string().nullable(),
  createdAt: z.string(),
};

export const CampaignSchema = z
  .object({
    ...shared,
    cancelReason: z.string().nullable(),
    updatedAt: z.string(),
  })
  .openapi('Campaign');

export const StorefrontCampaignSchema = z
  .object({
    ...shared,
    imageUrl: z.string().nullable(),
    secondsLeft: z.number().int(),
  })
  .openapi('StorefrontCampaign');

export const StorefrontCampaignListSchema = z
  .object({ data: z.array(StorefrontCampaignSchema) })
  .openapi('StorefrontCampaignList');

export const CampaignParticipantSchema = z
  .object({
    customerId: z.uuid().nullable(),
    email: z.string(),
    quantity: z.number().int(),
    joinedAt: z.string(),
    order: z.object({ id: z.uuid(), number: z.string(), status: z.string() }).nullable(),
    payment: z
      .object({
        method: z.string(),
        status: z.string(),
        authorized: z.boolean(),
      })
      .nullable(),
  })
  .openapi('CampaignParticipant');
