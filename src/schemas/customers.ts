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
  email: Email.nullable().openapi({
    description:
      'Stored in lower case; one customer per email in a store (409). Changing it is refused for a customer who signs in with an account: theirs follows the account.',
  }),
  phone: Phone.nullable(),
  name: z.string().trim().min(1).max(200).nullable(),
  channelIds: ChannelIds,
  tags: Tags,
  notes: z
    .string()
    .trim()
    .min(1)
    .max(2000)
    .nullable()
    .openapi({ description: 'Staff’s private notes; never shown to the customer.' }),
  marketingConsent: z
    .boolean()
    .openapi({ description: 'Whether they agreed to marketing messages; the time it last changed is kept.' }),
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
    reason: z.string().trim().min(1).max(500).openapi({ description: 'Why, for staff; never shown to the customer.' }),
  })
  .strict()
  .openapi('CustomerBlock');

export const CustomerListQuery = PageQuery.extend({
  segment: z.enum(CUSTOMER_SEGMENTS).optional(),
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .openapi({ description: 'Part of the email, name or phone, any case.' }),
  tag: Tag.optional().openapi({ description: 'Only customers with this tag (any case).' }),
  blocked: BooleanFlag.optional().openapi({ description: 'Only blocked customers (`true`) or only the others.' }),
});

export const CustomerSchema = z
  .object({
    id: z.uuid(),
    email: z.string().nullable(),
    name: z.string().nullable(),
    phone: z.string().nullable(),
    hasAccount: z.boolean().openapi({ description: 'Linked to a user account (signed-in purchases).' }),
    segment: z.enum(CUSTOMER_SEGMENTS).openapi({
      description: '`vip` from 5 kept orders or the store’s `vipTotalSpent` setting; `regular` from 2; else `new`.',
    }),
    totalSpent: z
      .number()
      .int()
      .openapi({ description: 'What their paid, not cancelled orders took, net of refunds, in minor units.' }),
    currency: z.string(),
    orderCount: z.number().int().openapi({ description: 'Their orders that were paid and not cancelled.' }),
    lastOrderAt: z.string().nullable(),
    channelIds: z.record(z.string(), z.string()),
    tags: z.array(z.string()),
    notes: z.string().nullable().openapi({ description: 'Staff’s private notes.' }),
    marketingConsent: z.boolean(),
    marketingConsentAt: z.string().nullable().openapi({ description: 'When the consent last changed.' }),
    blockedAt: z
      .string()
      .nullable()
      .openapi({ description: 'Set while they are blocked: they can open no cart and place no order.' }),
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
    store: z.string().openapi({ description: 'The store’s slug.' }),
    isDefault: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('SavedAddress');

export const SavedAddressListSchema = z.object({ data: z.array(SavedAddressSchema) }).openapi('SavedAddressList');

export const CustomerDetailSchema = CustomerSchema.extend({
  addresses: z.array(SavedAddressSchema),
  orders: z
    .array(OrderSummarySchema)
    .openapi({ description: 'The latest 20; `GET orders?customerId=` pages through all.' }),
}).openapi('CustomerDetail');

export const AddressStoreQuery = z
  .object({
    store: z
      .string()
      .min(1)
      .max(63)
      .openapi({
        param: { name: 'store', in: 'query' },
        description: 'The store’s slug: addresses are kept per store.',
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
    isDefault: z
      .boolean()
      .optional()
      .openapi({ description: 'Make it the default (the first address saved always is).' }),
  })
  .strict()
  .openapi('NewSavedAddress');

export const AddressChangeBody = AddressBody.partial()
  .refine((body) => Object.keys(body).length > 0, { message: 'Nothing to change.' })
  .openapi('SavedAddressChange');
