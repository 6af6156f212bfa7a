import type { z } from '@hono/zod-openapi';
import type {
  AdminOrderSchema,
  OrderNotesBody,
  OrderSummarySchema,
  ShipmentBody,
  ShipmentChangeBody,
  ShipmentSchema,
  StatusChangeBody,
} from '../../schemas/orders';
import { order } from './checkout';
import { type PageOf, pageExample } from './pagination';
import { BUYER_EMAIL, ORDER_NUMBER, amounts, at, ids } from './story';

/** Whole-body examples of src/schemas/orders.ts, for the OpenAPI document (the story is in story.ts). */

export const statusChange = { status: 'preparing', expectedStatus: 'paid' } satisfies z.input<typeof StatusChangeBody>;

export const orderNotes = {
  internalNotes: 'Envolver para regalo: lo pidió por WhatsApp.',
} satisfies z.input<typeof OrderNotesBody>;

export const newShipment = {
  carrier: 'Correo Argentino',
  trackingNumber: 'CA123456789AR',
  labelUrl: 'https://labels.example.com/balsamoa/CA123456789AR.pdf',
} satisfies z.input<typeof ShipmentBody>;

export const shipmentChange = { status: 'in_transit' } satisfies z.input<typeof ShipmentChangeBody>;

/** The parcel as the owner recorded it, which shipped the order. */
export const shipment = {
  id: ids.shipment,
  orderId: ids.order,
  ...newShipment,
  status: 'created',
  shippedAt: null,
  deliveredAt: null,
  createdAt: at.shipped,
  updatedAt: at.shipped,
} satisfies z.output<typeof ShipmentSchema>;

/** The parcel once the carrier took it (`shipmentChange`). */
export const inTransitShipment = {
  ...shipment,
  ...shipmentChange,
  shippedAt: at.inTransit,
  updatedAt: at.inTransit,
} satisfies z.output<typeof ShipmentSchema>;

const owner = { type: 'user', id: ids.owner };
const buyer = { id: ids.customer, email: BUYER_EMAIL, name: 'Lucía Fernández', segment: 'new' } as const;
const shippedAt = {
  createdAt: at.ordered,
  paidAt: at.paid,
  preparingAt: at.preparing,
  shippedAt: at.shipped,
  deliveredAt: null,
  cancelledAt: null,
  updatedAt: at.shipped,
};

export const orderSummaryPage = {
  data: [
    {
      id: ids.order,
      number: ORDER_NUMBER,
      status: 'shipped',
      email: BUYER_EMAIL,
      customer: buyer,
      currency: 'ARS',
      totals: order.totals,
      itemCount: 2,
      paymentStatus: 'confirmed',
      shippingAddress: order.shippingAddress,
      timestamps: shippedAt,
    },
  ],
  nextCursor: null,
} satisfies PageOf<typeof OrderSummarySchema>;

/** Lucía's order as staff see it once shipped: paid by transfer, prepared, with its parcel. */
export const adminOrder = {
  id: ids.order,
  number: ORDER_NUMBER,
  status: 'shipped',
  allowedTransitions: ['delivered'],
  email: BUYER_EMAIL,
  customer: buyer,
  currency: 'ARS',
  market: order.market,
  taxLines: order.taxLines,
  promotions: order.promotions,
  items: order.items,
  totals: order.totals,
  shippingAddress: order.shippingAddress,
  shippingRate: order.shippingRate,
  payments: [
    {
      id: ids.payment,
      method: 'bank_transfer',
      provider: 'manual',
      status: 'confirmed',
      amount: amounts.total,
      refundedAmount: 0,
      currency: 'ARS',
      needsRefund: false,
      providerReference: ORDER_NUMBER,
      failureReason: null,
      confirmedAt: at.paid,
      createdAt: at.ordered,
    },
  ],
  refunds: [],
  shipments: [shipment],
  history: [
    { from: null, to: 'pending_payment', reason: 'checkout', actor: { type: 'system', id: null }, at: at.ordered },
    { from: 'pending_payment', to: 'paid', reason: 'payment_confirmed', actor: owner, at: at.paid },
    { from: 'paid', to: 'preparing', reason: null, actor: owner, at: at.preparing },
    { from: 'preparing', to: 'shipped', reason: 'shipment_created', actor: owner, at: at.shipped },
  ],
  notes: order.notes,
  internalNotes: orderNotes.internalNotes,
  cancelReason: null,
  reservationExpiresAt: at.reservationExpires,
  timestamps: shippedAt,
} satisfies z.output<typeof AdminOrderSchema>;

/** The same order a moment after staff moved it to `preparing`, before the parcel. */
export const preparingOrder = {
  ...adminOrder,
  status: 'preparing',
  allowedTransitions: ['shipped', 'cancelled'],
  shipments: [],
  history: adminOrder.history.slice(0, 3),
  timestamps: { ...shippedAt, shippedAt: null, updatedAt: at.preparing },
} satisfies z.output<typeof AdminOrderSchema>;

export const shipmentPage = pageExample(shipment) satisfies PageOf<typeof ShipmentSchema>;
