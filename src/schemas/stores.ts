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
  description: text(5000),
  logoUrl: HttpUrl,
  coverUrl: HttpUrl,
  contactEmail: Email,
  contactPhone: text(40),
  address: StoreAddressSchema,
  timezone: TimeZone,
  taxId: text(50),
  channels: StoreChannelsSchema,
  currency: Currency,
};

export const PublicStoreSchema = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    currency: z.string().length(3).openapi({ example: 'ARS' }),
    taxRateBps: z.number().int(),
    timezone: z.string(),
    logoUrl: z.string().nullable(),
    coverUrl: z.string().nullable(),
    contactEmail: z.string().nullable(),
    contactPhone: z.string().nullable(),
    address: z.union([StoreAddressSchema, z.null()]),
    channels: z.record(z.string(), z.string()),
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
    paymentMethods: clearable(PaymentMethodList),
    bankTransferInstructions: clearable(text(2000)),
    zelleInstructions: clearable(text(2000)),
    taxRateBps: clearable(bounded('taxRateBps')),
    pricesIncludeTax: clearable(z.boolean()),
    reservationTtlMinutes: clearable(bounded('reservationTtlMinutes')),
    lowStockThreshold: clearable(bounded('lowStockThreshold')),
    catalogCacheMaxAgeSeconds: clearable(bounded('catalogCacheMaxAgeSeconds')),
    catalogCacheStaleWhileRevalidateSeconds: clearable(bounded('catalogCacheStaleWhileRevalidateSeconds')),
    vipTotalSpent: clearable(z.number().int().min(1).max(Number.MAX_SAFE_INTEGER)),
    language: clearable(z.enum(MAIL_LANGUAGES)),
    mailSenderName: clearable(text(100).regex(/^[^"<>\r\n]+$/, 'No quotes, angle brackets or line breaks.')),
    mailReplyTo: clearable(Email),
    storefrontUrl: clearable(HttpUrl),
  })
  .strict()
  .openapi('StoreSettingsChange');

/** The settings as they apply: a key the store never set answers its default. */
export const StoreSettingsSchema = z
  .object({
    paymentMethods: z.array(z.enum(PAYMENT_METHODS)).nullable(),
    bankTransferInstructions: z.string().nullable(),
    zelleInstructions: z.string().nullable(),
    taxRateBps: z.number().int(),
    pricesIncludeTax: z.boolean(),
    reservationTtlMinutes: z.number().int(),
    lowStockThreshold: z.number().int(),
    catalogCacheMaxAgeSeconds: z.number().int(),
    catalogCacheStaleWhileRevalidateSeconds: z.number().int(),
    vipTotalSpent: z.number().int().nullable(),
    language: z.enum(MAIL_LANGUAGES),
    mailSenderName: z.string().nullable(),
    mailReplyTo: z.string().nullable(),
    storefrontUrl: z.string().nullable(),
  })
  .openapi('StoreSettings');

export const AdminStoreSchema = PublicStoreSchema.extend({
  taxId: z.string().nullable(),
  status: z.enum(STORE_STATUSES),
  settings: StoreSettingsSchema,
  paymentMethodsOffered: z.array(z.enum(PAYMENT_METHODS)),
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
    currency: profileFields.currency.optional(),
    settings: StoreSettingsChange.optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, { message: 'Nothing to change.' })
  .openapi('StoreChange');

export const CloseStoreBody = z
  .object({
    reason: text(500).optional(),
  })
  .strict()
  .openapi('CloseStore');
