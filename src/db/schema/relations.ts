import { relations } from 'drizzle-orm';
import { campaignParticipants, campaigns } from './campaigns';
import { cartItems, carts } from './carts';
import {
  categories,
  optionTypes,
  optionValues,
  prices,
  productCategories,
  productImages,
  products,
  variantOptionValues,
  variants,
} from './catalog';
import { addresses, customers } from './customers';
import {
  auditLog,
  customerMessages,
  events,
  newsletterSubscribers,
  webhookDeliveries,
  webhookEndpoints,
} from './engagement';
import { inventoryMovements, inventoryReservations } from './inventory';
import { orderItems, orders, orderStatusHistory } from './orders';
import { paymentAuditLog, paymentMethods, payments, refunds, webhookEvents } from './payments';
import { shipments, shippingRates } from './shipping';
import { apiKeys, refreshTokens, storeInvitations, storeMembers, stores, users } from './tenancy';

/**
 * Relations for drizzle's relational query API (`db.query.products.findMany({ with: ... })`).
 * They add no constraints (the foreign keys in the table files do that); each
 * `many` is paired with the `one` on the child that names the columns.
 */

// Tenancy and identity

export const storesRelations = relations(stores, ({ many }) => ({
  members: many(storeMembers),
  invitations: many(storeInvitations),
  apiKeys: many(apiKeys),
  customers: many(customers),
  categories: many(categories),
  products: many(products),
  optionTypes: many(optionTypes),
  shippingRates: many(shippingRates),
  carts: many(carts),
  orders: many(orders),
  campaigns: many(campaigns),
  newsletterSubscribers: many(newsletterSubscribers),
  webhookEndpoints: many(webhookEndpoints),
  auditLog: many(auditLog),
}));

export const usersRelations = relations(users, ({ many }) => ({
  memberships: many(storeMembers),
  refreshTokens: many(refreshTokens),
  customers: many(customers),
}));

export const storeMembersRelations = relations(storeMembers, ({ one }) => ({
  store: one(stores, { fields: [storeMembers.storeId], references: [stores.id] }),
  user: one(users, { fields: [storeMembers.userId], references: [users.id] }),
}));

export const storeInvitationsRelations = relations(storeInvitations, ({ one }) => ({
  store: one(stores, { fields: [storeInvitations.storeId], references: [stores.id] }),
  inviter: one(users, { fields: [storeInvitations.invitedBy], references: [users.id] }),
}));

export const apiKeysRelations = relations(apiKeys, ({ one }) => ({
  store: one(stores, { fields: [apiKeys.storeId], references: [stores.id] }),
  creator: one(users, { fields: [apiKeys.createdBy], references: [users.id] }),
}));

export const refreshTokensRelations = relations(refreshTokens, ({ one }) => ({
  user: one(users, { fields: [refreshTokens.userId], references: [users.id] }),
}));

// Customers

export const customersRelations = relations(customers, ({ one, many }) => ({
  store: one(stores, { fields: [customers.storeId], references: [stores.id] }),
  user: one(users, { fields: [customers.userId], references: [users.id] }),
  addresses: many(addresses),
  orders: many(orders),
  carts: many(carts),
  paymentMethods: many(paymentMethods),
  messages: many(customerMessages),
}));

export const addressesRelations = relations(addresses, ({ one }) => ({
  customer: one(customers, { fields: [addresses.customerId], references: [customers.id] }),
}));

// Catalog

export const categoriesRelations = relations(categories, ({ one, many }) => ({
  store: one(stores, { fields: [categories.storeId], references: [stores.id] }),
  parent: one(categories, { fields: [categories.parentId], references: [categories.id], relationName: 'categoryTree' }),
  children: many(categories, { relationName: 'categoryTree' }),
  productLinks: many(productCategories),
}));

export const productsRelations = relations(products, ({ one, many }) => ({
  store: one(stores, { fields: [products.storeId], references: [stores.id] }),
  variants: many(variants),
  images: many(productImages),
  categoryLinks: many(productCategories),
  prices: many(prices),
}));

export const productCategoriesRelations = relations(productCategories, ({ one }) => ({
  product: one(products, { fields: [productCategories.productId], references: [products.id] }),
  category: one(categories, { fields: [productCategories.categoryId], references: [categories.id] }),
}));

export const productImagesRelations = relations(productImages, ({ one }) => ({
  product: one(products, { fields: [productImages.productId], references: [products.id] }),
}));

export const optionTypesRelations = relations(optionTypes, ({ one, many }) => ({
  store: one(stores, { fields: [optionTypes.storeId], references: [stores.id] }),
  values: many(optionValues),
}));

export const optionValuesRelations = relations(optionValues, ({ one, many }) => ({
  optionType: one(optionTypes, { fields: [optionValues.optionTypeId], references: [optionTypes.id] }),
  variantLinks: many(variantOptionValues),
}));

export const variantsRelations = relations(variants, ({ one, many }) => ({
  product: one(products, { fields: [variants.productId], references: [products.id] }),
  optionValueLinks: many(variantOptionValues),
  prices: many(prices),
  movements: many(inventoryMovements),
  reservations: many(inventoryReservations),
}));

export const variantOptionValuesRelations = relations(variantOptionValues, ({ one }) => ({
  variant: one(variants, { fields: [variantOptionValues.variantId], references: [variants.id] }),
  optionValue: one(optionValues, { fields: [variantOptionValues.optionValueId], references: [optionValues.id] }),
}));

export const pricesRelations = relations(prices, ({ one }) => ({
  variant: one(variants, { fields: [prices.variantId], references: [variants.id] }),
  product: one(products, { fields: [prices.productId], references: [products.id] }),
}));

// Inventory

export const inventoryReservationsRelations = relations(inventoryReservations, ({ one }) => ({
  order: one(orders, { fields: [inventoryReservations.orderId], references: [orders.id] }),
  variant: one(variants, { fields: [inventoryReservations.variantId], references: [variants.id] }),
}));

export const inventoryMovementsRelations = relations(inventoryMovements, ({ one }) => ({
  variant: one(variants, { fields: [inventoryMovements.variantId], references: [variants.id] }),
}));

// Carts

export const cartsRelations = relations(carts, ({ one, many }) => ({
  store: one(stores, { fields: [carts.storeId], references: [stores.id] }),
  customer: one(customers, { fields: [carts.customerId], references: [customers.id] }),
  shippingRate: one(shippingRates, { fields: [carts.shippingRateId], references: [shippingRates.id] }),
  items: many(cartItems),
}));

export const cartItemsRelations = relations(cartItems, ({ one }) => ({
  cart: one(carts, { fields: [cartItems.cartId], references: [carts.id] }),
  variant: one(variants, { fields: [cartItems.variantId], references: [variants.id] }),
}));

// Orders

export const ordersRelations = relations(orders, ({ one, many }) => ({
  store: one(stores, { fields: [orders.storeId], references: [stores.id] }),
  customer: one(customers, { fields: [orders.customerId], references: [customers.id] }),
  shippingRate: one(shippingRates, { fields: [orders.shippingRateId], references: [shippingRates.id] }),
  items: many(orderItems),
  statusHistory: many(orderStatusHistory),
  payments: many(payments),
  refunds: many(refunds),
  shipments: many(shipments),
  reservations: many(inventoryReservations),
}));

export const orderItemsRelations = relations(orderItems, ({ one }) => ({
  order: one(orders, { fields: [orderItems.orderId], references: [orders.id] }),
  variant: one(variants, { fields: [orderItems.variantId], references: [variants.id] }),
  product: one(products, { fields: [orderItems.productId], references: [products.id] }),
}));

export const orderStatusHistoryRelations = relations(orderStatusHistory, ({ one }) => ({
  order: one(orders, { fields: [orderStatusHistory.orderId], references: [orders.id] }),
}));

// Payments

export const paymentsRelations = relations(payments, ({ one, many }) => ({
  order: one(orders, { fields: [payments.orderId], references: [orders.id] }),
  refunds: many(refunds),
  auditLog: many(paymentAuditLog),
}));

export const refundsRelations = relations(refunds, ({ one }) => ({
  payment: one(payments, { fields: [refunds.paymentId], references: [payments.id] }),
  order: one(orders, { fields: [refunds.orderId], references: [orders.id] }),
}));

export const paymentAuditLogRelations = relations(paymentAuditLog, ({ one }) => ({
  payment: one(payments, { fields: [paymentAuditLog.paymentId], references: [payments.id] }),
}));

export const webhookEventsRelations = relations(webhookEvents, ({ one }) => ({
  store: one(stores, { fields: [webhookEvents.storeId], references: [stores.id] }),
}));

export const paymentMethodsRelations = relations(paymentMethods, ({ one }) => ({
  customer: one(customers, { fields: [paymentMethods.customerId], references: [customers.id] }),
}));

// Shipping

export const shippingRatesRelations = relations(shippingRates, ({ one }) => ({
  store: one(stores, { fields: [shippingRates.storeId], references: [stores.id] }),
}));

export const shipmentsRelations = relations(shipments, ({ one }) => ({
  order: one(orders, { fields: [shipments.orderId], references: [orders.id] }),
}));

// Group buying

export const campaignsRelations = relations(campaigns, ({ one, many }) => ({
  store: one(stores, { fields: [campaigns.storeId], references: [stores.id] }),
  variant: one(variants, { fields: [campaigns.variantId], references: [variants.id] }),
  participants: many(campaignParticipants),
}));

export const campaignParticipantsRelations = relations(campaignParticipants, ({ one }) => ({
  campaign: one(campaigns, { fields: [campaignParticipants.campaignId], references: [campaigns.id] }),
  customer: one(customers, { fields: [campaignParticipants.customerId], references: [customers.id] }),
  order: one(orders, { fields: [campaignParticipants.orderId], references: [orders.id] }),
}));

// Engagement

export const newsletterSubscribersRelations = relations(newsletterSubscribers, ({ one }) => ({
  store: one(stores, { fields: [newsletterSubscribers.storeId], references: [stores.id] }),
}));

export const customerMessagesRelations = relations(customerMessages, ({ one }) => ({
  customer: one(customers, { fields: [customerMessages.customerId], references: [customers.id] }),
}));

export const auditLogRelations = relations(auditLog, ({ one }) => ({
  store: one(stores, { fields: [auditLog.storeId], references: [stores.id] }),
}));

export const eventsRelations = relations(events, ({ many }) => ({
  deliveries: many(webhookDeliveries),
}));

export const webhookEndpointsRelations = relations(webhookEndpoints, ({ one, many }) => ({
  store: one(stores, { fields: [webhookEndpoints.storeId], references: [stores.id] }),
  deliveries: many(webhookDeliveries),
}));

export const webhookDeliveriesRelations = relations(webhookDeliveries, ({ one }) => ({
  endpoint: one(webhookEndpoints, { fields: [webhookDeliveries.endpointId], references: [webhookEndpoints.id] }),
  event: one(events, { fields: [webhookDeliveries.eventId], references: [events.id] }),
}));
