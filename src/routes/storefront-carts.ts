import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../env';
import { guestOrCustomer } from '../http/security';
import { privateJsonText } from '../http/json-text';
import { optionalShopper, shopperAccess } from '../http/shopper';
import { validationHook } from '../http/validation';
import {
  CART_TOKEN_HEADER,
  CartItemParams,
  CartParams,
  CartTokenHeaders,
  CreateCartBody,
  LineInput,
  PromotionCodeBody,
  SetQuantityBody,
  UpdateCartBody,
} from '../schemas/carts';
import { documenting, examples } from '#examples';
import { jsonContent, malformedBody, problemResponses } from '../schemas/common';
import { MarketQuery } from '../schemas/market-query';
import { StoreParams } from '../schemas/stores';
import { marketChoice } from '../http/market';
import { cartView, createdCartView } from '../services/carts/cart-view';
import {
  addCartItem,
  createCart,
  getCart,
  removePromotionCode,
  setCartItemQuantity,
  setPromotionCode,
  updateCart,
} from '../services/carts/carts';

const tags = documenting && ['Storefront carts'];
const base = '/v1/stores/{store}/carts';
const ACCESS =
  'Opened with the guest’s `X-Cart-Token`, or by the signed-in customer it belongs to (`Authorization: Bearer <access token>`).';
const answersCart = documenting && {
  description: documenting && 'The cart, with totals from current prices',
  ...jsonContent(cartView.schema, documenting && examples.cart),
};
const cartProblems =
  documenting &&
  problemResponses({
    401: 'Neither a cart token nor an access token, or an invalid access token',
    404: 'No such store, or no cart with that id that these credentials open',
    409: 'The cart has expired or was checked out',
    422: 'A field is invalid: a variant the store does not sell, a quantity out of range, an unknown shipping rate',
  });
/** Of the routes that change a cart: a blocked shopper changes none (a guest is stopped at checkout). */
const blockedProblem =
  documenting &&
  problemResponses({
    403: '`customer_blocked`: the store has blocked the signed-in customer; their carts can be read, not changed',
  });
const createRouteDef = createRoute({
  method: 'post',
  path: base,
  operationId: documenting && 'createCart',
  ...guestOrCustomer,
  tags,
  request: {
    params: StoreParams,
    query: MarketQuery,
    body: { required: false, ...jsonContent(CreateCartBody, documenting && examples.createCart) },
  },
  responses: documenting && {
    201: { description: 'The new cart', ...jsonContent(createdCartView.schema, documenting && examples.createdCart) },
    ...cartProblems,
    ...blockedProblem,
    ...problemResponses(malformedBody),
  },
});

const getRouteDef = createRoute({
  method: 'get',
  path: `${base}/{cartId}`,
  operationId: documenting && 'getCart',
  ...guestOrCustomer,
  tags,
  description: documenting && `${ACCESS} One round trip.`,
  request: { params: CartParams, headers: CartTokenHeaders },
  responses: documenting && { 200: answersCart, ...cartProblems },
});

const updateRouteDef = createRoute({
  method: 'patch',
  path: `${base}/{cartId}`,
  operationId: documenting && 'updateCart',
  ...guestOrCustomer,
  tags,
  description: documenting && `${ACCESS} One round trip.`,
  request: {
    params: CartParams,
    headers: CartTokenHeaders,
    body: { required: true, ...jsonContent(UpdateCartBody, documenting && examples.updateCart) },
  },
  responses: documenting && {
    200: answersCart,
    ...cartProblems,
    ...blockedProblem,
    ...problemResponses(malformedBody),
  },
});

const addItemRouteDef = createRoute({
  method: 'post',
  path: `${base}/{cartId}/items`,
  operationId: documenting && 'addCartItem',
  ...guestOrCustomer,
  tags,
  description:
    documenting &&
    `Adding a variant already in the cart raises its quantity (at most 999 in all). ${ACCESS} One round trip.`,
  request: {
    params: CartParams,
    headers: CartTokenHeaders,
    body: { required: true, ...jsonContent(LineInput, documenting && examples.addCartItem) },
  },
  responses: documenting && {
    200: answersCart,
    ...cartProblems,
    ...blockedProblem,
    ...problemResponses(malformedBody),
  },
});

const setQuantityRouteDef = createRoute({
  method: 'patch',
  path: `${base}/{cartId}/items/{itemId}`,
  operationId: documenting && 'setCartItemQuantity',
  ...guestOrCustomer,
  tags,
  description: documenting && `0 removes the item. ${ACCESS} One round trip.`,
  request: {
    params: CartItemParams,
    headers: CartTokenHeaders,
    body: { required: true, ...jsonContent(SetQuantityBody, documenting && examples.setQuantity) },
  },
  responses: documenting && {
    200: answersCart,
    ...cartProblems,
    ...blockedProblem,
    ...problemResponses(malformedBody),
  },
});

const removeItemRouteDef = createRoute({
  method: 'delete',
  path: `${base}/{cartId}/items/{itemId}`,
  operationId: documenting && 'removeCartItem',
  ...guestOrCustomer,
  tags,
  description: documenting && `Answers the cart. ${ACCESS} One round trip.`,
  request: { params: CartItemParams, headers: CartTokenHeaders },
  responses: documenting && { 200: answersCart, ...cartProblems, ...blockedProblem },
});

const promotionCodeProblems =
  documenting &&
  problemResponses({
    409: {
      description:
        '`promotion_used_up`: the code’s, the promotion’s or your own limit of uses is reached; or the cart has expired or was checked out',
      example: examples.promotionUsedUp,
    },
    422: {
      description: '`promotion_not_applicable`: the code does not apply to this cart now; `detail` says why',
      example: examples.promotionNotApplicable,
    },
  });

const setCodeRouteDef = createRoute({
  method: 'put',
  path: `${base}/{cartId}/promotion-code`,
  operationId: documenting && 'setCartPromotionCode',
  ...guestOrCustomer,
  tags,
  request: {
    params: CartParams,
    headers: CartTokenHeaders,
    body: { required: true, ...jsonContent(PromotionCodeBody, documenting && examples.cartPromotionCode) },
  },
  responses: documenting && {
    200: answersCart,
    ...cartProblems,
    ...promotionCodeProblems,
    ...blockedProblem,
    ...problemResponses(malformedBody),
  },
});

const removeCodeRouteDef = createRoute({
  method: 'delete',
  path: `${base}/{cartId}/promotion-code`,
  operationId: documenting && 'removeCartPromotionCode',
  ...guestOrCustomer,
  tags,
  description: documenting && `Answers the cart. ${ACCESS} One round trip.`,
  request: { params: CartParams, headers: CartTokenHeaders },
  responses: documenting && { 200: answersCart, ...cartProblems, ...blockedProblem },
});

/** Guest and customer carts: every request is one round trip and answers the cart with server-computed totals. */
export const storefrontCartRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(createRouteDef, async (c) => {
    const { store } = c.req.valid('param');
    // The body is optional: without one (or without a JSON content type) the validator leaves nothing.
    const input = c.req.valid('json') ?? {};
    const market = marketChoice(c, c.req.valid('query'));
    return privateJsonText(c, await createCart(c.var.db, store, await optionalShopper(c), input, market), 201);
  })
  .openapi(getRouteDef, async (c) => {
    const { store, cartId } = c.req.valid('param');
    return privateJsonText(c, await getCart(c.var.db, store, cartId, await shopperAccess(c, CART_TOKEN_HEADER)));
  })
  .openapi(updateRouteDef, async (c) => {
    const { store, cartId } = c.req.valid('param');
    return privateJsonText(
      c,
      await updateCart(c.var.db, store, cartId, await shopperAccess(c, CART_TOKEN_HEADER), c.req.valid('json')),
    );
  })
  .openapi(addItemRouteDef, async (c) => {
    const { store, cartId } = c.req.valid('param');
    return privateJsonText(
      c,
      await addCartItem(c.var.db, store, cartId, await shopperAccess(c, CART_TOKEN_HEADER), c.req.valid('json')),
    );
  })
  .openapi(setQuantityRouteDef, async (c) => {
    const { store, cartId, itemId } = c.req.valid('param');
    const access = await shopperAccess(c, CART_TOKEN_HEADER);
    return privateJsonText(
      c,
      await setCartItemQuantity(c.var.db, store, cartId, itemId, access, c.req.valid('json').quantity),
    );
  })
  .openapi(removeItemRouteDef, async (c) => {
    const { store, cartId, itemId } = c.req.valid('param');
    return privateJsonText(
      c,
      await setCartItemQuantity(c.var.db, store, cartId, itemId, await shopperAccess(c, CART_TOKEN_HEADER), 0),
    );
  })
  .openapi(setCodeRouteDef, async (c) => {
    const { store, cartId } = c.req.valid('param');
    const access = await shopperAccess(c, CART_TOKEN_HEADER);
    return privateJsonText(c, await setPromotionCode(c.var.db, store, cartId, access, c.req.valid('json').code));
  })
  .openapi(removeCodeRouteDef, async (c) => {
    const { store, cartId } = c.req.valid('param');
    return privateJsonText(
      c,
      await removePromotionCode(c.var.db, store, cartId, await shopperAccess(c, CART_TOKEN_HEADER)),
    );
  });
