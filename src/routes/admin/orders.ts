import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AdminEnv } from '../../env';
import { jsonText } from '../../http/json-text';
import { pageRequest } from '../../http/pagination';
import { auditContext, requires } from '../../http/tenancy';
import { validationHook } from '../../http/validation';
import { adminProblems, jsonContent, problemResponses } from '../../schemas/common';
import { OrderListQuery, OrderNotesBody, StatusChangeBody } from '../../schemas/orders';
import { examples, documenting } from '#examples';
import { pageSchema } from '../../schemas/pagination';
import { OrderParams } from '../../schemas/payments';
import { StoreParams } from '../../schemas/stores';
import { adminOrderView, getAdminOrder, listOrders, orderSummaryView } from '../../services/orders/admin-order-view';
import { changeOrderStatus } from '../../services/orders/change-status';
import { setInternalNotes } from '../../services/orders/internal-notes';
import { stripeSettings } from '../../services/payments/stripe-api';

const tags = documenting && ['Orders'];
const base = '/v1/admin/stores/{store}/orders';

const listRoute = createRoute({
  method: 'get',
  path: base,
  operationId: documenting && 'adminListOrders',
  tags,
  ...requires('orders:read'),
  request: { params: StoreParams, query: OrderListQuery },
  responses: documenting && {
    200: {
      description: 'A page of orders',
      ...jsonContent(pageSchema(orderSummaryView.schema, 'OrderSummaryPage'), examples.orderSummaryPage),
    },
    ...adminProblems,
  },
});

const getRoute = createRoute({
  method: 'get',
  path: `${base}/{orderId}`,
  operationId: documenting && 'adminGetOrder',
  tags,
  ...requires('orders:read'),
  request: { params: OrderParams },
  responses: documenting && {
    200: { description: 'The order', ...jsonContent(adminOrderView.schema, examples.adminOrder) },
    ...adminProblems,
  },
});

const notesRoute = createRoute({
  method: 'patch',
  path: `${base}/{orderId}`,
  operationId: documenting && 'adminUpdateOrderNotes',
  tags,
  ...requires('orders:write'),
  request: {
    params: OrderParams,
    body: { required: true, ...jsonContent(OrderNotesBody, documenting && examples.orderNotes) },
  },
  responses: documenting && {
    200: { description: 'The order', ...jsonContent(adminOrderView.schema, examples.adminOrder) },
    ...adminProblems,
  },
});

const statusRoute = createRoute({
  method: 'post',
  path: `${base}/{orderId}/status`,
  operationId: documenting && 'adminMoveOrderStatus',
  tags,
  description:
    documenting &&
    [
      '`pending_payment → paid → preparing → shipped → delivered`, and `cancelled` (with a `reason`) from pending_payment, paid or preparing. Any other move is 409 `invalid_transition`, naming the moves open. Each move sets its timestamp, writes the status history with the caller, and an `order.<status>` event, in one round trip; of two concurrent moves of one order only one succeeds.',
      '- `paid`: the pending payment is confirmed (as `payments/{id}/confirm`) and the stock committed.',
      '- `delivered`: shipments still under way are marked delivered.',
      '- `cancelled` while unpaid: reservations released, the payment cancelled (a card’s PaymentIntent too). While paid or preparing: every unit sold comes back into stock (`return` movements) and the payment is flagged `needsRefund`, to refund with `orders/{id}/refunds`.',
    ].join('\n'),
  ...requires('orders:write'),
  request: {
    params: OrderParams,
    body: { required: true, ...jsonContent(StatusChangeBody, documenting && examples.statusChange) },
  },
  responses: documenting && {
    200: { description: 'The order after the move', ...jsonContent(adminOrderView.schema, examples.preparingOrder) },
    ...adminProblems,
    ...problemResponses({ 409: '`invalid_transition`: the order cannot move there from its status; nothing changed' }),
  },
});

/** Orders as staff see and move them. */
export const orderRoutes = new OpenAPIHono<AdminEnv>({ defaultHook: validationHook })
  .openapi(listRoute, async (c) => {
    const { limit, cursor, ...filters } = c.req.valid('query');
    return jsonText(c, await listOrders(c.var.db, c.var.store.id, filters, pageRequest({ limit, cursor })));
  })
  .openapi(getRoute, async (c) =>
    jsonText(c, await getAdminOrder(c.var.db, c.var.store.id, c.req.valid('param').orderId)),
  )
  .openapi(notesRoute, async (c) =>
    jsonText(
      c,
      await setInternalNotes(
        c.var.db,
        auditContext(c),
        c.req.valid('param').orderId,
        c.req.valid('json').internalNotes,
      ),
    ),
  )
  .openapi(statusRoute, async (c) =>
    jsonText(
      c,
      await changeOrderStatus(
        c.var.db,
        stripeSettings(c.env),
        auditContext(c),
        c.req.valid('param').orderId,
        c.req.valid('json'),
      ),
    ),
  );
