import type { z } from '@hono/zod-openapi';
import {
  type ConfirmBody,
  type EmptyJsonBody,
  LINK_DETAILS,
  type OneClickForm,
  SIGNUP_ACCEPTED,
  type SignupAcceptedSchema,
  type SubscribeBody,
  type SubscriberSchema,
  type SubscriptionStateSchema,
} from '../../schemas/newsletter';
import { type PageOf, pageExample } from './pagination';
import { BUYER_EMAIL } from './story';

/**
 * Whole-body examples of src/schemas/newsletter.ts. The story goes on:
 * Lucía signs up in Balsamoa's footer, confirms through the mailed link two
 * minutes later, and leaves in one click the next day.
 */

export const newsletterStory = {
  subscriber: '01a29819-6b42-7a3e-9c51-4d0f8e2b7a16',
  signedUp: '2026-12-21T10:15:32.418207+00:00',
  confirmed: '2026-12-21T10:17:05.903114+00:00',
  left: '2026-12-22T08:03:11.907532+00:00',
};

export const newsletterSignup = { email: BUYER_EMAIL, source: 'footer' } satisfies z.input<typeof SubscribeBody>;

export const newsletterSignupAccepted = {
  status: 'accepted',
  detail: SIGNUP_ACCEPTED,
} satisfies z.output<typeof SignupAcceptedSchema>;

/** The token of the confirmation link: the subscriber's id and its signature (this one opens nothing). */
export const newsletterConfirmation = {
  token: `${newsletterStory.subscriber}.q3Zl0cWm8bV4nJ2tXo7eRk1aYs9dLp6uGh5iFw3zC0M`,
} satisfies z.input<typeof ConfirmBody>;

export const newsletterOneClick = { 'List-Unsubscribe': 'One-Click' } satisfies z.input<typeof OneClickForm>;

export const newsletterUnsubscribeBody = {} satisfies z.input<typeof EmptyJsonBody>;

const state = { email: BUYER_EMAIL, storeName: 'Balsamoa' };

export const newsletterConfirmed = {
  ...state,
  status: 'subscribed',
  detail: LINK_DETAILS.confirmed,
} satisfies z.output<typeof SubscriptionStateSchema>;

export const newsletterOffer = {
  ...state,
  status: 'subscribed',
  detail: LINK_DETAILS.offer,
} satisfies z.output<typeof SubscriptionStateSchema>;

export const newsletterUnsubscribed = {
  ...state,
  status: 'unsubscribed',
  detail: LINK_DETAILS.unsubscribed,
} satisfies z.output<typeof SubscriptionStateSchema>;

export const newsletterSubscriber = {
  id: newsletterStory.subscriber,
  email: BUYER_EMAIL,
  status: 'subscribed',
  source: 'footer',
  subscribedAt: newsletterStory.confirmed,
  confirmedAt: newsletterStory.confirmed,
  confirmationSentAt: newsletterStory.signedUp,
  unsubscribedAt: null,
} satisfies z.output<typeof SubscriberSchema>;

export const newsletterSubscriberPage = pageExample(newsletterSubscriber) satisfies PageOf<typeof SubscriberSchema>;

export const unsubscribedNewsletterSubscriber = {
  ...newsletterSubscriber,
  status: 'unsubscribed',
  unsubscribedAt: newsletterStory.left,
} satisfies z.output<typeof SubscriberSchema>;

export const newsletterCsv = [
  'id,email,status,source,subscribedAt,confirmedAt,unsubscribedAt',
  `${newsletterStory.subscriber},${BUYER_EMAIL},subscribed,footer,2026-12-21T10:17:05.903Z,2026-12-21T10:17:05.903Z,`,
  '',
].join('\r\n');
