import type { z } from '@hono/zod-openapi';
import type {
  AddressBody,
  AddressChangeBody,
  BlockCustomerBody,
  CreateCustomerBody,
  CustomerDetailSchema,
  CustomerSchema,
  SavedAddressListSchema,
  SavedAddressSchema,
  UpdateCustomerBody,
} from '../../schemas/customers';
import { orderSummaryPage } from './orders';
import { type PageOf, pageExample } from './pagination';
import { BUYER_EMAIL, CHAT_BUYER_PHONE, amounts, at, buyerAddress, ids, setupAt, setupIds } from './story';

/** Whole-body examples of src/schemas/customers.ts, for the OpenAPI document (the story is in story.ts). */

/** Lucía saves the address her first order went to. */
export const newAddress = { ...buyerAddress, isDefault: true } satisfies z.input<typeof AddressBody>;

export const addressChange = { phone: '+54 9 11 5555-0199' } satisfies z.input<typeof AddressChangeBody>;

export const savedAddress = {
  ...buyerAddress,
  id: ids.address,
  store: 'balsamoa',
  isDefault: true,
  createdAt: at.addressSaved,
  updatedAt: at.addressSaved,
} satisfies z.output<typeof SavedAddressSchema>;

export const savedAddressList = { data: [savedAddress] } satisfies z.output<typeof SavedAddressListSchema>;

export const changedAddress = {
  ...savedAddress,
  ...addressChange,
  updatedAt: at.addressChanged,
} satisfies z.output<typeof SavedAddressSchema>;

/** Lucía as the store knows her after the refund: one kept order, what it took net of the t-shirt. */
export const customer = {
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
  tags: [],
  notes: null,
  marketingConsent: false,
  marketingConsentAt: null,
  blockedAt: null,
  blockedReason: null,
  createdAt: at.ordered,
  updatedAt: at.refunded,
} satisfies z.output<typeof CustomerSchema>;

export const customerPage = pageExample(customer) satisfies PageOf<typeof CustomerSchema>;

export const customerDetail = {
  ...customer,
  addresses: [savedAddress],
  orders: orderSummaryPage.data,
} satisfies z.output<typeof CustomerDetailSchema>;

/** Staff record Martín, who orders over WhatsApp and is known by his phone. */
export const newCustomer = {
  name: 'Martín Sosa',
  phone: '+54 9 341 555-0987',
  channelIds: { whatsapp: CHAT_BUYER_PHONE },
  tags: ['Mayorista'],
  notes: 'Compra por mayor para su local en Rosario.',
  marketingConsent: true,
} satisfies z.input<typeof CreateCustomerBody>;

export const createdCustomer = {
  id: setupIds.chatCustomer,
  email: null,
  name: 'Martín Sosa',
  phone: CHAT_BUYER_PHONE,
  hasAccount: false,
  segment: 'new',
  totalSpent: 0,
  currency: 'ARS',
  orderCount: 0,
  lastOrderAt: null,
  channelIds: { whatsapp: CHAT_BUYER_PHONE },
  tags: ['mayorista'],
  notes: 'Compra por mayor para su local en Rosario.',
  marketingConsent: true,
  marketingConsentAt: setupAt.customerAdded,
  blockedAt: null,
  blockedReason: null,
  createdAt: setupAt.customerAdded,
  updatedAt: setupAt.customerAdded,
  addresses: [],
  orders: [],
} satisfies z.output<typeof CustomerDetailSchema>;

/** He gives an email for invoices. */
export const customerChange = {
  email: 'martin.sosa@example.com',
  tags: ['mayorista', 'factura-a'],
} satisfies z.input<typeof UpdateCustomerBody>;

export const changedCustomer = {
  ...createdCustomer,
  ...customerChange,
  updatedAt: setupAt.customerChanged,
} satisfies z.output<typeof CustomerDetailSchema>;

export const blockCustomer = {
  reason: 'Rechazó en la puerta dos envíos contra reembolso.',
} satisfies z.input<typeof BlockCustomerBody>;

export const blockedCustomer = {
  ...changedCustomer,
  blockedAt: setupAt.customerBlocked,
  blockedReason: blockCustomer.reason,
  updatedAt: setupAt.customerBlocked,
} satisfies z.output<typeof CustomerDetailSchema>;

export const unblockedCustomer = {
  ...changedCustomer,
  updatedAt: setupAt.customerUnblocked,
} satisfies z.output<typeof CustomerDetailSchema>;
