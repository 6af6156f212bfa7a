import { z } from '@hono/zod-openapi';
import { ADDRESS_ALTERNATIVES, OrderFields, refineAddressChoice } from './checkout';

/** A join is a checkout of the campaign's one line: the order's fields without a cart or items. */
export const CampaignJoinBody = z.object(OrderFields).strict().superRefine(refineAddressChoice).openapi('CampaignJoin');

/** The join body's one choice, for the OpenAPI document's `oneOf` (as `CHECKOUT_ALTERNATIVES`). */
export const CAMPAIGN_JOIN_ALTERNATIVES = [ADDRESS_ALTERNATIVES] as const;
