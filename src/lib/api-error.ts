/**
 * The API's expected failures as values: a stable code, its HTTP status and
 * title, and the error type that services and routes throw. Nothing here
 * knows about HTTP frameworks; `http/problem.ts` turns an `ApiError` into
 * a problem+json response.
 */
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Stable, machine-readable error codes; clients branch on these, never on `title` or `detail`. */
export const problemStatus = {
  bad_request: 400,
  validation_failed: 422,
  unauthorized: 401,
  forbidden: 403,
  customer_blocked: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  insufficient_stock: 409,
  cart_not_active: 409,
  campaign_full: 409,
  already_joined: 409,
  campaign_not_active: 409,
  promotion_not_applicable: 422,
  promotion_used_up: 409,
  invalid_transition: 409,
  idempotency_key_reuse: 422,
  payment_already_confirmed: 409,
  payment_not_pending: 409,
  order_cancelled: 409,
  payment_not_refundable: 409,
  refund_exceeds_payment: 409,
  webhook_deferred: 409,
  invalid_signature: 400,
  payment_provider_error: 502,
  payload_too_large: 413,
  precondition_required: 428,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
  service_unavailable: 503,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ProblemCode = keyof typeof problemStatus;

/** Each code's short, human title (RFC 9457 `title`). */
export const problemTitles: Record<ProblemCode, string> = {
  bad_request: 'Bad request',
  validation_failed: 'Validation failed',
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  customer_blocked: 'Customer blocked',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  conflict: 'Conflict',
  insufficient_stock: 'Insufficient stock',
  cart_not_active: 'Cart no longer active',
  campaign_full: 'Campaign full',
  already_joined: 'Already joined',
  campaign_not_active: 'Campaign not active',
  promotion_not_applicable: 'Promotion not applicable',
  promotion_used_up: 'Promotion used up',
  invalid_transition: 'Invalid transition',
  idempotency_key_reuse: 'Idempotency key reused',
  payment_already_confirmed: 'Payment already confirmed',
  payment_not_pending: 'Payment not pending',
  order_cancelled: 'Order cancelled',
  payment_not_refundable: 'Payment not refundable',
  refund_exceeds_payment: 'Refund exceeds payment',
  webhook_deferred: 'Webhook deferred',
  invalid_signature: 'Invalid signature',
  payment_provider_error: 'Payment provider error',
  payload_too_large: 'Payload too large',
  precondition_required: 'Precondition required',
  unsupported_media_type: 'Unsupported media type',
  rate_limited: 'Too many requests',
  internal_error: 'Internal server error',
  service_unavailable: 'Service unavailable',
};

/** One field-level problem inside `errors`. */
export interface FieldProblem {
  path?: string;
  message?: string;
  [key: string]: unknown;
}

/** RFC 9457 problem details, as every error of this API is answered. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ProblemCode;
  instance: string;
  errors?: FieldProblem[];
}

/**
 * The one error type that routes and services throw for an expected failure;
 * the app's error handler turns it into problem+json.
 */
export class ApiError extends Error {
  constructor(
    readonly code: ProblemCode,
    readonly detail: string,
    readonly errors?: FieldProblem[],
    readonly headers?: Record<string, string>,
  ) {
    super(detail);
    this.name = 'ApiError';
  }

  get status(): ContentfulStatusCode {
    return problemStatus[this.code];
  }
}

/** The 404 of a store slug that names no active store: the same whether it does not exist or the caller may not enter it. */
export function noSuchStore(slug: string): ApiError {
  return new ApiError('not_found', `No store is called '${slug}'.`);
}

/** Every code with its status and title, for the OpenAPI document's list of problem types (shown at /docs). */
export function problemTypes(): { code: ProblemCode; status: number; title: string }[] {
  return (Object.keys(problemStatus) as ProblemCode[]).map((code) => ({
    code,
    status: problemStatus[code],
    title: problemTitles[code],
  }));
}
