import type { z } from '@hono/zod-openapi';
import type {
  ConfirmPaymentBody,
  PaymentSchema,
  RefundBody,
  RefundSchema,
  RejectPaymentBody,
  StripeAccountBody,
  StripeAccountSchema,
} from '../../schemas/payments';
import { order } from './checkout';
import { type PageOf, pageExample } from './pagination';
import { ORDER_NUMBER, amounts, at, ids } from './story';

/** Whole-body examples of src/schemas/payments.ts, for the OpenAPI document (the story is in story.ts). */

export const confirmPayment = {
  referenceSeen: `Transferencia de FERNANDEZ LUCIA, concepto ${ORDER_NUMBER}`,
  note: 'Acreditada en la cuenta del Banco Galicia.',
} satisfies z.input<typeof ConfirmPaymentBody>;

export const rejectPayment = {
  reason: 'No llegó ninguna transferencia con esta referencia.',
} satisfies z.input<typeof RejectPaymentBody>;

const owner = { type: 'user', id: ids.owner };

/** Lucía's transfer, once the owner saw it arrive. */
export const payment = {
  id: ids.payment,
  orderId: ids.order,
  order: { number: ORDER_NUMBER, status: 'paid' },
  method: 'bank_transfer',
  provider: 'manual',
  providerReference: ORDER_NUMBER,
  amount: amounts.total,
  refundedAmount: 0,
  currency: 'ARS',
  status: 'confirmed',
  needsRefund: false,
  failureReason: null,
  instructions: order.payment.instructions,
  referenceSeen: confirmPayment.referenceSeen,
  confirmedBy: owner,
  confirmedAt: at.paid,
  refunds: [],
  history: [
    {
      action: 'confirm',
      from: 'pending',
      to: 'confirmed',
      source: 'api',
      actor: owner,
      details: { ...confirmPayment, requestId: ids.confirmRequest },
      at: at.paid,
    },
  ],
  createdAt: at.ordered,
  updatedAt: at.paid,
} satisfies z.output<typeof PaymentSchema>;

/** The t-shirt came back: its price is refunded and the unit goes back on sale. */
/** The remera, by its line: the amount is what was paid for it. */
export const newRefund = {
  items: [{ orderItemId: ids.orderItemRemera, quantity: 1 }],
  reason: 'Devolvió la remera: le quedó chica.',
  restock: [{ orderItemId: ids.orderItemRemera, quantity: 1 }],
} satisfies z.input<typeof RefundBody>;

export const refund = {
  id: ids.refund,
  paymentId: ids.payment,
  orderId: ids.order,
  amount: amounts.remera,
  currency: 'ARS',
  reason: newRefund.reason,
  status: 'succeeded',
  providerReference: null,
  restock: true,
  items: newRefund.items,
  createdBy: owner,
  createdAt: at.refunded,
  payment: {
    status: 'partially_refunded',
    amount: amounts.total,
    refundedAmount: amounts.remera,
    needsRefund: false,
  },
} satisfies z.output<typeof RefundSchema>;

export const stripeAccount = {
  publishableKey: 'pk_test_ExampleOnlyNotAKey',
  secretKey: 'sk_test_ExampleOnlyNotAKey',
  webhookSecret: 'whsec_ExampleOnlyNotASecret',
} satisfies z.input<typeof StripeAccountBody>;

/** Had no transfer arrived: the owner rejects the payment and the order is cancelled. */
export const rejectedPayment = {
  ...payment,
  order: { number: ORDER_NUMBER, status: 'cancelled' },
  status: 'rejected',
  failureReason: rejectPayment.reason,
  referenceSeen: null,
  confirmedBy: null,
  confirmedAt: null,
  history: [
    {
      action: 'reject',
      from: 'pending',
      to: 'rejected',
      source: 'api',
      actor: owner,
      details: { ...rejectPayment, requestId: ids.confirmRequest },
      at: at.paid,
    },
  ],
} satisfies z.output<typeof PaymentSchema>;

/** The store's Stripe account once `stripeAccount` was saved: test mode, the secret shown by its end only. */
export const stripeAccountView = {
  configured: true,
  mode: 'test',
  publishableKey: stripeAccount.publishableKey,
  secretKeyLast4: stripeAccount.secretKey.slice(-4),
  webhookUrl: '/v1/webhooks/stripe/balsamoa',
  updatedAt: at.stripeConnected,
} satisfies z.output<typeof StripeAccountSchema>;

export const paymentPage = pageExample(payment) satisfies PageOf<typeof PaymentSchema>;

export const refundList = { data: [refund] } satisfies { data: z.output<typeof RefundSchema>[] };
