import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AdminEnv } from '../../env';
import { jsonText } from '../../http/json-text';
import { auditContext, requires } from '../../http/tenancy';
import { validationHook } from '../../http/validation';
import { adminProblems, jsonContent, problemResponses } from '../../schemas/common';
import { StripeAccountBody } from '../../schemas/payments';
import { examples } from '#examples';
import { StoreParams } from '../../schemas/stores';
import {
  deleteStripeAccount,
  getStripeAccount,
  putStripeAccount,
  stripeAccountView,
} from '../../services/payments/stripe-account';

const tags = ['Payments'];
const path = '/v1/admin/stores/{store}/payment-providers/stripe';

const getRoute = createRoute({
  method: 'get',
  path,
  operationId: 'adminGetStripeAccount',
  tags,
  summary: 'The store’s Stripe account',
  description:
    'Whether card payments are set up, in which mode, the publishable key and the last four characters of the secret key. The secret key and webhook signing secret are never answered. One round trip.',
  ...requires('store:read'),
  request: { params: StoreParams },
  responses: {
    200: { description: 'The account', ...jsonContent(stripeAccountView.schema, examples.stripeAccountView) },
    ...adminProblems,
  },
});

const putRoute = createRoute({
  method: 'put',
  path,
  operationId: 'adminPutStripeAccount',
  tags,
  summary: 'Set up or rotate Stripe keys',
  description:
    'The publishable key, the secret (or restricted) key, and the signing secret of the webhook endpoint you created in Stripe for `webhookUrl`. The two secrets are encrypted at rest (AES-GCM, under the deployment’s PAYMENT_SECRETS_KEY). From then on checkout offers `card`. Audited without the secrets. One round trip.',
  ...requires('store:write'),
  request: { params: StoreParams, body: { required: true, ...jsonContent(StripeAccountBody, examples.stripeAccount) } },
  responses: {
    200: { description: 'The account', ...jsonContent(stripeAccountView.schema, examples.stripeAccountView) },
    ...adminProblems,
    ...problemResponses({ 503: 'This deployment has no PAYMENT_SECRETS_KEY' }),
  },
});

const deleteRoute = createRoute({
  method: 'delete',
  path,
  operationId: 'adminDeleteStripeAccount',
  tags,
  summary: 'Remove the Stripe keys',
  description: 'Checkout stops offering `card`, and webhooks no longer verify. Audited. One round trip.',
  ...requires('store:write'),
  request: { params: StoreParams },
  responses: { 204: { description: 'Removed' }, ...adminProblems },
});

/** A store's Stripe keys: set, read without secrets, removed. */
export const stripeAccountRoutes = new OpenAPIHono<AdminEnv>({ defaultHook: validationHook })
  .openapi(getRoute, async (c) => jsonText(c, await getStripeAccount(c.var.db, c.var.store.id)))
  .openapi(putRoute, async (c) =>
    jsonText(c, await putStripeAccount(c.var.db, c.env.PAYMENT_SECRETS_KEY, auditContext(c), c.req.valid('json'))),
  )
  .openapi(deleteRoute, async (c) => {
    await deleteStripeAccount(c.var.db, auditContext(c));
    return c.body(null, 204);
  });
