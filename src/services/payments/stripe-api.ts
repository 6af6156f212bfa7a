import { ApiError } from '../../lib/api-error';

/**
 * The few calls we make to Stripe's REST API, with plain `fetch`: form-encoded
 * bodies, the store's secret key as bearer, an Idempotency-Key on every
 * create so that a retry never charges or refunds twice, and a pinned API
 * version so that Stripe's answers keep their shape.
 */

const STRIPE_API_BASE = 'https://api.stripe.com';

/** What the Worker needs to call Stripe for a store: the key that opens its sealed secret key, and Stripe's origin. */
export interface StripeSettings {
  sealingKey: string | undefined;
  stripeApiBase: string;
}

/** The Stripe settings of this deployment, from its bindings. */
export function stripeSettings(env: { PAYMENT_SECRETS_KEY?: string; STRIPE_API_BASE?: string }): StripeSettings {
  return { sealingKey: env.PAYMENT_SECRETS_KEY, stripeApiBase: env.STRIPE_API_BASE ?? STRIPE_API_BASE };
}
const STRIPE_VERSION = '2024-06-20';
const TIMEOUT_MS = 10_000;

export interface StripeConnection {
  baseUrl: string;
  secretKey: string;
}

export interface PaymentIntent {
  id: string;
  client_secret: string;
  status: string;
  amount: number;
  currency: string;
}

export interface StripeRefund {
  id: string;
  status: string;
  amount: number;
}

/**
 * Stripe answered with an error (`status` is its HTTP status), or could not
 * be reached (`status` 0). A 4xx means Stripe decided and nothing happened.
 */
export class StripeError extends Error {
  constructor(
    readonly status: number,
    readonly stripeCode: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'StripeError';
  }

  /** Whether Stripe certainly did nothing (it refused the request), as opposed to an unknown outcome. */
  get refused(): boolean {
    return this.status >= 400 && this.status < 500;
  }

  /** The 502 for our caller; `detailed` adds Stripe's own message (for staff, never for shoppers). */
  toApiError(detailed: boolean): ApiError {
    const detail =
      detailed && this.status
        ? `Stripe refused: ${this.message}`
        : 'The payment provider could not take the request; try again shortly.';
    return new ApiError(
      'payment_provider_error',
      detail,
      this.stripeCode ? [{ path: 'stripe', message: this.stripeCode }] : undefined,
    );
  }
}

/** `a[b][c]=v` form encoding of a nested object, as Stripe reads it. */
function formEncode(value: Record<string, unknown>, prefix = '', into = new URLSearchParams()): URLSearchParams {
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined || item === null) continue;
    const name = prefix ? `${prefix}[${key}]` : key;
    if (typeof item === 'object') formEncode(item as Record<string, unknown>, name, into);
    else into.append(name, String(item));
  }
  return into;
}

async function call<T>(
  connection: StripeConnection,
  method: 'GET' | 'POST',
  path: string,
  body?: Record<string, unknown>,
  idempotencyKey?: string,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(new URL(path, connection.baseUrl), {
      method,
      headers: {
        authorization: `Bearer ${connection.secretKey}`,
        'stripe-version': STRIPE_VERSION,
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
      },
      body: body ? formEncode(body).toString() : undefined,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new StripeError(0, undefined, `unreachable: ${error instanceof Error ? error.message : String(error)}`);
  }
  const answer = (await response.json().catch(() => ({}))) as T & { error?: { code?: string; message?: string } };
  if (!response.ok)
    throw new StripeError(response.status, answer.error?.code, answer.error?.message ?? `HTTP ${response.status}`);
  return answer;
}

/**
 * A PaymentIntent for an order's payment; the payment id is the
 * Idempotency-Key, so a retried checkout gets the same one. With
 * `captureManually` (a campaign join) the card is only authorised: Stripe
 * holds the money until `capturePaymentIntent`, or lets it go on cancel.
 */
export function createPaymentIntent(
  connection: StripeConnection,
  payment: {
    id: string;
    orderId: string;
    storeId: string;
    orderNumber: string;
    amount: number;
    currency: string;
    email: string;
    captureManually?: boolean;
  },
): Promise<PaymentIntent> {
  return call<PaymentIntent>(
    connection,
    'POST',
    '/v1/payment_intents',
    {
      amount: payment.amount,
      currency: payment.currency.toLowerCase(),
      automatic_payment_methods: { enabled: true },
      capture_method: payment.captureManually ? 'manual' : undefined,
      description: `Order ${payment.orderNumber}`,
      receipt_email: payment.email,
      metadata: {
        payment_id: payment.id,
        order_id: payment.orderId,
        store_id: payment.storeId,
        order_number: payment.orderNumber,
      },
    },
    `payment-intent:${payment.id}`,
  );
}

export function retrievePaymentIntent(connection: StripeConnection, id: string): Promise<PaymentIntent> {
  return call<PaymentIntent>(connection, 'GET', `/v1/payment_intents/${encodeURIComponent(id)}`);
}

/** A refund on a PaymentIntent; our refund id is the Idempotency-Key and in the metadata. */
export function createRefund(
  connection: StripeConnection,
  refund: { id: string; paymentIntent: string; amount: number; reason?: string },
): Promise<StripeRefund> {
  return call<StripeRefund>(
    connection,
    'POST',
    '/v1/refunds',
    {
      payment_intent: refund.paymentIntent,
      amount: refund.amount,
      metadata: { refund_id: refund.id, reason: refund.reason },
    },
    `refund:${refund.id}`,
  );
}

/** Takes the money an authorised (`requires_capture`) PaymentIntent holds, once whatever the retries. */
export function capturePaymentIntent(connection: StripeConnection, id: string): Promise<PaymentIntent> {
  return call<PaymentIntent>(
    connection,
    'POST',
    `/v1/payment_intents/${encodeURIComponent(id)}/capture`,
    {},
    `capture:${id}`,
  );
}

/** Cancels a PaymentIntent nobody will pay: Stripe then refuses to take money on it. */
export function cancelPaymentIntent(connection: StripeConnection, id: string): Promise<PaymentIntent> {
  return call<PaymentIntent>(
    connection,
    'POST',
    `/v1/payment_intents/${encodeURIComponent(id)}/cancel`,
    { cancellation_reason: 'abandoned' },
    `cancel:${id}`,
  );
}
