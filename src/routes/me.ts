import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { UserEnv } from '../env';
import { requireUser } from '../http/authenticate';
import { userAccess } from '../http/security';
import { jsonText } from '../http/json-text';
import { pageRequest } from '../http/pagination';
import { validationHook } from '../http/validation';
import { signAccessToken } from '../lib/access-tokens';
import { AcceptInvitationBody } from '../schemas/admin-identity';
import { examples, documenting } from '#examples';
import { AccessTokenSchema, AccountSchema } from '../schemas/auth';
import { jsonContent, malformedBody, problemResponses } from '../schemas/common';
import { PageQuery, pageSchema } from '../schemas/pagination';
import { AdminStoreSchema, CreateStoreBody } from '../schemas/stores';
import { getAccount } from '../services/accounts';
import { acceptInvitation } from '../services/invitations';
import { listMyOrders } from '../services/orders/buyer-orders';
import { buyerOrderView } from '../services/orders/order-view';
import { createStore } from '../services/store-creation';

const userOnly = { ...userAccess, middleware: [requireUser()] };
const unauthorized = documenting && ({ 401: 'No access token, or an invalid or expired one' } as const);

const meRoute = createRoute({
  method: 'get',
  path: '/v1/me',
  operationId: documenting && 'getMe',
  tags: ['Identity'],
  ...userOnly,
  responses: documenting && {
    200: { description: 'The account', ...jsonContent(AccountSchema, examples.ownerAccount) },
    ...problemResponses(unauthorized),
  },
});

const StoreWithTokenSchema =
  documenting && z.object({ store: AdminStoreSchema }).extend(AccessTokenSchema.shape).openapi('CreatedStore');

const createStoreRoute = createRoute({
  method: 'post',
  path: '/v1/stores',
  operationId: documenting && 'createStore',
  tags: ['Identity'],
  ...userOnly,
  request: { body: { required: true, ...jsonContent(CreateStoreBody, documenting && examples.createStore) } },
  responses: documenting && {
    201: {
      description: 'The store',
      ...jsonContent(StoreWithTokenSchema, examples.storeWithToken),
    },
    ...problemResponses({ ...malformedBody, ...unauthorized, 409: 'The slug is taken', 422: 'A field is invalid' }),
  },
});

const myOrdersRoute = createRoute({
  method: 'get',
  path: '/v1/me/orders',
  operationId: documenting && 'listMyOrders',
  tags: ['Identity'],
  ...userOnly,
  request: { query: PageQuery },
  responses: documenting && {
    200: {
      description: 'A page of orders',
      ...jsonContent(pageSchema(buyerOrderView.schema, 'OrderPage'), examples.orderPage),
    },
    ...problemResponses({ ...unauthorized, 400: 'A cursor this API did not give out' }),
  },
});

const MembershipWithTokenSchema =
  documenting && z.object({ storeId: z.uuid() }).extend(AccessTokenSchema.shape).openapi('AcceptedInvitation');

const acceptInvitationRoute = createRoute({
  method: 'post',
  path: '/v1/invitations/accept',
  operationId: documenting && 'acceptInvitation',
  tags: ['Identity'],
  ...userOnly,
  request: { body: { required: true, ...jsonContent(AcceptInvitationBody, documenting && examples.acceptInvitation) } },
  responses: documenting && {
    200: {
      description: 'The caller is now a member',
      ...jsonContent(MembershipWithTokenSchema, examples.membershipWithToken),
    },
    ...problemResponses({
      ...malformedBody,
      ...unauthorized,
      404: 'No pending invitation for this email matches the token',
      422: 'A field is invalid',
    }),
  },
});

/** Routes about the signed-in user: their account, the stores they create and the invitations they accept. */
export const meRoutes = new OpenAPIHono<UserEnv>({ defaultHook: validationHook })
  .openapi(meRoute, async (c) => c.json(await getAccount(c.var.db, c.var.user.userId, c.var.user.issuedAt), 200))
  .openapi(createStoreRoute, async (c) => {
    const user = c.var.user;
    const { store, stores } = await createStore(c.var.db, { id: user.userId }, c.req.valid('json'), c.var.requestId);
    const token = await signAccessToken(c.env.JWT_SECRET, { id: user.userId, email: user.email }, stores);
    return c.json({ store, ...token }, 201);
  })
  .openapi(myOrdersRoute, async (c) =>
    jsonText(c, await listMyOrders(c.var.db, c.var.user.userId, pageRequest(c.req.valid('query')))),
  )
  .openapi(acceptInvitationRoute, async (c) => {
    const user = c.var.user;
    const { storeId, stores } = await acceptInvitation(
      c.var.db,
      { id: user.userId, email: user.email },
      c.req.valid('json').token,
      c.var.requestId,
    );
    const token = await signAccessToken(c.env.JWT_SECRET, { id: user.userId, email: user.email }, stores);
    return c.json({ storeId, ...token }, 200);
  });
