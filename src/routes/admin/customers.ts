import { createRoute, OpenAPIHono, type z } from '@hono/zod-openapi';
import type { AdminEnv } from '../../env';
import { jsonText } from '../../http/json-text';
import { pageRequest } from '../../http/pagination';
import { auditContext, requires } from '../../http/tenancy';
import { validationHook } from '../../http/validation';
import { adminProblems, jsonContent, problemResponses } from '../../schemas/common';
import {
  BlockCustomerBody,
  CreateCustomerBody,
  CustomerListQuery,
  CustomerParams,
  UpdateCustomerBody,
} from '../../schemas/customers';
import { examples, documenting } from '#examples';
import { pageSchema } from '../../schemas/pagination';
import { StoreParams } from '../../schemas/stores';
import {
  blockCustomer,
  createCustomer,
  customerDetailView,
  customerView,
  getCustomer,
  listCustomers,
  unblockCustomer,
  updateCustomer,
} from '../../services/customers/admin-customers';

const tags = documenting && ['Customers'];
const base = '/v1/admin/stores/{store}/customers';
const answersCustomer = (example: z.input<typeof customerDetailView.schema>) => ({
  description: documenting && 'The customer, with their addresses and latest orders',
  ...jsonContent(customerDetailView.schema, example),
});

const listRoute = createRoute({
  method: 'get',
  path: base,
  operationId: documenting && 'adminListCustomers',
  tags,
  ...requires('customers:read'),
  request: { params: StoreParams, query: CustomerListQuery },
  responses: documenting && {
    200: {
      description: 'A page of customers',
      ...jsonContent(pageSchema(customerView.schema, 'CustomerPage'), examples.customerPage),
    },
    ...adminProblems,
  },
});

const createCustomerRoute = createRoute({
  method: 'post',
  path: base,
  operationId: documenting && 'adminCreateCustomer',
  tags,
  ...requires('customers:write'),
  request: {
    params: StoreParams,
    body: { required: true, ...jsonContent(CreateCustomerBody, documenting && examples.newCustomer) },
  },
  responses: documenting && {
    201: answersCustomer(examples.createdCustomer),
    ...adminProblems,
    ...problemResponses({ 409: 'Another customer of the store has this email' }),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: `${base}/{customerId}`,
  operationId: documenting && 'adminGetCustomer',
  tags,
  ...requires('customers:read'),
  request: { params: CustomerParams },
  responses: documenting && { 200: answersCustomer(examples.customerDetail), ...adminProblems },
});

const updateRoute = createRoute({
  method: 'patch',
  path: `${base}/{customerId}`,
  operationId: documenting && 'adminUpdateCustomer',
  tags,
  ...requires('customers:write'),
  request: {
    params: CustomerParams,
    body: { required: true, ...jsonContent(UpdateCustomerBody, documenting && examples.customerChange) },
  },
  responses: documenting && {
    200: answersCustomer(examples.changedCustomer),
    ...adminProblems,
    ...problemResponses({ 409: 'The email is another customer’s, or this customer’s follows their account' }),
  },
});

const blockRoute = createRoute({
  method: 'post',
  path: `${base}/{customerId}/block`,
  operationId: documenting && 'adminBlockCustomer',
  tags,
  ...requires('customers:write'),
  request: {
    params: CustomerParams,
    body: { required: true, ...jsonContent(BlockCustomerBody, documenting && examples.blockCustomer) },
  },
  responses: documenting && { 200: answersCustomer(examples.blockedCustomer), ...adminProblems },
});

const unblockRoute = createRoute({
  method: 'post',
  path: `${base}/{customerId}/unblock`,
  operationId: documenting && 'adminUnblockCustomer',
  tags,
  ...requires('customers:write'),
  request: { params: CustomerParams },
  responses: documenting && { 200: answersCustomer(examples.unblockedCustomer), ...adminProblems },
});

/** The store's customers, as staff see and keep them. */
export const customerRoutes = new OpenAPIHono<AdminEnv>({ defaultHook: validationHook })
  .openapi(listRoute, async (c) => {
    const { limit, cursor, ...filters } = c.req.valid('query');
    return jsonText(c, await listCustomers(c.var.db, c.var.store.id, filters, pageRequest({ limit, cursor })));
  })
  .openapi(createCustomerRoute, async (c) =>
    jsonText(c, await createCustomer(c.var.db, auditContext(c), c.req.valid('json')), 201),
  )
  .openapi(getRoute, async (c) =>
    jsonText(c, await getCustomer(c.var.db, c.var.store.id, c.req.valid('param').customerId)),
  )
  .openapi(updateRoute, async (c) =>
    jsonText(c, await updateCustomer(c.var.db, auditContext(c), c.req.valid('param').customerId, c.req.valid('json'))),
  )
  .openapi(blockRoute, async (c) =>
    jsonText(
      c,
      await blockCustomer(c.var.db, auditContext(c), c.req.valid('param').customerId, c.req.valid('json').reason),
    ),
  )
  .openapi(unblockRoute, async (c) =>
    jsonText(c, await unblockCustomer(c.var.db, auditContext(c), c.req.valid('param').customerId)),
  );
