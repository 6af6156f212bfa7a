import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env';
import { type LinkOutcome, linkAnswer } from '../http/newsletter-pages';
import { clientAddress, enforceRateLimit } from '../http/rate-limit';
import { publicAccess } from '../http/security';
import { validationHook } from '../http/validation';
import { examples, documenting } from '#examples';
import { jsonContent, malformedBody, problemResponses } from '../schemas/common';
import {
  ConfirmBody,
  EmptyJsonBody,
  LinkTokenQuery,
  OneClickForm,
  SIGNUP_ACCEPTED,
  SignupAcceptedSchema,
  SubscribeBody,
  SubscriptionStateSchema,
} from '../schemas/newsletter';
import { StoreParams } from '../schemas/stores';
import { confirmSubscription, unsubscribeByLink, unsubscribeLinkTarget } from '../services/newsletter/links';
import { signUp } from '../services/newsletter/signup';

const tags = documenting && ['Storefront newsletter'];
const base = '/v1/stores/{store}/newsletter';
const linkProblems =
  documenting &&
  problemResponses({
    404: 'No active store has this slug',
    422: 'The token is not a good one: any reason (forged, another store’s, expired, an address that left) answers alike',
  });
/** A link's answer: JSON, or for a browser a tiny page. */
const linkAnswered = (description: string, example: z.input<typeof SubscriptionStateSchema>) => ({
  description,
  content: {
    ...jsonContent(SubscriptionStateSchema, example).content,
    'text/html': {
      schema: z.string(),
    },
  },
});

/** Counts every sign-up attempt, valid or not, per client address and store. */
const limitSignUps: MiddlewareHandler<AppEnv> = async function limitSignUps(c, next) {
  await enforceRateLimit(c.env.NEWSLETTER_RATE_LIMITER, `newsletter:${c.req.param('store')}`, clientAddress(c));
  await next();
};

const subscribeRoute = createRoute({
  method: 'post',
  path: `${base}/subscriptions`,
  operationId: documenting && 'subscribeNewsletter',
  ...publicAccess,
  tags,
  middleware: [limitSignUps] as const,
  request: {
    params: StoreParams,
    body: { required: true, ...jsonContent(SubscribeBody, documenting && examples.newsletterSignup) },
  },
  responses: documenting && {
    202: {
      description: 'Taken: the same answer whatever the address',
      ...jsonContent(SignupAcceptedSchema, examples.newsletterSignupAccepted),
    },
    ...problemResponses({
      ...malformedBody,
      404: 'No active store has this slug',
      415: 'A body that is not JSON',
      422: 'The email is not one, or a field is too long or unknown',
      429: 'Too many sign-ups from this address',
    }),
  },
});

const confirmRoute = createRoute({
  method: 'post',
  path: `${base}/confirm`,
  operationId: documenting && 'confirmNewsletter',
  ...publicAccess,
  tags,
  request: {
    params: StoreParams,
    body: { required: true, ...jsonContent(ConfirmBody, documenting && examples.newsletterConfirmation) },
  },
  responses: documenting && {
    200: linkAnswered('Subscribed', examples.newsletterConfirmed),
    ...problemResponses(malformedBody),
    ...linkProblems,
  },
});

const confirmLinkRoute = createRoute({
  method: 'get',
  path: `${base}/confirm`,
  operationId: documenting && 'confirmNewsletterLink',
  ...publicAccess,
  tags,
  request: { params: StoreParams, query: LinkTokenQuery },
  responses: documenting && { 200: linkAnswered('Subscribed', examples.newsletterConfirmed), ...linkProblems },
});

const unsubscribeRoute = createRoute({
  method: 'post',
  path: `${base}/unsubscribe`,
  operationId: documenting && 'unsubscribeNewsletter',
  ...publicAccess,
  tags,
  request: {
    params: StoreParams,
    query: LinkTokenQuery,
    body: {
      required: false,
      content: {
        'application/x-www-form-urlencoded': {
          schema: OneClickForm,
          example: documenting && examples.newsletterOneClick,
        },
        ...jsonContent(EmptyJsonBody, documenting && examples.newsletterUnsubscribeBody).content,
      },
    },
  },
  responses: documenting && {
    200: linkAnswered('Unsubscribed', examples.newsletterUnsubscribed),
    ...problemResponses({ ...malformedBody, 415: 'A body that is neither a form nor JSON' }),
    ...linkProblems,
  },
});

const unsubscribeLinkRoute = createRoute({
  method: 'get',
  path: `${base}/unsubscribe`,
  operationId: documenting && 'getNewsletterUnsubscribe',
  ...publicAccess,
  tags,
  request: { params: StoreParams, query: LinkTokenQuery },
  responses: documenting && {
    200: linkAnswered('Where the subscription stands; a page offers a button that POSTs', examples.newsletterOffer),
    ...linkProblems,
  },
});

/** Follows the mailed link of `token` in the path's store with `follow`, and answers what it did as `outcome`. */
async function followLink(c: Context<AppEnv>, outcome: LinkOutcome, follow: typeof confirmSubscription, token: string) {
  return linkAnswer(c, outcome, await follow(c.var.db, c.env.JWT_SECRET, c.req.param('store') ?? '', token));
}

/** A store's newsletter box and the links its mails carry. */
export const storefrontNewsletterRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(subscribeRoute, async (c) => {
    await signUp(c.var.db, c.req.valid('param').store, c.req.valid('json'), new URL(c.req.url).origin);
    c.header('Cache-Control', 'no-store');
    return c.json({ status: 'accepted' as const, detail: SIGNUP_ACCEPTED }, 202);
  })
  .openapi(confirmRoute, (c) => followLink(c, 'confirmed', confirmSubscription, c.req.valid('json').token))
  .openapi(confirmLinkRoute, (c) => followLink(c, 'confirmed', confirmSubscription, c.req.valid('query').token))
  .openapi(unsubscribeRoute, (c) => followLink(c, 'unsubscribed', unsubscribeByLink, c.req.valid('query').token))
  .openapi(unsubscribeLinkRoute, (c) => followLink(c, 'offer', unsubscribeLinkTarget, c.req.valid('query').token));
