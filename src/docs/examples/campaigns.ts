import type { z } from '@hono/zod-openapi';
import type {
  CampaignParticipantSchema,
  CampaignSchema,
  CreateCampaignBody,
  StorefrontCampaignListSchema,
  StorefrontCampaignSchema,
  UpdateCampaignBody,
} from '../../schemas/campaigns';
import { createProduct } from './admin-catalog';
import { amounts, BUYER_EMAIL, campaignStory, IMAGES, ids } from './story';

/** Whole-body examples of src/schemas/campaigns.ts, for the OpenAPI document (the story is in story.ts). */

/** The owner schedules the campaign, to start a day later than it will. */
export const newCampaign = {
  variantId: ids.hoodieNegroM,
  name: 'Hoodie Essential negro M: compra grupal',
  description: 'Si se suman 10 compradores en 5 días, el hoodie sale $44.000 en vez de $55.000.',
  price: campaignStory.price,
  minParticipants: 10,
  maxParticipants: 30,
  startsAt: '2026-12-16T12:00:00+00:00',
  endsAt: campaignStory.endsAt,
} satisfies z.input<typeof CreateCampaignBody>;

export const campaign = {
  id: campaignStory.id,
  name: newCampaign.name,
  description: newCampaign.description,
  state: 'scheduled',
  variant: {
    id: ids.hoodieNegroM,
    sku: 'BAL-HOE-NEG-M',
    label: 'M / Negro',
    productId: ids.hoodie,
    productName: createProduct.name,
    productSlug: createProduct.slug,
  },
  price: campaignStory.price,
  originalPrice: amounts.hoodie,
  currency: 'ARS',
  unitsPerParticipant: 1,
  minParticipants: 10,
  maxParticipants: 30,
  participants: 0,
  placesLeft: 30,
  startsAt: newCampaign.startsAt,
  endsAt: campaignStory.endsAt,
  settledAt: null,
  createdAt: campaignStory.created,
  cancelReason: null,
  updatedAt: campaignStory.created,
} satisfies z.output<typeof CampaignSchema>;

/** A day earlier: five days in all, still within the seven a campaign may run. */
export const campaignChange = { startsAt: campaignStory.startsAt } satisfies z.input<typeof UpdateCampaignBody>;

export const changedCampaign = {
  ...campaign,
  startsAt: campaignStory.startsAt,
  updatedAt: campaignStory.changed,
} satisfies z.output<typeof CampaignSchema>;

/** Once Lucía has joined: open, one participant. */
const openCampaign = { ...changedCampaign, state: 'open', participants: 1, placesLeft: 29 } as const;

export const campaignPage = { data: [openCampaign], nextCursor: null } satisfies {
  data: z.output<typeof CampaignSchema>[];
  nextCursor: string | null;
};

export const campaignParticipantPage = {
  data: [
    {
      customerId: ids.customer,
      email: BUYER_EMAIL,
      quantity: 1,
      joinedAt: campaignStory.joined,
      order: { id: campaignStory.joinOrder, number: campaignStory.joinOrderNumber, status: 'pending_payment' },
      payment: { method: 'card', status: 'pending', authorized: true },
    },
  ],
  nextCursor: null,
} satisfies { data: z.output<typeof CampaignParticipantSchema>[]; nextCursor: string | null };

const { cancelReason: _, updatedAt: __, ...shopperFields } = openCampaign;

/** As a shopper sees it a day before its end. */
export const storefrontCampaign = {
  ...shopperFields,
  imageUrl: `${IMAGES}/hoodie-oversize-essential-1.jpg`,
  secondsLeft: 86_400,
} satisfies z.output<typeof StorefrontCampaignSchema>;

export const storefrontCampaignList = { data: [storefrontCampaign] } satisfies z.output<
  typeof StorefrontCampaignListSchema
>;
