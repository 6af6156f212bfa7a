import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../env';
import { publicAccess } from '../http/security';
import { ApiError, noSuchStore } from '../lib/api-error';
import { validationHook } from '../http/validation';
import { examples, documenting } from '#examples';
import { jsonContent, problemResponses } from '../schemas/common';
import { StoreParams } from '../schemas/stores';
import { webhookSecretFor } from '../services/payments/stripe-account';
import {
  MAX_EVENT_BYTES,
  parseEvent,
  processStripeEvent,
  recordRejectedDelivery,
} from '../services/payments/stripe-events';
import { verifyStripeSignature } from '../services/payments/stripe-signature';

const ReceiptSchema = z
  .object({
    received: z.literal(true),
    eventId: z.string(),
    outcome: z.enum(['applied', 'flagged', 'ignored', 'duplicate']),
  })
  .openapi('WebhookReceipt');

const stripeRoute = createRoute({
  method: 'post',
  path: '/v1/webhooks/stripe/{store}',
  operationId: documenting && 'receiveStripeWebhook',
  ...publicAccess,
  tags: ['Webhooks'],
  request: { params: StoreParams },
  responses: documenting && {
    200: {
      description: 'Received',
      ...jsonContent(ReceiptSchema, examples.webhookReceipt),
    },
    ...problemResponses({
      400: '`invalid_signature` (missing, wrong or stale), or a body that is not a Stripe event; nothing changed but the delivery log',
      404: 'No such store, or it has no Stripe account',
      409: '`webhook_deferred`: the event came before one it depends on (a refund before its payment’s success); Stripe will deliver it again',
      413: 'The body is too large',
    }),
  },
});

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** Payment providers' webhooks: public routes, authenticated by their signatures. */
export const webhookRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
  stripeRoute,
  async (c) => {
    const { store: slug } = c.req.valid('param');
    if (Number(c.req.header('content-length') ?? 0) > MAX_EVENT_BYTES)
      throw new ApiError('payload_too_large', 'A webhook body may be at most 256 KiB.');
    const body = await c.req.text();
    if (new TextEncoder().encode(body).length > MAX_EVENT_BYTES)
      throw new ApiError('payload_too_large', 'A webhook body may be at most 256 KiB.');
    const json = parseJson(body);
    const payload = json.ok ? json.value : { raw: body.slice(0, 4096) };

    let store = await webhookSecretFor(c.var.db, c.env.PAYMENT_SECRETS_KEY, slug);
    if (!store?.secret) {
      await recordRejectedDelivery(c.var.db, store?.storeId ?? null, payload, {
        signatureValid: false,
        error: store ? 'no Stripe account' : 'no such store',
      });
      throw store ? new ApiError('not_found', 'This store does not take card payments.') : noSuchStore(slug);
    }
    const signature = c.req.header('stripe-signature');
    let check = await verifyStripeSignature(signature, body, store.secret);
    if (!check.valid && store.fromCache) {
      // The store may have rotated its secret since this isolate read it.
      store = (await webhookSecretFor(c.var.db, c.env.PAYMENT_SECRETS_KEY, slug, { fresh: true })) ?? store;
      if (store.secret) check = await verifyStripeSignature(signature, body, store.secret);
    }
    if (!check.valid) {
      await recordRejectedDelivery(c.var.db, store.storeId, payload, { signatureValid: false, error: check.reason });
      throw new ApiError(
        'invalid_signature',
        `The Stripe-Signature does not verify: ${check.reason}. Nothing changed.`,
      );
    }

    const parsed = json.ok ? parseEvent(json.value) : { error: 'not JSON' };
    if ('error' in parsed) {
      await recordRejectedDelivery(c.var.db, store.storeId, payload, { signatureValid: true, error: parsed.error });
      throw new ApiError(
        'bad_request',
        `The body is not a Stripe event we can read (${parsed.error}). Nothing changed.`,
      );
    }
    const outcome = await processStripeEvent(c.var.db, store.storeId, parsed.event);
    if (outcome === 'deferred') {
      throw new ApiError(
        'webhook_deferred',
        'This refund is for a payment whose success has not arrived yet; it will be applied on a later delivery.',
      );
    }
    return c.json({ received: true as const, eventId: parsed.event.id, outcome }, 200);
  },
);
