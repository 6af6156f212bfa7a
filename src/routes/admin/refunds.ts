import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AdminEnv } from '../../env';
import { jsonText } from '../../http/json-text';
import { auditContext, requires } from '../../http/tenancy';
import { validationHook } from '../../http/validation';
import { adminProblems, jsonContent, problemResponses } from '../../schemas/common';
import { OrderParams, RefundBody } from '../../schemas/payments';
import { examples, documenting } from '#examples';
import { listRefunds, refundListView, refundView } from '../../services/payments/refund-view';
import { refundOrder } from '../../services/payments/refunds';
import { stripeSettings } from '../../services/payments/stripe-api';

const tags = documenting && ['Payments'];
const path = '/v1/admin/stores/{store}/orders/{orderId}/refunds';

const createRefundRoute = createRoute({
  method: 'post',
  path,
  operationId: documenting && 'adminRefundOrder',
  tags,
  ...requires('payments:write'),
  request: {
    params: OrderParams,
    body: { required: true, ...jsonContent(RefundBody, documenting && examples.newRefund) },
  },
  responses: documenting && {
    201: { description: 'The refund', ...jsonContent(refundView.schema, examples.refund) },
    ...adminProblems,
    ...problemResponses({
      409: '`payment_not_refundable` (no confirmed payment) or `refund_exceeds_payment`',
      502: 'Stripe refused the refund, or could not be reached; nothing was refunded',
    }),
  },
});

const listRefundsRoute = createRoute({
  method: 'get',
  path,
  operationId: documenting && 'adminListRefunds',
  tags,
  ...requires('payments:read'),
  request: { params: OrderParams },
  responses: documenting && {
    200: { description: 'The refunds', ...jsonContent(refundListView.schema, examples.refundList) },
    ...adminProblems,
  },
});

/** Refunds of orders' payments. */
export const refundRoutes = new OpenAPIHono<AdminEnv>({ defaultHook: validationHook })
  .openapi(createRefundRoute, async (c) => {
    return jsonText(
      c,
      await refundOrder(
        c.var.db,
        stripeSettings(c.env),
        auditContext(c),
        c.req.valid('param').orderId,
        c.req.valid('json'),
      ),
      201,
    );
  })
  .openapi(listRefundsRoute, async (c) =>
    jsonText(c, await listRefunds(c.var.db, c.var.store.id, c.req.valid('param').orderId)),
  );
