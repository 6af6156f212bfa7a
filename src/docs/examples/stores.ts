import type { z } from '@hono/zod-openapi';
import { STORE_SETTING_BOUNDS } from '../../lib/store-settings';
import type {
  AdminStoreSchema,
  CloseStoreBody,
  CreateStoreBody,
  PublicStoreSchema,
  StoreChangeBody,
  StoreSettingsSchema,
} from '../../schemas/stores';
import type { AccessTokenSchema } from '../../schemas/auth';
import { problemExample } from './common';
import { IMAGES, at, ids, tokens } from './story';

/** Whole-body examples of src/schemas/stores.ts, for the OpenAPI document (the story is in story.ts). */

export const publicStore = {
  id: ids.store,
  slug: 'balsamoa',
  name: 'Balsamoa',
  description: 'Ropa urbana de algodón, hecha en Buenos Aires.',
  currency: 'ARS',
  taxRateBps: 0,
  timezone: 'America/Argentina/Buenos_Aires',
  logoUrl: `${IMAGES}/logo.png`,
  coverUrl: `${IMAGES}/cover.jpg`,
  contactEmail: 'hola@balsamoa.test',
  contactPhone: '+54 11 5555-0100',
  address: {
    line1: 'Av. Santa Fe 3253',
    line2: 'Local 12',
    city: 'Ciudad Autónoma de Buenos Aires',
    region: 'CABA',
    postalCode: 'C1425BGE',
    country: 'AR',
  },
  channels: { instagram: 'balsamoa.ar', whatsapp: '+5491155550100' },
} satisfies z.output<typeof PublicStoreSchema>;

export const createStore = {
  slug: 'balsamoa',
  name: 'Balsamoa',
  currency: 'ARS',
  taxRateBps: 0,
  timezone: 'America/Argentina/Buenos_Aires',
  contactEmail: 'hola@balsamoa.test',
} satisfies z.input<typeof CreateStoreBody>;

/** A new store's settings: every default, no method configured but cash on delivery. */
const defaultSettings = {
  paymentMethods: null,
  bankTransferInstructions: null,
  zelleInstructions: null,
  taxRateBps: STORE_SETTING_BOUNDS.taxRateBps.default,
  pricesIncludeTax: false,
  reservationTtlMinutes: STORE_SETTING_BOUNDS.reservationTtlMinutes.default,
  lowStockThreshold: STORE_SETTING_BOUNDS.lowStockThreshold.default,
  catalogCacheMaxAgeSeconds: STORE_SETTING_BOUNDS.catalogCacheMaxAgeSeconds.default,
  catalogCacheStaleWhileRevalidateSeconds: STORE_SETTING_BOUNDS.catalogCacheStaleWhileRevalidateSeconds.default,
  vipTotalSpent: null,
  language: 'en',
  mailSenderName: null,
  mailReplyTo: null,
  storefrontUrl: null,
} satisfies z.output<typeof StoreSettingsSchema>;

/** Balsamoa as `POST /v1/stores` made it: the fields it was given, the rest empty. */
export const createdStore = {
  ...publicStore,
  description: null,
  logoUrl: null,
  coverUrl: null,
  contactPhone: null,
  address: null,
  channels: {},
  taxId: null,
  status: 'active',
  settings: defaultSettings,
  paymentMethodsOffered: ['cod'],
  createdAt: at.storeOpened,
  updatedAt: at.storeOpened,
} satisfies z.output<typeof AdminStoreSchema>;

/** With Stripe connected, the owner offers cards beside transfers and cash, and holds stock for an hour. */
export const storeChange = {
  description: 'Ropa urbana de algodón, hecha en Buenos Aires.',
  settings: {
    paymentMethods: ['bank_transfer', 'card', 'cod'],
    bankTransferInstructions:
      'Transferí el total al alias BALSAMOA.ROPA (CBU 0000003100000000000001) e indicá el número de pedido.',
    reservationTtlMinutes: 60,
    language: 'es',
    mailReplyTo: 'hola@balsamoa.com.ar',
  },
} satisfies z.input<typeof StoreChangeBody>;

export const adminStore = {
  ...publicStore,
  taxId: '30-71754321-9',
  status: 'active',
  settings: {
    ...defaultSettings,
    ...storeChange.settings,
    lowStockThreshold: 3,
  },
  paymentMethodsOffered: ['cod', 'bank_transfer', 'card'],
  createdAt: at.storeOpened,
  updatedAt: at.storeSettingsChanged,
} satisfies z.output<typeof AdminStoreSchema>;

export const closeStore = {
  reason: 'Vacaciones de verano: volvemos el 15 de enero.',
} satisfies z.input<typeof CloseStoreBody>;

export const closedStore = {
  ...adminStore,
  status: 'closed',
  updatedAt: at.storeClosed,
} satisfies z.output<typeof AdminStoreSchema>;

/** `POST /v1/stores`: the store, and an access token that carries its owner role. */
export const storeWithToken = {
  store: createdStore,
  accessToken: tokens.ownerAccess,
  expiresIn: 900,
} satisfies { store: z.output<typeof AdminStoreSchema> } & z.output<typeof AccessTokenSchema>;

export const currencyLocked = problemExample(
  'conflict',
  'This store already has prices or orders in ARS; its currency can no longer change.',
  [
    {
      path: 'currency',
      message: 'This store already has prices or orders in ARS; its currency can no longer change.',
    },
  ],
);
