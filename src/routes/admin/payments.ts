import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AdminEnv } from '../../env';
import { jsonText } from '../../http/json-text';
import { pageRequest } from '../../http/pagination';
import { auditContext, requires } from '../../http/tenancy';
import { validationHook } from '../../http/validation';
import { adminProblems, jsonContent, problemResponses } from '../../schemas/common';
import { pageSchema } from '../../schemas/pagination';
import { examples, documenting } from '#examples';
import { ConfirmPaymentBody, PaymentListQuery, PaymentParams, RejectPaymentBody } from '../../schemas/payments';
import { StoreParams } from '../../schemas/stores';
import { getPayment, listPayments, paymentView } from '../../services/payments/payment-view';
import { confirmPayment, rejectPayment } from '../../services/payments/staff-decisions';
import { stripeSettings } from '../../services/payments/stripe-api';

const tags = documenting && ['Payments'];
const base = '/v1/admin/stores/{store}/payments';

const decisionProblems =
  documenting &&
  problemResponses({
    409: '`payment_already_confirmed`, `order_cancelled` (also when it expired unpaid) or `payment_not_pending`; nothing changed',
  });

const listRoute = createRoute({
  method: 'get',
  path: base,
  operationId: documenting && 'adminListPayments',
  tags,
  ...requires('payments:read'),
  request: { params: StoreParams, query: PaymentListQuery },
  responses: documenting && {
    200: {
      description: 'A page of payments',
      ...jsonContent(pageSchema(paymentView.schema, 'PaymentPage'), examples.paymentPage),
    },
    ...adminProblems,
  },
});

const getRoute = createRoute({
  method: 'get',
  path: `${base}/{paymentId}`,
  operationId: documenting && 'adminGetPayment',
  tags,
  ...requires('payments:read'),
  request: { params: PaymentParams },
  responses: documenting && {
    200: { description: 'The payment', ...jsonContent(paymentView.schema, examples.payment) },
    ...adminProblems,
  },
});

const confirmRoute = createRoute({
  method: 'post',
  path: `${base}/{paymentId}/confirm`,
  operationId: documenting && 'adminConfirmPayment',
  tags,
  ...requires('payments:write'),
  request: {
    params: PaymentParams,
    body: { required: false, ...jsonContent(ConfirmPaymentBody, documenting && examples.confirmPayment) },
  },
  responses: documenting && {
    200: { description: 'The confirmed payment', ...jsonContent(paymentView.schema, examples.payment) },
    ...adminProblems,
    ...decisionProblems,
  },
});

const rejectRoute = createRoute({
  method: 'post',
  path: `${base}/{paymentId}/reject`,
  operationId: documenting && 'adminRejectPayment',
  tags,
  ...requires('payments:write'),
  request: {
    params: PaymentParams,
    body: { required: true, ...jsonContent(RejectPaymentBody, documenting && examples.rejectPayment) },
  },
  responses: documenting && {
    200: { description: 'The rejected payment', ...jsonContent(paymentView.schema, examples.rejectedPayment) },
    ...adminProblems,
    ...decisionProblems,
  },
});

/** Payments, and staff's confirmation or rejection of manual ones. */
export const paymentRoutes = new OpenAPIHono<AdminEnv>({ defaultHook: validationHook })
  .openapi(listRoute, async (c) => {
    const { limit, cursor, ...filters } = c.req.valid('query');
    return jsonText(c, await listPayments(c.var.db, c.var.store.id, filters, pageRequest({ limit, cursor })));
  })
  .openapi(getRoute, async (c) =>
    jsonText(c, await getPayment(c.var.db, c.var.store.id, c.req.valid('param').paymentId)),
  )
  .openapi(confirmRoute, async (c) =>
    jsonText(
      c,
      await confirmPayment(c.var.db, auditContext(c), c.req.valid('param').paymentId, c.req.valid('json') ?? {}),
    ),
  )
  .openapi(rejectRoute, async (c) =>
    jsonText(
      c,
      await rejectPayment(
        c.var.db,
        stripeSettings(c.env),
        auditContext(c),
        c.req.valid('param').paymentId,
        c.req.valid('json'),
      ),
    ),
  );
