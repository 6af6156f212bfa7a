import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AdminEnv } from '../../env';
import { jsonText } from '../../http/json-text';
import { pageRequest } from '../../http/pagination';
import { requires } from '../../http/tenancy';
import { validationHook } from '../../http/validation';
import { adminProblems, jsonContent } from '../../schemas/common';
import { CustomerListQuery, CustomerParams, customerPageExample, customerDetailExample } from '../../schemas/customers';
import { pageSchema } from '../../schemas/pagination';
import { StoreParams } from '../../schemas/stores';
import { customerDetailView, customerView, getCustomer, listCustomers } from '../../services/customers/admin-customers';

const tags = ['Customers'];
const base = '/v1/admin/stores/{store}/customers';

const listRoute = createRoute({
  method: 'get',
  path: base,
  operationId: 'adminListCustomers',
  tags,
  summary: 'Customers',
  description:
    'Newest first. Filters: `segment`, `q` (part of the email, name or phone). A customer is made at checkout: the signed-in user’s, else one per email. Their figures follow every payment, cancellation and refund in the same transaction. One round trip.',
  ...requires('customers:read'),
  request: { params: StoreParams, query: CustomerListQuery },
  responses: {
    200: {
      description: 'A page of customers',
      ...jsonContent(pageSchema(customerView.schema, 'CustomerPage'), customerPageExample),
    },
    ...adminProblems,
  },
});

const getRoute = createRoute({
  method: 'get',
  path: `${base}/{customerId}`,
  operationId: 'adminGetCustomer',
  tags,
  summary: 'One customer',
  description: 'With their saved addresses and latest 20 orders. One round trip.',
  ...requires('customers:read'),
  request: { params: CustomerParams },
  responses: {
    200: { description: 'The customer', ...jsonContent(customerDetailView.schema, customerDetailExample) },
    ...adminProblems,
  },
});

/** The store's customers, as staff see them. */
export const customerRoutes = new OpenAPIHono<AdminEnv>({ defaultHook: validationHook })
  .openapi(listRoute, async (c) => {
    const { limit, cursor, ...filters } = c.req.valid('query');
    return jsonText(c, await listCustomers(c.var.db, c.var.store.id, filters, pageRequest({ limit, cursor })));
  })
  .openapi(getRoute, async (c) =>
    jsonText(c, await getCustomer(c.var.db, c.var.store.id, c.req.valid('param').customerId)),
  );
