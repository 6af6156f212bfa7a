import type { z } from '@hono/zod-openapi';
import type {
  CartSchema,
  CreateCartBody,
  CreatedCartSchema,
  LineInput,
  PromotionCodeBody,
  SetQuantityBody,
  UpdateCartBody,
} from '../../schemas/carts';
import { problemExample } from './common';
import { BUYER_EMAIL, IMAGES, amounts, at, ids, tokens } from './story';

/** Whole-body examples of src/schemas/carts.ts, for the OpenAPI document (the story is in story.ts). */

export const createCart = {
  items: [{ variantId: ids.hoodieNegroM, quantity: 1 }],
} satisfies z.input<typeof CreateCartBody>;

export const updateCart = {
  email: BUYER_EMAIL,
  shippingRateId: ids.rateStandard,
} satisfies z.input<typeof UpdateCartBody>;

export const addCartItem = { variantId: ids.remeraBlancoM, quantity: 1 } satisfies z.input<typeof LineInput>;

export const setQuantity = { quantity: 2 } satisfies z.input<typeof SetQuantityBody>;

export const cartPromotionCode = { code: 'invierno10' } satisfies z.input<typeof PromotionCodeBody>;

export const promotionNotApplicable = problemExample(
  'promotion_not_applicable',
  'The cart has not reached this code’s minimum subtotal.',
  [{ path: 'code', message: 'The cart has not reached this code’s minimum subtotal.' }],
);

export const promotionUsedUp = problemExample('promotion_used_up', 'This code has been used up.', [
  { path: 'code', message: 'This code has been used up.' },
]);

type CartLine = z.output<typeof CartSchema>['items'][number];

const hoodieLine = {
  id: ids.cartItemHoodie,
  variantId: ids.hoodieNegroM,
  productId: ids.hoodie,
  productSlug: 'hoodie-oversize-essential',
  productName: 'Hoodie Oversize Essential',
  sku: 'BAL-HOE-NEG-M',
  variantLabel: 'M / Negro',
  imageUrl: `${IMAGES}/hoodie-oversize-essential-1.jpg`,
  quantity: 1,
  unitPrice: amounts.hoodie,
  compareAtPrice: null,
  lineTotal: amounts.hoodie,
  discount: 0,
  purchasable: true,
  availability: 'in_stock',
} satisfies CartLine;

const remeraLine = {
  id: ids.cartItemRemera,
  variantId: ids.remeraBlancoM,
  productId: ids.remera,
  productSlug: 'remera-premium-algodon',
  productName: 'Remera Premium Algodón',
  sku: 'BAL-RPA-BLA-M',
  variantLabel: 'M / Blanco',
  imageUrl: `${IMAGES}/remera-premium-algodon-1.jpg`,
  quantity: 1,
  unitPrice: amounts.remera,
  compareAtPrice: null,
  lineTotal: amounts.remera,
  discount: 0,
  purchasable: true,
  availability: 'in_stock',
} satisfies CartLine;

/** A guest's new cart with the hoodie in it. */
const newCart = {
  id: ids.cart,
  status: 'active',
  market: 'default',
  currency: 'ARS',
  email: null,
  customerId: null,
  orderId: null,
  country: 'AR',
  region: null,
  taxInclusive: false,
  items: [hoodieLine],
  itemCount: 1,
  shippingRate: null,
  promotionCode: null,
  promotions: [],
  taxLines: [],
  totals: { subtotal: amounts.hoodie, discount: 0, shipping: 0, tax: 0, taxIncluded: 0, total: amounts.hoodie },
  expiresAt: at.newCartExpires,
  createdAt: at.cartCreated,
  updatedAt: at.cartCreated,
} satisfies z.output<typeof CartSchema>;

export const createdCart = { ...newCart, token: tokens.cart } satisfies z.output<typeof CreatedCartSchema>;

/** The cart ready for checkout: the t-shirt added, an email and standard shipping chosen. */
export const cart = {
  ...newCart,
  email: BUYER_EMAIL,
  items: [hoodieLine, remeraLine],
  itemCount: 2,
  shippingRate: {
    id: ids.rateStandard,
    name: 'Envío estándar',
    amount: amounts.standardShipping,
    freeOverAmount: amounts.freeShippingOver,
  },
  totals: {
    subtotal: amounts.subtotal,
    discount: 0,
    shipping: amounts.standardShipping,
    tax: 0,
    taxIncluded: 0,
    total: amounts.total,
  },
  expiresAt: at.cartExpires,
  updatedAt: at.cartUpdated,
} satisfies z.output<typeof CartSchema>;

/** The cart's lines, which the order keeps as bought. */
export const cartLines = { hoodie: hoodieLine, remera: remeraLine };
