/**
 * Vitest global setup: a local HTTP server that plays Stripe's part for the
 * Worker (STRIPE_API_BASE points here in the tests). It keeps
 * PaymentIntents and refunds in memory and behaves as Stripe does where the
 * Worker depends on it: bearer secret keys, form-encoded bodies,
 * Idempotency-Key replays, and refusing refunds beyond what is left.
 *
 * PaymentIntents made with capture_method=manual are only authorised by
 * the buyer's card (`requires_capture`) until captured; cancelling one
 * releases the hold.
 *
 * For the tests: `GET /__test/requests` lists what the Worker sent;
 * `POST /__test/fail-next` ({status, code, message, secretKey?}) makes the
 * next API call (made with that key) fail so (a 5xx answers a body that is not JSON, as a proxy in front of
 * Stripe might); `POST /__test/intents/{id}/authorize` does what the buyer's
 * card confirmation would: `requires_capture` for a manual-capture intent,
 * `succeeded` otherwise.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readBody } from '../../scripts/read-body';

interface Intent {
  id: string;
  object: 'payment_intent';
  amount: number;
  currency: string;
  status: string;
  capture_method: 'automatic' | 'manual';
  amount_capturable: number;
  amount_received: number;
  client_secret: string;
  metadata: Record<string, string>;
  amount_refunded: number;
  livemode: false;
}

interface Recorded {
  method: string;
  path: string;
  authorization: string | undefined;
  idempotencyKey: string | undefined;
  stripeVersion: string | undefined;
  form: Record<string, string>;
}

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function stripeError(response: ServerResponse, status: number, code: string, message: string): void {
  send(response, status, { error: { type: 'invalid_request_error', code, message } });
}

export default async function setup(): Promise<() => Promise<void>> {
  const intents = new Map<string, Intent>();
  const replies = new Map<string, { status: number; body: unknown }>();
  const requests: Recorded[] = [];
  type Failure = { status: number; code: string; message: string; secretKey?: string };
  // The next failure of any call, and of a call made with one store's key (tests running at once never take each other's).
  let failNext: Failure | undefined;
  const failNextFor = new Map<string, Failure>();

  async function handleApi(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
    form: Record<string, string>,
  ): Promise<void> {
    const key = /^Bearer ((?:sk|rk)_(?:test|live)_\w+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (!key || key.includes('revoked'))
      return stripeError(response, 401, 'api_key_invalid', 'Invalid API Key provided.');
    const reply = (status: number, body: unknown) => {
      const idempotencyKey = request.headers['idempotency-key'];
      if (typeof idempotencyKey === 'string') replies.set(`${key}:${idempotencyKey}`, { status, body });
      send(response, status, body);
    };
    const remembered = replies.get(`${key}:${request.headers['idempotency-key']}`);
    if (request.method === 'POST' && remembered) return send(response, remembered.status, remembered.body);

    if (request.method === 'POST' && url.pathname === '/v1/payment_intents') {
      const amount = Number(form.amount);
      if (!Number.isInteger(amount) || amount < 1)
        return stripeError(response, 400, 'parameter_invalid_integer', 'Invalid amount.');
      const metadata = Object.fromEntries(
        Object.entries(form)
          .filter(([name]) => name.startsWith('metadata['))
          .map(([name, value]) => [name.slice(9, -1), value]),
      );
      const intentId = id('pi');
      const intent: Intent = {
        id: intentId,
        object: 'payment_intent',
        amount,
        currency: form.currency ?? '',
        status: 'requires_payment_method',
        capture_method: form.capture_method === 'manual' ? 'manual' : 'automatic',
        amount_capturable: 0,
        amount_received: 0,
        client_secret: `${intentId}_secret_${randomBytes(8).toString('hex')}`,
        metadata,
        amount_refunded: 0,
        livemode: false,
      };
      intents.set(intentId, intent);
      return reply(200, intent);
    }
    const intentPath = /^\/v1\/payment_intents\/(pi_\w+)$/.exec(url.pathname);
    if (request.method === 'GET' && intentPath) {
      const intent = intents.get(intentPath[1]!);
      return intent
        ? send(response, 200, intent)
        : stripeError(response, 404, 'resource_missing', 'No such payment_intent.');
    }
    const cancelPath = /^\/v1\/payment_intents\/(pi_\w+)\/cancel$/.exec(url.pathname);
    if (request.method === 'POST' && cancelPath) {
      const intent = intents.get(cancelPath[1]!);
      if (!intent) return reply(404, { error: { code: 'resource_missing', message: 'No such payment_intent.' } });
      if (intent.status === 'succeeded') {
        return reply(400, {
          error: {
            code: 'payment_intent_unexpected_state',
            message: 'This PaymentIntent could not be canceled because it has a status of succeeded.',
          },
        });
      }
      // Cancelling an authorised intent releases the hold on the buyer's card.
      intent.status = 'canceled';
      intent.amount_capturable = 0;
      return reply(200, intent);
    }
    const capturePath = /^\/v1\/payment_intents\/(pi_\w+)\/capture$/.exec(url.pathname);
    if (request.method === 'POST' && capturePath) {
      const intent = intents.get(capturePath[1]!);
      if (!intent) return reply(404, { error: { code: 'resource_missing', message: 'No such payment_intent.' } });
      if (intent.status !== 'requires_capture') {
        return reply(400, {
          error: {
            code: 'payment_intent_unexpected_state',
            message: `This PaymentIntent could not be captured because it has a status of ${intent.status}.`,
          },
        });
      }
      intent.status = 'succeeded';
      intent.amount_received = intent.amount_capturable;
      intent.amount_capturable = 0;
      return reply(200, intent);
    }
    if (request.method === 'POST' && url.pathname === '/v1/refunds') {
      const intent = intents.get(form.payment_intent ?? '');
      if (!intent) return reply(404, { error: { code: 'resource_missing', message: 'No such payment_intent.' } });
      const amount = Number(form.amount ?? intent.amount - intent.amount_refunded);
      if (amount > intent.amount - intent.amount_refunded) {
        return reply(400, {
          error: {
            code: 'amount_too_large',
            message: `Refund amount (${amount}) is greater than unrefunded amount on charge.`,
          },
        });
      }
      intent.amount_refunded += amount;
      return reply(200, {
        id: id('re'),
        object: 'refund',
        amount,
        status: 'succeeded',
        payment_intent: intent.id,
        metadata: {},
      });
    }
    stripeError(response, 404, 'resource_missing', `Unrecognized request URL (${request.method}: ${url.pathname}).`);
  }

  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://stripe.test');
    const body = await readBody(request);
    if (url.pathname === '/__test/requests') return send(response, 200, requests);
    const authorizePath = /^\/__test\/intents\/(pi_\w+)\/authorize$/.exec(url.pathname);
    if (authorizePath) {
      const intent = intents.get(authorizePath[1]!);
      if (!intent) return stripeError(response, 404, 'resource_missing', 'No such payment_intent.');
      if (intent.capture_method === 'manual') {
        intent.status = 'requires_capture';
        intent.amount_capturable = intent.amount;
      } else {
        intent.status = 'succeeded';
        intent.amount_received = intent.amount;
      }
      return send(response, 200, intent);
    }
    if (url.pathname === '/__test/fail-next') {
      const failure = JSON.parse(body) as Failure;
      if (failure.secretKey) failNextFor.set(failure.secretKey, failure);
      else failNext = failure;
      return send(response, 200, {});
    }
    const form = Object.fromEntries(new URLSearchParams(body));
    requests.push({
      method: request.method ?? '',
      path: url.pathname,
      authorization: request.headers.authorization,
      idempotencyKey: request.headers['idempotency-key'] as string | undefined,
      stripeVersion: request.headers['stripe-version'] as string | undefined,
      form,
    });
    const bearer = request.headers.authorization?.replace(/^Bearer /, '') ?? '';
    const failure = failNextFor.get(bearer) ?? failNext;
    if (failure) {
      if (failNextFor.get(bearer) === failure) failNextFor.delete(bearer);
      else failNext = undefined;
      if (failure.status >= 500)
        return void response.writeHead(failure.status, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>');
      return stripeError(response, failure.status, failure.code, failure.message);
    }
    await handleApi(request, response, url, form);
  });
  await new Promise<void>((resolve) => server.listen(Number(process.env.TEST_STRIPE_PORT), '127.0.0.1', resolve));
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}
