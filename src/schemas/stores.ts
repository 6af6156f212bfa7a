import { z } from '@hono/zod-openapi';
import { PAYMENT_METHODS, STORE_STATUSES } from '../lib/enums';
import { isTimeZone, MAIL_LANGUAGES, STORE_SETTING_BOUNDS } from '../lib/store-settings';
import { Email } from './auth';
import { HttpUrl } from './common';

/**
 * The `{store}` path segment: a store's slug. Longer than any slug can be is
 * a 422; any other value that names no active store, a 404.
 */
export const StoreParams = z
  .object({
    store: z
      .string()
      .min(1)
      .max(63)
      .openapi({ param: { name: 'store', in: 'path' }, example: 'balsamoa' }),
  })
  .strict();

const text = (max: number) => z.string().trim().min(1).max(max);

/**
 * A field that a change may clear: `null` clears it, leaving it out keeps
 * it. A union rather than `.nullable()`, which the document would render as
 * a bare `$ref` for a named schema, or drop for a field whose type is set by
 * hand (`Email`).
 */
const clearable = <T extends z.ZodType>(field: T) => z.union([field, z.null()]).optional();

/** Where a store is, for invoices and the storefront's contact page. */
export const StoreAddressSchema = z
  .object({
    line1: text(200),
    line2: clearable(text(200)),
    city: text(100),
    region: clearable(text(100)),
    postalCode: clearable(text(20)),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, 'An ISO 3166-1 alpha-2 country code in capitals, such as AR.')
      .openapi({ example: 'AR' }),
  })
  .strict()
  .openapi('StoreAddress');

/** Social and messaging handles; a change replaces the whole set (`{}` clears it). */
export const StoreChannelsSchema = z
  .object({
    whatsapp: text(100).optional(),
    telegram: text(100).optional(),
    instagram: text(100).optional(),
    facebook: text(100).optional(),
    tiktok: text(100).optional(),
    website: HttpUrl.optional(),
  })
  .strict()
  .openapi('StoreChannels');

const Currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'An ISO 4217 code in capitals, such as USD.')
  .openapi({ example: 'USD' });

const TimeZone = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine(isTimeZone, 'An IANA time zone, such as America/Argentina/Buenos_Aires.')
  .openapi({ example: 'America/Argentina/Buenos_Aires' });

/** The profile's fields as a request gives them, for a new store and for a change. */
const profileFields = {
  name: text(200),
  description: text(5000).openapi({ description: 'What the store sells, for its storefront.' }),
  logoUrl: HttpUrl,
  coverUrl: HttpUrl.openapi({ description: 'A banner image for the storefront.' }),
  contactEmail: Email,
  contactPhone: text(40),
  address: StoreAddressSchema,
  timezone: TimeZone,
  taxId: text(50).openapi({ description: 'The store’s tax id (CUIT, EIN, VAT number), for invoices.' }),
  channels: StoreChannelsSchema,
  currency: Currency,
};

export const PublicStoreSchema = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    currency: z
      .string()
      .length(3)
      .openapi({ description: 'ISO 4217; every amount of this store is in its minor units.', example: 'ARS' }),
    taxRateBps: z.number().int().openapi({
      description: 'The flat tax rate, in basis points (2100 = 21 %), where a destination has no tax rates.',
    }),
    timezone: z.string(),
    logoUrl: z.string().nullable(),
    coverUrl: z.string().nullable(),
    contactEmail: z.string().nullable(),
    contactPhone: z.string().nullable(),
    address: z.union([StoreAddressSchema, z.null()]),
    channels: z
      .record(z.string(), z.string())
      .openapi({ description: 'Handles such as whatsapp, instagram, telegram.' }),
  })
  .openapi('PublicStore');

/** What `POST /v1/stores` takes. The slug is permanent: access tokens name stores by it. */
export const CreateStoreBody = z
  .object({
    slug: z
      .string()
      .min(2)
      .max(63)
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Lower-case letters, digits and single hyphens between them.')
      .openapi({ example: 'mi-tienda' }),
    name: profileFields.name,
    currency: profileFields.currency,
    taxRateBps: z
      .number()
      .int()
      .min(STORE_SETTING_BOUNDS.taxRateBps.min)
      .max(STORE_SETTING_BOUNDS.taxRateBps.max)
      .optional(),
    timezone: profileFields.timezone.optional(),
    contactEmail: profileFields.contactEmail.optional(),
    description: profileFields.description.optional(),
    logoUrl: profileFields.logoUrl.optional(),
    coverUrl: profileFields.coverUrl.optional(),
    contactPhone: profileFields.contactPhone.optional(),
    address: profileFields.address.optional(),
    taxId: profileFields.taxId.optional(),
    channels: profileFields.channels.optional(),
  })
  .strict()
  .openapi('CreateStoreBody');

const bounded = (key: keyof typeof STORE_SETTING_BOUNDS) =>
  z.number().int().min(STORE_SETTING_BOUNDS[key].min).max(STORE_SETTING_BOUNDS[key].max);

/** What each setting means, said once for the view and the change. */
const settingDocs = {
  paymentMethods:
    'The methods checkout offers, among those the store has configured (bank transfer and Zelle need their instructions, card a Stripe account). Null: every configured method.',
  bankTransferInstructions:
    'Shown to the buyer who chooses bank transfer (account, alias, what to quote); bank transfer is offered only with them.',
  zelleInstructions: 'Shown to the buyer who chooses Zelle; Zelle is offered only with them.',
  taxRateBps:
    'The fallback tax rate, in basis points (2100 = 21 %): lines to a country the store has no tax rates for (or to no known destination) pay it, on the merchandise after discounts. Default 0.',
  pricesIncludeTax:
    'The home market’s tax mode: true, prices include the tax (EU style); false, tax is added on top (US style). Other markets have their own `taxInclusive`. Default false.',
  reservationTtlMinutes: `How long checkout holds stock for an unpaid order before it is released and the order cancelled. Default ${STORE_SETTING_BOUNDS.reservationTtlMinutes.default}.`,
  lowStockThreshold: `Available stock at or below this shows as \`low_stock\` on the storefront, for variants without a reorder level. Default ${STORE_SETTING_BOUNDS.lowStockThreshold.default}.`,
  catalogCacheMaxAgeSeconds: `How long edges keep a storefront catalog answer fresh (\`max-age\`); never past a scheduled price change. Default ${STORE_SETTING_BOUNDS.catalogCacheMaxAgeSeconds.default}.`,
  catalogCacheStaleWhileRevalidateSeconds: `How long past max-age an edge may answer while it fetches a fresh copy (\`stale-while-revalidate\`). Default ${STORE_SETTING_BOUNDS.catalogCacheStaleWhileRevalidateSeconds.default}.`,
  language: 'The language of the mails sent to the store’s buyers and subscribers: `en`, `es` or `id`. Default `en`.',
  mailSenderName: 'The name mails from the store are sent under. Default: the store’s name.',
  mailReplyTo: 'Where buyers’ replies to the store’s mails go. Default: the store’s contact email, if any.',
  storefrontUrl:
    'The storefront’s address: links in the store’s mails (verify an email, reset a password) open its pages `/verify-email` and `/reset-password` with `?token=`. Default: none, and the links lead to the API.',
  vipTotalSpent:
    'Total spent (minor units, net of refunds) from which a customer is `vip`, besides 5 kept orders. Null: spending alone makes nobody vip.',
} as const;

const PaymentMethodList = z
  .array(z.enum(PAYMENT_METHODS))
  .min(1)
  .max(PAYMENT_METHODS.length)
  .refine((methods) => new Set(methods).size === methods.length, 'List each method once.');

/**
 * A change of settings. A key given replaces its value; a key given as null
 * removes it, so its default applies again; a key left out stays.
 */
export const StoreSettingsChange = z
  .object({
    paymentMethods: clearable(PaymentMethodList).openapi({ description: settingDocs.paymentMethods }),
    bankTransferInstructions: clearable(text(2000)).openapi({ description: settingDocs.bankTransferInstructions }),
    zelleInstructions: clearable(text(2000)).openapi({ description: settingDocs.zelleInstructions }),
    taxRateBps: clearable(bounded('taxRateBps')).openapi({ description: settingDocs.taxRateBps }),
    pricesIncludeTax: clearable(z.boolean()).openapi({ description: settingDocs.pricesIncludeTax }),
    reservationTtlMinutes: clearable(bounded('reservationTtlMinutes')).openapi({
      description: settingDocs.reservationTtlMinutes,
    }),
    lowStockThreshold: clearable(bounded('lowStockThreshold')).openapi({ description: settingDocs.lowStockThreshold }),
    catalogCacheMaxAgeSeconds: clearable(bounded('catalogCacheMaxAgeSeconds')).openapi({
      description: settingDocs.catalogCacheMaxAgeSeconds,
    }),
    catalogCacheStaleWhileRevalidateSeconds: clearable(bounded('catalogCacheStaleWhileRevalidateSeconds')).openapi({
      description: settingDocs.catalogCacheStaleWhileRevalidateSeconds,
    }),
    vipTotalSpent: clearable(z.number().int().min(1).max(Number.MAX_SAFE_INTEGER)).openapi({
      description: settingDocs.vipTotalSpent,
    }),
    language: clearable(z.enum(MAIL_LANGUAGES)).openapi({ description: settingDocs.language }),
    mailSenderName: clearable(text(100).regex(/^[^"<>\r\n]+$/, 'No quotes, angle brackets or line breaks.')).openapi({
      description: settingDocs.mailSenderName,
    }),
    mailReplyTo: clearable(Email).openapi({ description: settingDocs.mailReplyTo }),
    storefrontUrl: clearable(HttpUrl).openapi({ description: settingDocs.storefrontUrl }),
  })
  .strict()
  .openapi('StoreSettingsChange');

/** The settings as they apply: a key the store never set answers its default. */
export const StoreSettingsSchema = z
  .object({
    paymentMethods: z.array(z.enum(PAYMENT_METHODS)).nullable().openapi({ description: settingDocs.paymentMethods }),
    bankTransferInstructions: z.string().nullable().openapi({ description: settingDocs.bankTransferInstructions }),
    zelleInstructions: z.string().nullable().openapi({ description: settingDocs.zelleInstructions }),
    taxRateBps: z.number().int().openapi({ description: settingDocs.taxRateBps }),
    pricesIncludeTax: z.boolean().openapi({ description: settingDocs.pricesIncludeTax }),
    reservationTtlMinutes: z.number().int().openapi({ description: settingDocs.reservationTtlMinutes }),
    lowStockThreshold: z.number().int().openapi({ description: settingDocs.lowStockThreshold }),
    catalogCacheMaxAgeSeconds: z.number().int().openapi({ description: settingDocs.catalogCacheMaxAgeSeconds }),
    catalogCacheStaleWhileRevalidateSeconds: z
      .number()
      .int()
      .openapi({ description: settingDocs.catalogCacheStaleWhileRevalidateSeconds }),
    vipTotalSpent: z.number().int().nullable().openapi({ description: settingDocs.vipTotalSpent }),
    language: z.enum(MAIL_LANGUAGES).openapi({ description: settingDocs.language }),
    mailSenderName: z.string().nullable().openapi({ description: settingDocs.mailSenderName }),
    mailReplyTo: z.string().nullable().openapi({ description: settingDocs.mailReplyTo }),
    storefrontUrl: z.string().nullable().openapi({ description: settingDocs.storefrontUrl }),
  })
  .openapi('StoreSettings', {
    description:
      'The settings as they apply now: a key the store never set (or removed) answers its default. The Stripe keys are never shown: see payment-providers/stripe.',
  });

export const AdminStoreSchema = PublicStoreSchema.extend({
  taxId: z.string().nullable(),
  status: z.enum(STORE_STATUSES).openapi({
    description:
      '`active`; `closed` by its owner (no storefront, the admin stays); `suspended` or `archived` by the platform.',
  }),
  settings: StoreSettingsSchema,
  paymentMethodsOffered: z.array(z.enum(PAYMENT_METHODS)).openapi({
    description: 'What checkout offers now: the methods `settings.paymentMethods` allows that are configured.',
  }),
  createdAt: z.string().openapi({ format: 'date-time' }),
  updatedAt: z.string().openapi({ format: 'date-time' }),
}).openapi('AdminStore');

/**
 * A change of the store: the profile fields given, and `settings`. Fields
 * left out stay; nullable ones are cleared with null.
 */
export const StoreChangeBody = z
  .object({
    name: profileFields.name.optional(),
    description: clearable(profileFields.description),
    logoUrl: clearable(profileFields.logoUrl),
    coverUrl: clearable(profileFields.coverUrl),
    contactEmail: clearable(profileFields.contactEmail),
    contactPhone: clearable(profileFields.contactPhone),
    address: clearable(profileFields.address),
    timezone: profileFields.timezone.optional(),
    taxId: clearable(profileFields.taxId),
    channels: profileFields.channels.optional(),
    currency: profileFields.currency.optional().openapi({
      description:
        'Only while the store has no prices and no orders (else 409); its shipping rates’ currency follows, their amounts kept as they are.',
    }),
    settings: StoreSettingsChange.optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, { message: 'Nothing to change.' })
  .openapi('StoreChange');

export const CloseStoreBody = z
  .object({
    reason: text(500).optional().openapi({ description: 'Kept in the audit log.' }),
  })
  .strict()
  .openapi('CloseStore');
