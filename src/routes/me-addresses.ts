import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { UserEnv } from '../env';
import { requireUser } from '../http/authenticate';
import { userAccess } from '../http/security';
import { jsonText } from '../http/json-text';
import { validationHook } from '../http/validation';
import { jsonContent, malformedBody, problemResponses } from '../schemas/common';
import { AddressBody, AddressChangeBody, AddressParams, AddressStoreQuery } from '../schemas/customers';
import { examples, documenting } from '#examples';
import { addressListView, addressView } from '../services/customers/address-view';
import { createAddress, deleteAddress, listAddresses, updateAddress } from '../services/customers/addresses';

const tags = documenting && ['Identity'];
const userOnly = { ...userAccess, middleware: [requireUser()] };
const problems =
  documenting &&
  problemResponses({
    401: 'No access token, or an invalid or expired one',
    404: 'No such store, or no address of yours with that id',
    422: 'A field is invalid',
  });

const listRoute = createRoute({
  method: 'get',
  path: '/v1/me/addresses',
  operationId: documenting && 'listMyAddresses',
  tags,
  ...userOnly,
  request: { query: AddressStoreQuery },
  responses: documenting && {
    200: { description: 'The addresses', ...jsonContent(addressListView.schema, examples.savedAddressList) },
    ...problems,
  },
});

const createAddressRoute = createRoute({
  method: 'post',
  path: '/v1/me/addresses',
  operationId: documenting && 'createMyAddress',
  tags,
  ...userOnly,
  request: {
    query: AddressStoreQuery,
    body: { required: true, ...jsonContent(AddressBody, documenting && examples.newAddress) },
  },
  responses: documenting && {
    201: { description: 'The address', ...jsonContent(addressView.schema, examples.savedAddress) },
    ...problems,
    ...problemResponses(malformedBody),
  },
});

const updateAddressRoute = createRoute({
  method: 'patch',
  path: '/v1/me/addresses/{addressId}',
  operationId: documenting && 'updateMyAddress',
  tags,
  ...userOnly,
  request: {
    params: AddressParams,
    body: { required: true, ...jsonContent(AddressChangeBody, documenting && examples.addressChange) },
  },
  responses: documenting && {
    200: { description: 'The address', ...jsonContent(addressView.schema, examples.changedAddress) },
    ...problems,
    ...problemResponses(malformedBody),
  },
});

const deleteAddressRoute = createRoute({
  method: 'delete',
  path: '/v1/me/addresses/{addressId}',
  operationId: documenting && 'deleteMyAddress',
  tags,
  ...userOnly,
  request: { params: AddressParams },
  responses: documenting && { 204: { description: 'Deleted' }, ...problems },
});

/** The signed-in user's saved delivery addresses, per store. */
export const addressRoutes = new OpenAPIHono<UserEnv>({ defaultHook: validationHook })
  .openapi(listRoute, async (c) =>
    jsonText(c, await listAddresses(c.var.db, c.var.user.userId, c.req.valid('query').store)),
  )
  .openapi(createAddressRoute, async (c) => {
    const { userId, email } = c.var.user;
    return jsonText(
      c,
      await createAddress(c.var.db, { userId, email }, c.req.valid('query').store, c.req.valid('json')),
      201,
    );
  })
  .openapi(updateAddressRoute, async (c) =>
    jsonText(c, await updateAddress(c.var.db, c.var.user.userId, c.req.valid('param').addressId, c.req.valid('json'))),
  )
  .openapi(deleteAddressRoute, async (c) => {
    await deleteAddress(c.var.db, c.var.user.userId, c.req.valid('param').addressId);
    return c.body(null, 204);
  });
