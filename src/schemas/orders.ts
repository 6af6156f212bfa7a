import { z } from '@hono/zod-openapi';
import { Instant } from './common';
import {
  CUSTOMER_SEGMENTS,
  ORDER_STATUSES,
  PAYMENT_METHODS,
  PAYMENT_PROVIDERS,
  PAYMENT_STATUSES,
  REFUND_STATUSES,
  SHIPMENT_STATUSES,
} from '../lib/enums';
import { TotalsSchema } from './carts';
import { AddressInput, OrderItemSchema, OrderPricingFields } from './checkout';
import { PageQuery } from './pagination';
import { StoreParams } from './stores';

const Actor = z.object({ type: z.string(), id: z.uuid().nullable() });
const Timestamp = z.string().nullable();

export const OrderListQuery = PageQuery.extend({
  status: z.enum(ORDER_STATUSES).optional(),
  paymentStatus: z.enum(PAYMENT_STATUSES).optional(),
  customerId: z.uuid().optional(),
  from: Instant.optional(),
  to: Instant.optional(),
  q: z.string().trim().min(1).max(200).optional(),
}).superRefine((query, context) => {
  if (query.from && query.to && Date.parse(query.from) >= Date.parse(query.to)) {
    context.addIssue({ code: 'custom', path: ['to'], message: 'Must be after `from`.' });
  }
});

export const StatusChangeBody = z
  .object({
    status: z.enum(ORDER_STATUSES).exclude(['pending_payment']),
    reason: z.string().trim().min(1).max(500).optional(),
    expectedStatus: z.enum(ORDER_STATUSES).optional(),
  })
  .strict()
  .superRefine((body, context) => {
    if (body.status === 'cancelled' && !body.reason)
      context.addIssue({ code: 'custom', path: ['reason'], message: 'Say why the order is cancelled.' });
  })
  .openapi('OrderStatusChange');

export const OrderNotesBody = z
  .object({
    internalNotes: z.string().trim().max(5000).nullable(),
  })
  .strict();

const OrderTimestamps = z.object({
  createdAt: z.string(),
  paidAt: Timestamp,
  preparingAt: Timestamp,
  shippedAt: Timestamp,
  deliveredAt: Timestamp,
  cancelledAt: Timestamp,
  updatedAt: z.string(),
});

const CustomerRef = z
  .object({
    id: z.uuid(),
    email: z.string().nullable(),
    name: z.string().nullable(),
    segment: z.enum(CUSTOMER_SEGMENTS),
  })
  .nullable();

export const ShipmentSchema = z
  .object({
    id: z.uuid(),
    orderId: z.uuid(),
    carrier: z.string(),
    trackingNumber: z.string().nullable(),
    labelUrl: z.string().nullable(),
    status: z.enum(SHIPMENT_STATUSES),
    shippedAt: Timestamp,
    deliveredAt: Timestamp,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Shipment');

export const OrderSummarySchema = z
  .object({
    id: z.uuid(),
    number: z.string(),
    status: z.enum(ORDER_STATUSES),
    email: z.string(),
    customer: CustomerRef,
    currency: z.string(),
    totals: TotalsSchema,
    itemCount: z.number().int(),
    paymentStatus: z.enum(PAYMENT_STATUSES).nullable(),
    // A union, not `.nullable()`: the document renders that as `allOf` of Address and a type, which refuses null.
    shippingAddress: z.union([AddressInput, z.null()]),
    timestamps: OrderTimestamps,
  })
  .openapi('OrderSummary');

export const AdminOrderSchema = OrderSummarySchema.omit({ itemCount: true, paymentStatus: true })
  .extend({
    allowedTransitions: z.array(z.enum(ORDER_STATUSES)),
    ...OrderPricingFields,
    items: z.array(OrderItemSchema),
    shippingRate: z.object({ id: z.uuid().nullable(), name: z.string().nullable() }),
    payments: z.array(
      z.object({
        id: z.uuid(),
        method: z.enum(PAYMENT_METHODS),
        provider: z.enum(PAYMENT_PROVIDERS),
        status: z.enum(PAYMENT_STATUSES),
        amount: z.number().int(),
        refundedAmount: z.number().int(),
        currency: z.string(),
        needsRefund: z.boolean(),
        providerReference: z.string().nullable(),
        failureReason: z.string().nullable(),
        confirmedAt: Timestamp,
        createdAt: z.string(),
      }),
    ),
    refunds: z.array(
      z.object({
        id: z.uuid(),
        paymentId: z.uuid(),
        amount: z.number().int(),
        currency: z.string(),
        reason: z.string().nullable(),
        status: z.enum(REFUND_STATUSES),
        restock: z.boolean(),
        createdBy: Actor,
        createdAt: z.string(),
      }),
    ),
    shipments: z.array(ShipmentSchema),
    history: z.array(
      z.object({
        from: z.enum(ORDER_STATUSES).nullable(),
        to: z.enum(ORDER_STATUSES),
        reason: z.string().nullable(),
        actor: Actor,
        at: z.string(),
      }),
    ),
    notes: z.string().nullable(),
    internalNotes: z.string().nullable(),
    cancelReason: z.string().nullable(),
    reservationExpiresAt: Timestamp,
  })
  .openapi('AdminOrder');

const optionalText = (max: number) => z.string().trim().min(1).max(max).nullable().optional();
const LabelUrl = z
  .url({ protocol: /^https$/ })
  .max(2000)
  .nullable()
  .optional();

export const ShipmentParams = StoreParams.extend({
  shipmentId: z.uuid().openapi({ param: { name: 'shipmentId', in: 'path' } }),
}).strict();

export const ShipmentListQuery = PageQuery.extend({
  status: z.enum(SHIPMENT_STATUSES).optional(),
  orderId: z.uuid().optional(),
});

export const ShipmentBody = z
  .object({
    carrier: z.string().trim().min(1).max(100).openapi({ example: 'Correo Argentino' }),
    trackingNumber: optionalText(100),
    labelUrl: LabelUrl,
  })
  .strict()
  .openapi('NewShipment');

export const ShipmentChangeBody = z
  .object({
    status: z.enum(SHIPMENT_STATUSES).exclude(['created']).optional(),
    carrier: z.string().trim().min(1).max(100).optional(),
    trackingNumber: optionalText(100),
    labelUrl: LabelUrl,
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, { message: 'Nothing to change.' })
  .openapi('ShipmentChange');
