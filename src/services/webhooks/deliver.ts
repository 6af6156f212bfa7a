import { sql } from 'drizzle-orm';
import { type Database, LOOPBACK_HOSTS } from '../../db/client';
import { runBatch, runStatement } from '../../db/sql/batch';
import { insertAuditRows, insertEvents } from '../../db/sql/ledgers';
import { statement } from '../../db/sql/statement';
import { isoTimestamp } from '../../db/sql/views';
import type { MessageQueue, WebhookMessage } from '../../env';
import { standardWebhookHeaders } from '../../lib/standard-webhooks';
import { openEndpointSecret } from './endpoint-secrets';
import { queueRetry } from '../queue-batch';

/** How long one sender holds a delivery: past the send's timeout, so a sender that died frees it. */
const LEASE_SECONDS = 30;
/** Standard Webhooks' advice, and the issue's: an endpoint has 10 s to answer. */
export const SEND_TIMEOUT_MS = 10_000;
/** What an attempt keeps of the endpoint's answer. */
const RESPONSE_BODY_LIMIT = 1024;
/** Waits before the 2nd, 3rd, ... 10th attempt: about three days in all; after the 10th, the delivery has failed. */
export const RETRY_SCHEDULE_MS = [
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  14 * 3_600_000,
  20 * 3_600_000,
  24 * 3_600_000,
] as const;
/** ±10 %: retries of many deliveries that failed together spread out instead of arriving at once. */
const JITTER = 0.1;
/** An endpoint failing this long with no success is disabled. */
export const DISABLE_AFTER_MS = 5 * 86_400_000;

/** A delivery this sender holds, with what it needs to send it. */
interface ClaimedDelivery {
  id: string;
  store_id: string;
  endpoint_id: string;
  attempts: number;
  url: string;
  secret_ciphertext: string;
  previous_secret_ciphertext: string | null;
  type: string;
  payload: string;
  created_at: string;
}

/**
 * Takes the delivery for one attempt if it is pending, due, held by no one
 * and its endpoint is active: a lease and the attempt counted, in one
 * statement. Answers nothing otherwise (sent already, not yet due, or another
 * sender has it), and the message is simply dropped.
 */
async function claimDelivery(db: Database, deliveryId: string, now: Date): Promise<ClaimedDelivery | undefined> {
  const [row] = await runStatement(
    db,
    statement<ClaimedDelivery>(sql`WITH claimed AS (
        UPDATE webhook_deliveries d
        SET lease_until = ${now}::timestamptz + make_interval(secs => ${LEASE_SECONDS}),
          attempts = d.attempts + 1, last_attempt_at = ${now}, updated_at = ${now}
        WHERE d.id = ${deliveryId} AND d.status = 'pending' AND d.next_attempt_at <= ${now}
          AND (d.lease_until IS NULL OR d.lease_until < ${now})
          AND EXISTS (SELECT 1 FROM webhook_endpoints w WHERE w.id = d.endpoint_id AND w.active)
        RETURNING d.id, d.store_id, d.endpoint_id, d.event_id, d.attempts)
      SELECT c.id, c.store_id, c.endpoint_id, c.attempts, w.url, w.secret_ciphertext,
        CASE WHEN w.previous_secret_expires_at > ${now} THEN w.previous_secret_ciphertext END AS previous_secret_ciphertext,
        ev.type, ev.payload::text AS payload, ${isoTimestamp(sql`ev.created_at`)} AS created_at
      FROM claimed c
      JOIN webhook_endpoints w ON w.id = c.endpoint_id
      JOIN events ev ON ev.id = c.event_id`),
  );
  return row;
}

/** What one attempt came to. */
export interface AttemptOutcome {
  ok: boolean;
  startedAt: Date;
  durationMs: number;
  status: number | null;
  body: string | null;
  error: string | null;
}

/** The first `RESPONSE_BODY_LIMIT` bytes of an answer, without reading the rest. */
async function bodyPrefix(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  while (length < RESPONSE_BODY_LIMIT) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    length += value.length;
  }
  await reader.cancel().catch(() => {});
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return new TextDecoder().decode(bytes.subarray(0, RESPONSE_BODY_LIMIT));
}

/**
 * Sends the signed delivery: a POST of `{type, timestamp, data}`. Success is
 * a 2xx within the timeout; a redirect is not followed (the endpoint's URL
 * was checked, where it points to was not) and counts as a failure.
 * `webhook-timestamp` is the wall clock's, whatever `startedAt` says:
 * receivers refuse a signature minutes off their own clock.
 */
async function sendDelivery(
  delivery: ClaimedDelivery,
  secrets: readonly string[],
  startedAt: Date,
  timeoutMs: number,
): Promise<AttemptOutcome> {
  const body = `{"type":${JSON.stringify(delivery.type)},"timestamp":${JSON.stringify(delivery.created_at)},"data":${delivery.payload}}`;
  const headers = await standardWebhookHeaders(secrets, delivery.id, Math.floor(Date.now() / 1000), body);
  const clock = Date.now();
  const outcome = (fields: Omit<AttemptOutcome, 'startedAt' | 'durationMs'>): AttemptOutcome => ({
    ...fields,
    startedAt,
    durationMs: Date.now() - clock,
  });
  try {
    const response = await fetch(delivery.url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'user-agent': 'edge-commerce-webhooks' },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const answer = await bodyPrefix(response);
    const ok = response.status >= 200 && response.status < 300;
    const error = ok
      ? null
      : response.status >= 300 && response.status < 400
        ? `redirect not followed (${response.headers.get('location') ?? 'no location'})`
        : `HTTP ${response.status}`;
    return outcome({ ok, status: response.status, body: answer, error });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    const message = timedOut ? `timeout after ${timeoutMs} ms` : error instanceof Error ? error.message : String(error);
    return outcome({ ok: false, status: null, body: null, error: message.slice(0, RESPONSE_BODY_LIMIT) });
  }
}

/** A failed attempt that sent nothing. */
function unsent(startedAt: Date, error: string): AttemptOutcome {
  return { ok: false, startedAt, durationMs: 0, status: null, body: null, error };
}

/** The wait before attempt `attempts + 1`, jittered, or null when `attempts` was the last. */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number | null {
  const base = RETRY_SCHEDULE_MS[attempts - 1];
  if (base === undefined) return null;
  return Math.round(base * (1 + JITTER * (2 * random() - 1)));
}

/**
 * Records an attempt, in one batch: the attempt row, then the delivery's
 * state (succeeded; or its next attempt; or failed after the last) and the
 * endpoint's (last success, or failing since); an endpoint failing for 5
 * days is disabled, with its audit row and a `webhook_endpoint.disabled`
 * event, which the relay fans out to the store's other endpoints.
 */
async function recordAttempt(
  db: Database,
  delivery: ClaimedDelivery,
  outcome: AttemptOutcome,
  now: Date,
  retryInMs: number | null,
): Promise<void> {
  const attempt = sql`INSERT INTO webhook_delivery_attempts
      (id, store_id, delivery_id, attempt, started_at, duration_ms, response_status, response_body, error)
    VALUES (uuid_v7(), ${delivery.store_id}, ${delivery.id}, ${delivery.attempts}, ${outcome.startedAt},
      ${outcome.durationMs}, ${outcome.status}, ${outcome.body}, ${outcome.error})`;
  if (outcome.ok) {
    await runBatch(db, {
      attempt,
      delivery: sql`UPDATE webhook_deliveries
        SET status = 'succeeded', delivered_at = ${now}, response_status = ${outcome.status}, last_error = NULL,
          lease_until = NULL, next_attempt_at = NULL, updated_at = ${now}
        WHERE id = ${delivery.id}`,
      endpoint: sql`UPDATE webhook_endpoints SET last_success_at = ${now}, failing_since = NULL
        WHERE id = ${delivery.endpoint_id}`,
    });
    return;
  }
  const nextAttemptAt = retryInMs === null ? null : new Date(now.getTime() + retryInMs);
  const failingCutoff = new Date(now.getTime() - DISABLE_AFTER_MS);
  await runBatch(db, {
    attempt,
    delivery: sql`UPDATE webhook_deliveries
      SET status = ${nextAttemptAt === null ? 'failed' : 'pending'}::webhook_delivery_status,
        next_attempt_at = ${nextAttemptAt}, response_status = ${outcome.status}, last_error = ${outcome.error},
        lease_until = NULL, updated_at = ${now}
      WHERE id = ${delivery.id}`,
    endpoint: sql`UPDATE webhook_endpoints SET failing_since = coalesce(failing_since, ${now})
      WHERE id = ${delivery.endpoint_id}`,
    disable: sql`WITH disabled AS (
        UPDATE webhook_endpoints
        SET active = false, disabled_at = ${now}, disabled_reason = 'failing for 5 days without a success',
          updated_at = ${now}
        WHERE id = ${delivery.endpoint_id} AND active AND failing_since <= ${failingCutoff}
        RETURNING id, store_id, url, failing_since, disabled_reason),
      audit AS (${insertAuditRows(
        {
          storeId: sql`store_id`,
          actorType: 'system',
          actorId: null,
          action: 'webhook_endpoint.disabled',
          entityType: 'webhook_endpoint',
          entityId: sql`id`,
          before: sql`jsonb_build_object('active', true)`,
          after: sql`jsonb_build_object('active', false, 'disabledReason', disabled_reason)`,
        },
        sql`disabled`,
      )})
      ${insertEvents(
        {
          storeId: sql`store_id`,
          type: 'webhook_endpoint.disabled',
          aggregateType: 'webhook_endpoint',
          aggregateId: sql`id`,
          payload: sql`jsonb_build_object('id', id, 'url', url, 'failingSince', ${isoTimestamp(sql`failing_since`)},
            'disabledAt', ${isoTimestamp(sql`${now}::timestamptz`)}, 'reason', disabled_reason)`,
        },
        sql`disabled`,
      )}`,
  });
}

/** What a sender needs besides the message. */
export interface SenderContext {
  db: Database;
  /** PAYMENT_SECRETS_KEY: endpoint secrets are sealed under it. */
  sealingKey: string | undefined;
  queue: MessageQueue<WebhookMessage>;
  /** 10 s unless a test shortens it. */
  timeoutMs?: number;
  /** Send only to loopback hosts (the tests: nothing they make may leave the machine); others fail unsent. */
  loopbackOnly?: boolean;
}

/** What one message came to: `skipped` when the delivery was not to be sent now. */
export type DeliveryResult =
  | { kind: 'skipped' }
  | { kind: 'sent'; outcome: AttemptOutcome; attempt: number; retryInMs: number | null };

/**
 * Sends one delivery at `now`, records the attempt, and queues its retry
 * with a delay when the queue can hold it that long (otherwise the cron's
 * sweep finds it when due).
 */
export async function deliverWebhook(
  context: SenderContext,
  deliveryId: string,
  now: Date,
  random: () => number = Math.random,
): Promise<DeliveryResult> {
  const delivery = await claimDelivery(context.db, deliveryId, now);
  if (!delivery) return { kind: 'skipped' };
  const open = (sealed: string) => openEndpointSecret(context.sealingKey, delivery.endpoint_id, sealed);
  const secrets = [await open(delivery.secret_ciphertext)];
  if (delivery.previous_secret_ciphertext) secrets.push(await open(delivery.previous_secret_ciphertext));
  // Where this environment never sends (a test's endpoint on a public host), a retry would never send
  // either: the delivery fails at once instead of waking the queue again minutes later.
  const neverSent = context.loopbackOnly === true && !LOOPBACK_HOSTS.has(new URL(delivery.url).hostname);
  const outcome = neverSent
    ? unsent(now, 'not sent: this environment sends only to loopback hosts')
    : await sendDelivery(delivery, secrets, now, context.timeoutMs ?? SEND_TIMEOUT_MS);
  const retryInMs = outcome.ok || neverSent ? null : retryDelayMs(delivery.attempts, random);
  await recordAttempt(context.db, delivery, outcome, now, retryInMs);
  await queueRetry(context.queue, { deliveryId }, retryInMs);
  return { kind: 'sent', outcome, attempt: delivery.attempts, retryInMs };
}
