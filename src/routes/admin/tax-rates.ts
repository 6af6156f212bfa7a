import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AdminEnv } from '../../env';
import { jsonText } from '../../http/json-text';
import { auditContext, requires } from '../../http/tenancy';
import { validationHook } from '../../http/validation';
import { adminProblems, jsonContent, problemResponses } from '../../schemas/common';
import { StoreParams } from '../../schemas/stores';
import {
  CreateTaxRateBody,
  MAX_TAX_RATES,
  TaxRateListQuery,
  TaxRateListSchema,
  TaxRateParams,
  UpdateTaxRateBody,
} from '../../schemas/tax-rates';
import { documenting, examples } from '#examples';
import {
  createTaxRate,
  deleteTaxRate,
  getTaxRate,
  listTaxRates,
  taxRateView,
  updateTaxRate,
} from '../../services/taxes/tax-rates';

const tags = documenting && ['Tax rates'];
const base = '/v1/admin/stores/{store}/tax-rates';

const listRoute = createRoute({
  method: 'get',
  path: base,
  operationId: documenting && 'adminListTaxRates',
  tags,
  ...requires('store:read'),
  request: { params: StoreParams, query: TaxRateListQuery },
  responses: documenting && {
    200: { description: 'The rates', ...jsonContent(TaxRateListSchema, documenting && examples.taxRateList) },
    ...adminProblems,
  },
});

const createRateRoute = createRoute({
  method: 'post',
  path: base,
  operationId: documenting && 'adminCreateTaxRate',
  tags,
  ...requires('store:write'),
  request: {
    params: StoreParams,
    body: { required: true, ...jsonContent(CreateTaxRateBody, documenting && examples.newTaxRate) },
  },
  responses: documenting && {
    201: { description: 'The rate', ...jsonContent(taxRateView.schema, documenting && examples.taxRate) },
    ...adminProblems,
    ...problemResponses({ 409: `A rate with the same destination, class and name, or ${MAX_TAX_RATES} rates already` }),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: `${base}/{rateId}`,
  operationId: documenting && 'adminGetTaxRate',
  tags,
  ...requires('store:read'),
  request: { params: TaxRateParams },
  responses: documenting && {
    200: { description: 'The rate', ...jsonContent(taxRateView.schema, documenting && examples.taxRate) },
    ...adminProblems,
  },
});

const updateRoute = createRoute({
  method: 'patch',
  path: `${base}/{rateId}`,
  operationId: documenting && 'adminUpdateTaxRate',
  tags,
  ...requires('store:write'),
  request: {
    params: TaxRateParams,
    body: { required: true, ...jsonContent(UpdateTaxRateBody, documenting && examples.taxRateChange) },
  },
  responses: documenting && {
    200: { description: 'The rate', ...jsonContent(taxRateView.schema, documenting && examples.changedTaxRate) },
    ...adminProblems,
    ...problemResponses({ 409: 'Another rate has the same destination, class and name' }),
  },
});

const deleteRoute = createRoute({
  method: 'delete',
  path: `${base}/{rateId}`,
  operationId: documenting && 'adminDeleteTaxRate',
  tags,
  ...requires('store:write'),
  request: { params: TaxRateParams },
  responses: documenting && { 204: { description: 'Deleted' }, ...adminProblems },
});

/** The tax rates a store charges by destination. Tax changes nothing the catalog cache holds: no purge. */
export const taxRateRoutes = new OpenAPIHono<AdminEnv>({ defaultHook: validationHook })
  .openapi(listRoute, async (c) =>
    jsonText(c, await listTaxRates(c.var.db, c.var.store.id, c.req.valid('query').country)),
  )
  .openapi(createRateRoute, async (c) =>
    jsonText(c, await createTaxRate(c.var.db, auditContext(c), c.req.valid('json')), 201),
  )
  .openapi(getRoute, async (c) => jsonText(c, await getTaxRate(c.var.db, c.var.store.id, c.req.valid('param').rateId)))
  .openapi(updateRoute, async (c) =>
    jsonText(c, await updateTaxRate(c.var.db, auditContext(c), c.req.valid('param').rateId, c.req.valid('json'))),
  )
  .openapi(deleteRoute, async (c) => {
    await deleteTaxRate(c.var.db, auditContext(c), c.req.valid('param').rateId);
    return c.body(null, 204);
  });
