import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AdminEnv } from '../../env';
import { jsonText } from '../../http/json-text';
import { pageRequest } from '../../http/pagination';
import { auditContext, requires } from '../../http/tenancy';
import { validationHook } from '../../http/validation';
import { adminProblems, jsonContent, problemResponses } from '../../schemas/common';
import { ShipmentBody, ShipmentChangeBody, ShipmentListQuery, ShipmentParams } from '../../schemas/orders';
import { examples, documenting } from '#examples';
import { pageSchema } from '../../schemas/pagination';
import { OrderParams } from '../../schemas/payments';
import { StoreParams } from '../../schemas/stores';
import { getShipment, listShipments, shipmentView } from '../../services/orders/shipment-view';
import { createShipment, updateShipment } from '../../services/orders/shipments';

const tags = documenting && ['Shipments'];
const base = '/v1/admin/stores/{store}/shipments';

const createShipmentRoute = createRoute({
  method: 'post',
  path: '/v1/admin/stores/{store}/orders/{orderId}/shipments',
  operationId: documenting && 'adminCreateShipment',
  tags,
  ...requires('shipments:write'),
  request: {
    params: OrderParams,
    body: { required: true, ...jsonContent(ShipmentBody, documenting && examples.newShipment) },
  },
  responses: documenting && {
    201: { description: 'The shipment', ...jsonContent(shipmentView.schema, examples.shipment) },
    ...adminProblems,
    ...problemResponses({ 409: '`invalid_transition`: the order is unpaid, delivered or cancelled' }),
  },
});

const updateShipmentRoute = createRoute({
  method: 'patch',
  path: `${base}/{shipmentId}`,
  operationId: documenting && 'adminUpdateShipment',
  tags,
  ...requires('shipments:write'),
  request: {
    params: ShipmentParams,
    body: { required: true, ...jsonContent(ShipmentChangeBody, documenting && examples.shipmentChange) },
  },
  responses: documenting && {
    200: { description: 'The shipment', ...jsonContent(shipmentView.schema, examples.inTransitShipment) },
    ...adminProblems,
    ...problemResponses({ 409: '`invalid_transition`: a status that goes back' }),
  },
});

const listShipmentsRoute = createRoute({
  method: 'get',
  path: base,
  operationId: documenting && 'adminListShipments',
  tags,
  ...requires('shipments:read'),
  request: { params: StoreParams, query: ShipmentListQuery },
  responses: documenting && {
    200: {
      description: 'A page of shipments',
      ...jsonContent(pageSchema(shipmentView.schema, 'ShipmentPage'), examples.shipmentPage),
    },
    ...adminProblems,
  },
});

const getShipmentRoute = createRoute({
  method: 'get',
  path: `${base}/{shipmentId}`,
  operationId: documenting && 'adminGetShipment',
  tags,
  ...requires('shipments:read'),
  request: { params: ShipmentParams },
  responses: documenting && {
    200: { description: 'The shipment', ...jsonContent(shipmentView.schema, examples.shipment) },
    ...adminProblems,
  },
});

/** Parcels sent for orders. */
export const shipmentRoutes = new OpenAPIHono<AdminEnv>({ defaultHook: validationHook })
  .openapi(createShipmentRoute, async (c) =>
    jsonText(
      c,
      await createShipment(c.var.db, auditContext(c), c.req.valid('param').orderId, c.req.valid('json')),
      201,
    ),
  )
  .openapi(updateShipmentRoute, async (c) =>
    jsonText(c, await updateShipment(c.var.db, auditContext(c), c.req.valid('param').shipmentId, c.req.valid('json'))),
  )
  .openapi(listShipmentsRoute, async (c) => {
    const { limit, cursor, ...filters } = c.req.valid('query');
    return jsonText(c, await listShipments(c.var.db, c.var.store.id, filters, pageRequest({ limit, cursor })));
  })
  .openapi(getShipmentRoute, async (c) =>
    jsonText(c, await getShipment(c.var.db, c.var.store.id, c.req.valid('param').shipmentId)),
  );
