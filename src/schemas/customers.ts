import { z } from '@hono/zod-openapi';
import { CUSTOMER_SEGMENTS } from '../lib/enums';
import { AddressInput } from './checkout';
import { amounts, at, BUYER_EMAIL, buyerAddress, ids } from './example-story';
import { OrderSummarySchema, orderSummaryPageExample } from './orders';
import { type PageOf, PageQuery, pageExample } from './pagination';
import { StoreParams } from './stores';

export const CustomerParams = StoreParams.extend({
  customerId: z.uuid().openapi({ param: { name: 'customerId', in: 'path' } }),
}).strict();

export const CustomerListQuery = PageQuery.extend({
  segment: z.enum(CUSTOMER_SEGMENTS).optional(),
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .openapi({ description: 'Part of the email, name or phone, any case.' }),
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

// Whole-body examples for the document (the story is in example-story.ts).

/** Lucía saves the address her first order went to. */
export const newAddressExample = { ...buyerAddress, isDefault: true } satisfies z.input<typeof AddressBody>;

export const addressChangeExample = { phone: '+54 9 11 5555-0199' } satisfies z.input<typeof AddressChangeBody>;

export const savedAddressExample = {
  ...buyerAddress,
  id: ids.address,
  store: 'balsamoa',
  isDefault: true,
  createdAt: at.addressSaved,
  updatedAt: at.addressSaved,
} satisfies z.output<typeof SavedAddressSchema>;

export const savedAddressListExample = { data: [savedAddressExample] } satisfies z.output<
  typeof SavedAddressListSchema
>;

export const changedAddressExample = {
  ...savedAddressExample,
  ...addressChangeExample,
  updatedAt: at.addressChanged,
} satisfies z.output<typeof SavedAddressSchema>;

/** Lucía as the store knows her after the refund: one kept order, what it took net of the t-shirt. */
export const customerExample = {
  id: ids.customer,
  email: BUYER_EMAIL,
  name: buyerAddress.name,
  phone: buyerAddress.phone,
  hasAccount: true,
  segment: 'new',
  totalSpent: amounts.total - amounts.remera,
  currency: 'ARS',
  orderCount: 1,
  lastOrderAt: at.ordered,
  channelIds: {},
  createdAt: at.ordered,
  updatedAt: at.refunded,
} satisfies z.output<typeof CustomerSchema>;

export const customerPageExample = pageExample(customerExample) satisfies PageOf<typeof CustomerSchema>;

export const customerDetailExample = {
  ...customerExample,
  addresses: [savedAddressExample],
  orders: orderSummaryPageExample.data,
} satisfies z.output<typeof CustomerDetailSchema>;
