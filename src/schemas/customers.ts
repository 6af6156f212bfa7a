import { z } from '@hono/zod-openapi';
import { CUSTOMER_SEGMENTS, MESSAGE_CHANNELS } from '../lib/enums';
import { Email } from './auth';
import { AddressInput } from './checkout';
import { BooleanFlag } from './common';
import { OrderSummarySchema } from './orders';
import { PageQuery } from './pagination';
import { StoreParams } from './stores';

export const CustomerParams = StoreParams.extend({
  customerId: z.uuid().openapi({ param: { name: 'customerId', in: 'path' } }),
}).strict();

/** How many tags a customer may carry, and how long each may be. */
export const MAX_CUSTOMER_TAGS = 20;
const MAX_TAG_LENGTH = 40;

/** A staff label: trimmed and lower-cased, so that `VIP` and `vip ` are one tag and the filter finds both. */
const Tag = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(MAX_TAG_LENGTH)
  .openapi({ type: 'string', example: 'mayorista' });

const Tags = z
  .array(Tag)
  .max(MAX_CUSTOMER_TAGS)
  .refine((tags) => new Set(tags).size === tags.length, 'Each tag once (tags are compared in lower case).')
  .openapi({
    description: `Staff’s labels, at most ${MAX_CUSTOMER_TAGS}, each 1 to ${MAX_TAG_LENGTH} characters; stored trimmed and in lower case. Replaces the customer’s tags.`,
  });

/**
 * A phone number in E.164: `+`, the country code and the number, 7 to 15
 * digits in all. Spaces, dots, dashes and parentheses between them are
 * dropped, so `+54 9 341 555-0987` is stored as `+5493415550987`; a number
 * without `+` is refused rather than guessed at (no country is assumed).
 */
export const Phone = z
  .string()
  .trim()
  .max(40)
  .transform((phone) => phone.replace(/[\s.()-]/g, ''))
  .pipe(
    z
      .string()
      .regex(/^\+[1-9]\d{6,14}$/, 'A phone number in E.164: +, the country code and the number, 7 to 15 digits.'),
  )
  // Martín's phone, CHAT_BUYER_PHONE of src/docs/examples/story.ts, written out: schemas never import examples.
  .openapi({ type: 'string', example: '+5493415550987' });

/** A customer's id on one chat channel (a handle, a user id, a number). */
export const ChannelId = z.string().trim().min(1).max(100);

/** Ids on chat channels, one per channel named in MESSAGE_CHANNELS; no other key. */
const ChannelIds = z
  .object(
    Object.fromEntries(MESSAGE_CHANNELS.map((channel) => [channel, ChannelId.optional()])) as Record<
      (typeof MESSAGE_CHANNELS)[number],
      z.ZodOptional<typeof ChannelId>
    >,
  )
  .strict()
  .openapi({ description: `The customer’s id on each chat channel (${MESSAGE_CHANNELS.join(', ')}).` });

const profileFields = {
  email: Email.nullable(),
  phone: Phone.nullable(),
  name: z.string().trim().min(1).max(200).nullable(),
  channelIds: ChannelIds,
  tags: Tags,
  notes: z.string().trim().min(1).max(2000).nullable(),
  marketingConsent: z.boolean(),
};

/** Whether a customer is known by something a store can reach them at. */
const reachable = (body: { email?: string | null; phone?: string | null; channelIds?: object }) =>
  Boolean(body.email || body.phone || Object.keys(body.channelIds ?? {}).length);

export const CreateCustomerBody = z
  .object(profileFields)
  .partial()
  .strict()
  .refine(reachable, { message: 'Give an email, a phone or a channel id: how the store knows the customer.' })
  .openapi('NewCustomer');

export const UpdateCustomerBody = z
  .object(profileFields)
  .partial()
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'Name at least one field to change.')
  .openapi('CustomerChange');

export const BlockCustomerBody = z
  .object({
    reason: z.string().trim().min(1).max(500),
  })
  .strict()
  .openapi('CustomerBlock');

export const CustomerListQuery = PageQuery.extend({
  segment: z.enum(CUSTOMER_SEGMENTS).optional(),
  q: z.string().trim().min(1).max(200).optional(),
  tag: Tag.optional(),
  blocked: BooleanFlag.optional(),
});

export const CustomerSchema = z
  .object({
    id: z.uuid(),
    email: z.string().nullable(),
    name: z.string().nullable(),
    phone: z.string().nullable(),
    hasAccount: z.boolean(),
    segment: z.enum(CUSTOMER_SEGMENTS),
    totalSpent: z.number().int(),
    currency: z.string(),
    orderCount: z.number().int(),
    lastOrderAt: z.string().nullable(),
    channelIds: z.record(z.string(), z.string()),
    tags: z.array(z.string()),
    notes: z.string().nullable(),
    marketingConsent: z.boolean(),
    marketingConsentAt: z.string().nullable(),
    blockedAt: z.string().nullable(),
    blockedReason: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Customer');

// The address's fields spread, not `AddressInput.extend()`: the document would render an
// extension as `allOf` of the strict Address and the rest, which no object can satisfy.
export const SavedAddressSchema = z
  .object({
    ...AddressInput.shape,
    id: z.uuid(),
    store: z.string(),
    isDefault: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('SavedAddress');

export const SavedAddressListSchema = z.object({ data: z.array(SavedAddressSchema) }).openapi('SavedAddressList');

export const CustomerDetailSchema = CustomerSchema.extend({
  addresses: z.array(SavedAddressSchema),
  orders: z.array(OrderSummarySchema),
}).openapi('CustomerDetail');

export const AddressStoreQuery = z
  .object({
    store: z
      .string()
      .min(1)
      .max(63)
      .openapi({
        param: { name: 'store', in: 'query' },
        example: 'balsamoa',
      }),
  })
  .strict();

export const AddressParams = z
  .object({ addressId: z.uuid().openapi({ param: { name: 'addressId', in: 'path' } }) })
  .strict();

// Spread, not `AddressInput.extend()`, for the reason SavedAddressSchema gives.
export const AddressBody = z
  .object({
    ...AddressInput.shape,
    isDefault: z.boolean().optional(),
  })
  .strict()
  .openapi('NewSavedAddress');

export const AddressChangeBody = AddressBody.partial()
  .refine((body) => Object.keys(body).length > 0, { message: 'Nothing to change.' })
  .openapi('SavedAddressChange');
