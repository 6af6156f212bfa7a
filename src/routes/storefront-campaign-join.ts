import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env';
import { afterResponse } from '../http/after-response';
import { captureCampaignHolds } from '../services/campaigns/captures';
import { privateJsonText } from '../http/json-text';
import { clientAddress, enforceRateLimit } from '../http/rate-limit';
import { guestOrCustomer } from '../http/security';
import { optionalShopper } from '../http/shopper';
import { validationHook } from '../http/validation';
import { examples, documenting } from '#examples';
import { CampaignJoinBody } from '../schemas/campaign-join';
import { CampaignParams } from '../schemas/campaigns';
import { CheckoutHeaders } from '../schemas/checkout';
import { jsonContent, malformedBody, problemResponses } from '../schemas/common';
import { joinCampaign } from '../services/campaigns/join';
import { placedOrderView } from '../services/checkout/checkout';
import { stripeSettings } from '../services/payments/stripe-api';

/** Counts every join attempt, valid or not, under the checkout limiter but apart from checkouts. */
const limitJoins: MiddlewareHandler<AppEnv> = async function limitJoins(c, next) {
  await enforceRateLimit(c.env.CHECKOUT_RATE_LIMITER, `campaign-join:${c.req.param('store')}`, clientAddress(c));
  await next();
};

const joinRoute = createRoute({
  method: 'post',
  path: '/v1/stores/{store}/campaigns/{campaignId}/join',
  operationId: documenting && 'joinCampaign',
  ...guestOrCustomer,
  tags: ['Storefront campaigns'],
  middleware: [limitJoins] as const,
  request: {
    params: CampaignParams,
    headers: CheckoutHeaders,
    body: { required: true, ...jsonContent(CampaignJoinBody, documenting && examples.campaignJoins) },
  },
  responses: documenting && {
    201: {
      description: 'The order the join placed (new, or the one this key placed before)',
      ...jsonContent(placedOrderView.schema, examples.campaignJoinOrder),
    },
    ...problemResponses({
      ...malformedBody,
      401: 'An invalid access token',
      403: '`customer_blocked`: the store has blocked the signed-in customer, or the customer of this email',
      404: 'No such store, or no campaign with that id in it',
      409: {
        description:
          '`campaign_full`, `already_joined` (this customer or email is in), `campaign_not_active` (not started, or over), or `insufficient_stock`',
        example: examples.campaignJoinConflicts,
      },
      422: {
        description:
          'A field is invalid (an address, a rate that does not ship there, a payment method the store does not take), or `idempotency_key_reuse`',
        example: examples.checkoutRefusals,
      },
      429: 'Too many joins from this address',
      502: '`payment_provider_error`: the card processor could not be reached; the order stands, and a retry with the same key completes it',
    }),
  },
});

/**
 * Joining a campaign. The join that fills it settles it; its card holds
 * are then captured after the response (the cron captures what this misses).
 */
export const storefrontCampaignJoinRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
  joinRoute,
  async (c) => {
    const { store, campaignId } = c.req.valid('param');
    const result = await joinCampaign(
      c.var.db,
      { secret: c.env.JWT_SECRET, card: stripeSettings(c.env) },
      {
        slug: store,
        campaignId,
        idempotencyKey: c.req.valid('header')['idempotency-key'],
        shopper: await optionalShopper(c),
        input: c.req.valid('json'),
      },
    );
    if (result.capture) {
      afterResponse(c, 'capturing a filled campaign’s card holds', () =>
        captureCampaignHolds(c.var.db, stripeSettings(c.env), campaignId),
      );
    }
    if (result.replayed) c.header('Idempotent-Replayed', 'true');
    return privateJsonText(c, result.json, 201);
  },
);
