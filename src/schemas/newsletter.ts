import { z } from '@hono/zod-openapi';
import { SUBSCRIBER_STATUSES } from '../lib/enums';
import { Email } from './auth';
import { PageQuery } from './pagination';
import { StoreParams } from './stores';

/** Where a sign-up came from (`footer`, `checkout`, ...): a short label of the storefront's code, kept as given. */
const Source = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9 ._:/-]+$/, 'Letters a to z, digits, spaces and . _ : / - only.')
  .openapi({ example: 'footer' });

export const SubscribeBody = z
  .object({
    email: Email,
    source: Source.optional(),
  })
  .strict()
  .openapi('NewsletterSignup');

/** The answer to every sign-up: true of any address, so it tells nobody whether one is on the list. */
export const SIGNUP_ACCEPTED =
  'Thank you. Unless this address is on the list already, a link to confirm it is on its way: nothing is sent to it before it confirms.';

/** The one answer to every sign-up, whatever the address: it gives nothing away. */
export const SignupAcceptedSchema = z
  .object({
    status: z.literal('accepted'),
    detail: z.string().openapi({ example: SIGNUP_ACCEPTED }),
  })
  .openapi('NewsletterSignupAccepted');

/** A token of a mailed link: `<id>.<signature>`, never longer than this. */
const LinkToken = z.string().min(1).max(200);

export const ConfirmBody = z.object({ token: LinkToken }).strict().openapi('NewsletterConfirmation');

export const LinkTokenQuery = z
  .object({
    token: LinkToken.openapi({
      param: { name: 'token', in: 'query' },
    }),
  })
  .strict();

/** RFC 8058's one-click body, as mail clients post it; nothing else. */
export const OneClickForm = z
  .object({ 'List-Unsubscribe': z.literal('One-Click').optional() })
  .strict()
  .openapi('NewsletterOneClick');

/** A JSON unsubscribe takes an empty object (or no body at all). */
export const EmptyJsonBody = z.object({}).strict().openapi('NewsletterUnsubscribeBody');

/** What a newsletter link did (`detail` of its JSON answer): confirmed, unsubscribed, or offered to unsubscribe. */
export const LINK_DETAILS = {
  confirmed: 'Subscribed: the address gets the store’s newsletter.',
  unsubscribed: 'Unsubscribed: the address gets no more of the store’s newsletter.',
  offer: 'Nothing changed. To unsubscribe, POST to this URL (RFC 8058: body `List-Unsubscribe=One-Click`).',
} as const;

/** What a confirm or unsubscribe link did, or (the unsubscribe link opened with GET) where things stand. */
export const SubscriptionStateSchema = z
  .object({
    status: z.enum(SUBSCRIBER_STATUSES),
    email: z.string(),
    storeName: z.string(),
    detail: z.string(),
  })
  .openapi('NewsletterSubscriptionState');

export const SubscriberParams = StoreParams.extend({
  subscriberId: z.uuid().openapi({ param: { name: 'subscriberId', in: 'path' } }),
}).strict();

const filters = {
  status: z.enum(SUBSCRIBER_STATUSES).optional(),
  q: z.string().trim().min(1).max(254).optional(),
  source: Source.optional(),
};

export const SubscriberListQuery = PageQuery.extend(filters).strict();

export const SubscriberExportQuery = z.object(filters).strict();

export const SubscriberSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    status: z.enum(SUBSCRIBER_STATUSES),
    source: z.string().nullable(),
    subscribedAt: z.string(),
    confirmedAt: z.string().nullable(),
    confirmationSentAt: z.string().nullable(),
    unsubscribedAt: z.string().nullable(),
  })
  .openapi('NewsletterSubscriber');
