import type { z } from '@hono/zod-openapi';
import type { CampaignJoinBody } from '../../schemas/campaign-join';
import type { PlacedOrderSchema } from '../../schemas/checkout';
import { NamedExamples } from '../../schemas/common';
import { order, orderItems } from './checkout';
import { problemExample } from './common';
import { stripeAccount } from './payments';
import { BUYER_EMAIL, amounts, buyerAddress, campaignJoinStory as story, ids, tokens } from './story';

/** Whole-body examples of src/schemas/campaign-join.ts, for the OpenAPI document (the story is in story.ts). */

export const campaignJoins = new NamedExamples<z.input<typeof CampaignJoinBody>>({
  guestByCard: {
    summary: 'A guest joins, delivered to a new address, paying by card',
    value: {
      email: BUYER_EMAIL,
      shippingAddress: buyerAddress,
      shippingRateId: ids.rateStandard,
      paymentMethod: 'card',
    },
  },
  signedInByTransfer: {
    summary: 'A signed-in customer joins, delivered to a saved address, paying by bank transfer',
    value: {
      email: BUYER_EMAIL,
      shippingAddressId: ids.address,
      shippingRateId: ids.rateStandard,
      paymentMethod: 'bank_transfer',
      notes: 'Timbre 5B.',
    },
  },
});

const total = story.price + amounts.standardShipping;

/** Lucía's join: one hoodie at the campaign price, held until the campaign ends, her card to authorise. */
export const campaignJoinOrder = {
  ...order,
  id: story.order,
  number: story.orderNumber,
  items: [
    { ...orderItems.hoodie, id: story.orderItem, unitPrice: story.price, lineTotal: story.price, total: story.price },
  ],
  totals: { subtotal: story.price, discount: 0, shipping: amounts.standardShipping, tax: 0, taxIncluded: 0, total },
  payment: {
    id: story.payment,
    method: 'card',
    status: 'pending',
    amount: total,
    currency: 'ARS',
    reference: story.intentId,
    instructions: null,
    clientSecret: story.clientSecret,
    publishableKey: stripeAccount.publishableKey,
  },
  notes: null,
  reservationExpiresAt: story.ends,
  createdAt: story.joined,
  accessToken: tokens.order,
} satisfies z.output<typeof PlacedOrderSchema>;

export const campaignJoinConflicts = new NamedExamples({
  campaignFull: {
    summary: 'Every place was taken',
    value: problemExample('campaign_full', 'This campaign has no places left.'),
  },
  alreadyJoined: {
    summary: 'This customer or email is in already',
    value: problemExample('already_joined', 'You have already joined this campaign.'),
  },
  notActive: {
    summary: 'Not started yet, or over',
    value: problemExample('campaign_not_active', 'This campaign is not open: it has not started yet, or it is over.'),
  },
  insufficientStock: {
    summary: 'The variant has no stock left for another participant',
    value: problemExample('insufficient_stock', 'Not enough stock for some items; nothing was ordered.', [
      { path: 'campaignId', message: '0 available.', variantId: ids.hoodieNegroM, requested: 1, available: 0 },
    ]),
  },
});
