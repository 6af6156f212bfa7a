import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AdminEnv } from '../../env';
import { jsonText } from '../../http/json-text';
import { auditContext, requires } from '../../http/tenancy';
import { validationHook } from '../../http/validation';
import { adminProblems, jsonContent, problemResponses } from '../../schemas/common';
import { StripeAccountBody } from '../../schemas/payments';
import { examples, documenting } from '#examples';
import { StoreParams } from '../../schemas/stores';
import {
  deleteStripeAccount,
  getStripeAccount,
  putStripeAccount,
  stripeAccountView,
} from '../../services/payments/stripe-account';

const tags = documenting && ['Payments'];
const path = '/v1/admin/stores/{store}/payment-providers/stripe';

const getRoute = createRoute({
  method: 'get',
  path,
  operationId: documenting && 'adminGetStripeAccount',
  tags,
  ...requires('store:read'),
  request: { params: StoreParams },
  responses: documenting && {
    200: { description: 'The account', ...jsonContent(stripeAccountView.schema, examples.stripeAccountView) },
    ...adminProblems,
  },
});

const putRoute = createRoute({
  method: 'put',
  path,
  operationId: documenting && 'adminPutStripeAccount',
  tags,
  ...requires('store:write'),
  request: {
    params: StoreParams,
    body: { required: true, ...jsonContent(StripeAccountBody, documenting && examples.stripeAccount) },
  },
  responses: documenting && {
    200: { description: 'The account', ...jsonContent(stripeAccountView.schema, examples.stripeAccountView) },
    ...adminProblems,
    ...problemResponses({ 503: 'This deployment has no PAYMENT_SECRETS_KEY' }),
  },
});

const deleteRoute = createRoute({
  method: 'delete',
  path,
  operationId: documenting && 'adminDeleteStripeAccount',
  tags,
  ...requires('store:write'),
  request: { params: StoreParams },
  responses: documenting && { 204: { description: 'Removed' }, ...adminProblems },
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
