import { z } from '@hono/zod-openapi';
import { PAYMENT_METHODS, PAYMENT_PROVIDERS, PAYMENT_STATUSES, REFUND_STATUSES } from '../lib/enums';
import { BooleanFlag } from './common';
import { PageQuery } from './pagination';
import { StoreParams } from './stores';

export const PaymentParams = StoreParams.extend({
  paymentId: z.uuid().openapi({ param: { name: 'paymentId', in: 'path' } }),
}).strict();
export const OrderParams = StoreParams.extend({
  orderId: z.uuid().openapi({ param: { name: 'orderId', in: 'path' } }),
}).strict();

export const PaymentListQuery = PageQuery.extend({
  status: z.enum(PAYMENT_STATUSES).optional(),
  method: z.enum(PAYMENT_METHODS).optional(),
  orderId: z.uuid().optional(),
  needsRefund: BooleanFlag.optional().openapi({
    param: { name: 'needsRefund', in: 'query' },
  }),
});

export const ConfirmPaymentBody = z
  .object({
    referenceSeen: z.string().trim().min(1).max(200).optional(),
    note: z.string().trim().min(1).max(500).optional(),
  })
  .strict();

export const RejectPaymentBody = z
  .object({
    reason: z.string().trim().min(1).max(500).openapi({ example: 'No transfer with this reference arrived.' }),
  })
  .strict();

const Actor = z.object({ type: z.string(), id: z.uuid().nullable() });

export const PaymentSchema = z
  .object({
    id: z.uuid(),
    orderId: z.uuid(),
    order: z.object({ number: z.string(), status: z.string() }),
    method: z.enum(PAYMENT_METHODS),
    provider: z.enum(PAYMENT_PROVIDERS),
    providerReference: z.string().nullable(),
    amount: z.number().int(),
    refundedAmount: z.number().int(),
    currency: z.string(),
    status: z.enum(PAYMENT_STATUSES),
    needsRefund: z.boolean(),
    failureReason: z.string().nullable(),
    instructions: z.record(z.string(), z.unknown()).nullable(),
    referenceSeen: z.string().nullable(),
    confirmedBy: Actor.nullable(),
    confirmedAt: z.string().nullable(),
    refunds: z.array(
      z.object({
        id: z.uuid(),
        amount: z.number().int(),
        status: z.string(),
        reason: z.string().nullable(),
        restock: z.boolean(),
        createdAt: z.string(),
      }),
    ),
    history: z.array(
      z.object({
        action: z.string(),
        from: z.string().nullable(),
        to: z.string().nullable(),
        source: z.string(),
        actor: Actor,
        details: z.unknown(),
        at: z.string(),
      }),
    ),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Payment');

const OrderLines = z
  .array(z.object({ orderItemId: z.uuid(), quantity: z.number().int().min(1).max(1_000_000) }).strict())
  .max(100);

/** Each line once in a list of order lines; an id is one id in any letter case, as the database reads it. */
function eachLineOnce(lines: { orderItemId: string }[] | undefined, field: string, context: z.RefinementCtx) {
  const seen = new Set<string>();
  lines?.forEach((line, index) => {
    const id = line.orderItemId.toLowerCase();
    if (seen.has(id))
      context.addIssue({ code: 'custom', path: [field, index, 'orderItemId'], message: 'Listed twice.' });
    seen.add(id);
  });
}

export const RefundBody = z
  .object({
    amount: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
    items: OrderLines.min(1).optional(),
    reason: z.string().trim().min(1).max(500).optional(),
    restock: OrderLines.optional(),
  })
  .strict()
  .superRefine((body, context) => {
    if (body.amount === undefined && body.items === undefined)
      context.addIssue({ code: 'custom', path: ['amount'], message: 'Give an amount, the items refunded, or both.' });
    eachLineOnce(body.items, 'items', context);
    eachLineOnce(body.restock, 'restock', context);
  });

export const RefundSchema = z
  .object({
    id: z.uuid(),
    paymentId: z.uuid(),
    orderId: z.uuid(),
    amount: z.number().int(),
    currency: z.string(),
    reason: z.string().nullable(),
    status: z.enum(REFUND_STATUSES),
    providerReference: z.string().nullable(),
    restock: z.boolean(),
    items: z.array(z.object({ orderItemId: z.uuid(), quantity: z.number().int() })).openapi({
      description: 'The order lines the refund paid back, as it named them; empty for a refund of an amount alone.',
    }),
    createdBy: Actor,
    createdAt: z.string(),
    payment: z.object({
      status: z.enum(PAYMENT_STATUSES),
      amount: z.number().int(),
      refundedAmount: z.number().int(),
      needsRefund: z.boolean(),
    }),
  })
  .openapi('Refund');

export const RefundListSchema = z.object({ data: z.array(RefundSchema) }).openapi('RefundList');

export const StripeAccountBody = z
  .object({
    publishableKey: z
      .string()
      .regex(/^pk_(test|live)_[A-Za-z0-9]{8,255}$/, 'A Stripe publishable key: pk_test_... or pk_live_...'),
    secretKey: z
      .string()
      .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9]{8,255}$/, 'A Stripe secret or restricted key: sk_test_..., rk_live_...'),
    webhookSecret: z
      .string()
      .regex(/^whsec_[A-Za-z0-9+/=_-]{8,255}$/, 'The webhook endpoint’s signing secret: whsec_...'),
  })
  .strict()
  .superRefine((body, context) => {
    const mode = (key: string) => (key.includes('_live_') ? 'live' : 'test');
    if (mode(body.publishableKey) !== mode(body.secretKey)) {
      context.addIssue({
        code: 'custom',
        path: ['secretKey'],
        message: 'The publishable and secret keys must both be test keys or both live keys.',
      });
    }
  });

export const StripeAccountSchema = z
  .object({
    configured: z.boolean(),
    mode: z.enum(['test', 'live']).nullable(),
    publishableKey: z.string().nullable(),
    secretKeyLast4: z.string().nullable(),
    webhookUrl: z.string(),
    updatedAt: z.string().nullable(),
  })
  .openapi('StripeAccount');
