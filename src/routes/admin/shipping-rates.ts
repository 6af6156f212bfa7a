import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AdminEnv } from '../../env';
import { purgeCatalog } from '../../http/catalog-cache';
import { jsonText } from '../../http/json-text';
import { auditContext, requires } from '../../http/tenancy';
import { validationHook } from '../../http/validation';
import { adminProblems, jsonContent, problemResponses } from '../../schemas/common';
import {
  CreateShippingRateBody,
  MAX_SHIPPING_RATES,
  ShippingRateListSchema,
  ShippingRateParams,
  UpdateShippingRateBody,
} from '../../schemas/shipping-rates';
import { examples, documenting } from '#examples';
import { StoreParams } from '../../schemas/stores';
import { catalogTags } from '../../services/catalog/catalog-read';
import {
  adminShippingRateView,
  createShippingRate,
  deleteShippingRate,
  getShippingRate,
  listShippingRates,
  updateShippingRate,
} from '../../services/shipping/shipping-rates';

const tags = documenting && ['Shipping rates'];
const base = '/v1/admin/stores/{store}/shipping-rates';
const SHOWN_AT_ONCE = 'The storefront’s list of rates shows the change at once.';

const listRoute = createRoute({
  method: 'get',
  path: base,
  operationId: documenting && 'adminListShippingRates',
  tags,
  description:
    documenting &&
    `Every rate, offered or not, by position then id; unpaged, as a store has at most ${MAX_SHIPPING_RATES}. One round trip.`,
  ...requires('store:read'),
  request: { params: StoreParams },
  responses: documenting && {
    200: { description: 'The rates', ...jsonContent(ShippingRateListSchema, examples.shippingRateList) },
    ...adminProblems,
  },
});

const createRateRoute = createRoute({
  method: 'post',
  path: base,
  operationId: documenting && 'adminCreateShippingRate',
  tags,
  description:
    documenting &&
    `A flat fee in the store’s currency (or \`currency\`: a market’s) for the countries listed (none: everywhere), free over a subtotal if given, with an optional delivery estimate in days. After the last rate unless \`position\` is given. ${SHOWN_AT_ONCE} One round trip; audited.`,
  ...requires('store:write'),
  request: {
    params: StoreParams,
    body: { required: true, ...jsonContent(CreateShippingRateBody, documenting && examples.newShippingRate) },
  },
  responses: documenting && {
    201: { description: 'The rate', ...jsonContent(adminShippingRateView.schema, examples.shippingRate) },
    ...adminProblems,
    ...problemResponses({ 409: `The store has ${MAX_SHIPPING_RATES} rates already` }),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: `${base}/{rateId}`,
  operationId: documenting && 'adminGetShippingRate',
  tags,
  ...requires('store:read'),
  request: { params: ShippingRateParams },
  responses: documenting && {
    200: { description: 'The rate', ...jsonContent(adminShippingRateView.schema, examples.shippingRate) },
    ...adminProblems,
  },
});

const updateRoute = createRoute({
  method: 'patch',
  path: `${base}/{rateId}`,
  operationId: documenting && 'adminUpdateShippingRate',
  tags,
  description:
    documenting &&
    `Any of its fields; \`active: false\` stops offering it. Orders placed with it keep what they were charged. A delivery estimate whose lower bound would pass its upper one, with the change applied, is a 422. ${SHOWN_AT_ONCE} One round trip; audited.`,
  ...requires('store:write'),
  request: {
    params: ShippingRateParams,
    body: { required: true, ...jsonContent(UpdateShippingRateBody, documenting && examples.shippingRateChange) },
  },
  responses: documenting && {
    200: { description: 'The rate', ...jsonContent(adminShippingRateView.schema, examples.changedShippingRate) },
    ...adminProblems,
  },
});

const deleteRoute = createRoute({
  method: 'delete',
  path: `${base}/{rateId}`,
  operationId: documenting && 'adminDeleteShippingRate',
  tags,
  description:
    documenting &&
    `Only a rate no order was placed with; for one that orders were, a 409 says to deactivate it instead. ${SHOWN_AT_ONCE} One round trip; audited.`,
  ...requires('store:write'),
  request: { params: ShippingRateParams },
  responses: documenting && {
    204: { description: 'Deleted' },
    ...adminProblems,
    ...problemResponses({ 409: 'Orders were placed with the rate: deactivate it instead' }),
  },
});

/** After a committed change: the storefront's cached list of rates is stale. */
function purgeRates(c: Context<AdminEnv>): Promise<void> {
  return purgeCatalog(c, c.var.store, [catalogTags.shippingRates(c.var.store.id)]);
}

/** The rates a store ships at. */
export const shippingRateRoutes = new OpenAPIHono<AdminEnv>({ defaultHook: validationHook })
  .openapi(listRoute, async (c) => jsonText(c, await listShippingRates(c.var.db, c.var.store.id)))
  .openapi(createRateRoute, async (c) => {
    const rate = await createShippingRate(c.var.db, auditContext(c), c.req.valid('json'));
    await purgeRates(c);
    return jsonText(c, rate, 201);
  })
  .openapi(getRoute, async (c) =>
    jsonText(c, await getShippingRate(c.var.db, c.var.store.id, c.req.valid('param').rateId)),
  )
  .openapi(updateRoute, async (c) => {
    const rate = await updateShippingRate(c.var.db, auditContext(c), c.req.valid('param').rateId, c.req.valid('json'));
    await purgeRates(c);
    return jsonText(c, rate);
  })
  .openapi(deleteRoute, async (c) => {
    await deleteShippingRate(c.var.db, auditContext(c), c.req.valid('param').rateId);
    await purgeRates(c);
    return c.body(null, 204);
  });
