import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { insertEvents } from '../../db/sql/ledgers';
import { runBatch, runStatement } from '../../db/sql/batch';
import { type Statement, statement } from '../../db/sql/statement';
import {
  defineView,
  idPageJson,
  idPageStatement,
  type ViewJson,
  type ViewRow,
  type ViewValue,
  viewOf,
  viewText,
} from '../../db/sql/views';
import { givenFields, lockStoreScope, requireRoomFor, requireRow, setList, textArray } from '../../db/sql/writes';
import { ApiError } from '../../lib/api-error';
import type { WEBHOOK_DELIVERY_STATUSES } from '../../lib/enums';
import { uuidv7 } from '../../lib/ids';
import {
  MAX_WEBHOOK_ENDPOINTS,
  WebhookDeliveryDetailSchema,
  WebhookDeliverySchema,
  WebhookEndpointListSchema,
  WebhookEndpointSchema,
} from '../../schemas/webhook-endpoints';
import { type AuditContext, auditEntry, auditFromCte, auditedDelete, auditedUpdate } from '../audit';
import { newEndpointSecret, sealEndpointSecret } from './endpoint-secrets';
import { type UrlPolicyOptions, webhookUrlRefusal } from './url-policy';

/**
 * A store's outbound webhook endpoints, as staff manage them, and the
 * deliveries made to each. The signing secret is made here, sealed before it
 * reaches the database, and answered once (when made or rotated); the view
 * shows its last four characters. Every write is one batch with its audit
 * row; a ping or a redelivery is queued by the route once the batch committed.
 */

export interface WebhookEndpointFields {
  url?: string;
  description?: string | null;
  eventTypes?: string[];
  active?: boolean;
}

export const NO_ENDPOINT = 'This store has no webhook endpoint with that id.';
const NO_DELIVERY = 'This endpoint has no delivery with that id.';
const TOO_MANY = `A store has at most ${MAX_WEBHOOK_ENDPOINTS} webhook endpoints; change or delete one instead.`;

/** How long a replaced secret keeps signing after a rotation, so receivers can switch over. */
const PREVIOUS_SECRET_HOURS = 24;

const ENDPOINT_COLUMNS = { url: 'url', description: 'description', eventTypes: 'events', active: 'active' } as const;

function endpointValue(field: keyof WebhookEndpointFields, value: unknown): SQL {
  return field === 'eventTypes' ? textArray(value as string[]) : sql`${value}`;
}

/** Endpoint alias `e` as staff see it: never its secrets. A rotation's previous secret shows only until it expires. */
export const webhookEndpointView = defineView(
  WebhookEndpointSchema,
  (_e: 'e') => sql`json_build_object('id', e.id, 'url', e.url, 'description', e.description,
    'eventTypes', e.events, 'active', e.active, 'secretHint', e.secret_last4,
    'previousSecretExpiresAt', CASE WHEN e.previous_secret_expires_at > now() THEN e.previous_secret_expires_at END,
    'failingSince', e.failing_since, 'lastSuccessAt', e.last_success_at,
    'disabledAt', e.disabled_at, 'disabledReason', e.disabled_reason,
    'createdAt', e.created_at, 'updatedAt', e.updated_at)`,
);

type EndpointValue = ViewValue<typeof webhookEndpointView>;

const endpointListView = defineView(
  WebhookEndpointListSchema,
  (storeId: string) => sql`json_build_object('data', coalesce((
    SELECT json_agg(${webhookEndpointView.json('e')} ORDER BY e.id DESC)
    FROM webhook_endpoints e
    WHERE e.store_id = ${storeId}), '[]'))`,
);

/** Delivery alias `d` as staff list it. */
const deliveryView = defineView(
  WebhookDeliverySchema,
  (_d: 'd') => sql`json_build_object('id', d.id, 'endpointId', d.endpoint_id, 'eventId', d.event_id,
    'eventType', (SELECT ev.type FROM events ev WHERE ev.id = d.event_id),
    'status', d.status, 'attempts', d.attempts, 'nextAttemptAt', d.next_attempt_at,
    'lastAttemptAt', d.last_attempt_at, 'responseStatus', d.response_status, 'lastError', d.last_error,
    'deliveredAt', d.delivered_at, 'createdAt', d.created_at)`,
);

/** Delivery alias `d` with its event's payload and every attempt. */
const deliveryDetailView = defineView(
  WebhookDeliveryDetailSchema,
  (_d: 'd') => sql`(${deliveryView.json('d')})::jsonb || jsonb_build_object(
    'payload', (SELECT ev.payload FROM events ev WHERE ev.id = d.event_id),
    'attemptLog', coalesce((
      SELECT jsonb_agg(jsonb_build_object('attempt', a.attempt, 'startedAt', a.started_at,
          'durationMs', a.duration_ms, 'responseStatus', a.response_status,
          'responseBody', a.response_body, 'error', a.error) ORDER BY a.attempt)
      FROM webhook_delivery_attempts a WHERE a.delivery_id = d.id), '[]'))`,
);

type DeliveryValue = ViewValue<typeof deliveryView>;

/** Endpoint alias `e` as audit rows record it: as staff see it, so never a secret. */
const auditedEndpoint = sql`(${webhookEndpointView.json('e')})::jsonb`;

function endpointStatement(storeId: string, endpointId: string): Statement<ViewRow<EndpointValue>> {
  return viewOf(
    webhookEndpointView.json('e'),
    sql`webhook_endpoints e WHERE e.id = ${endpointId} AND e.store_id = ${storeId}`,
  );
}

function deliveryStatement(storeId: string, endpointId: string, deliveryId: string) {
  return viewOf<ViewValue<typeof deliveryDetailView>>(
    deliveryDetailView.json('d'),
    sql`webhook_deliveries d WHERE d.id = ${deliveryId} AND d.endpoint_id = ${endpointId} AND d.store_id = ${storeId}`,
  );
}

/** An endpoint's JSON with its secret added: the secret never goes through the database in clear. */
function withSecret<Value>(json: ViewJson<Value>, secret: string): ViewJson<Value & { secret: string }> {
  return `${json.slice(0, -1)},"secret":${JSON.stringify(secret)}}`;
}

/** A 422 unless `url` may be an endpoint's (url-policy.ts). */
function requireAllowedUrl(url: string | undefined, policy: UrlPolicyOptions): void {
  const refusal = url === undefined ? undefined : webhookUrlRefusal(url, policy);
  if (refusal) throw new ApiError('validation_failed', refusal, [{ in: 'body', path: 'url', message: refusal }]);
}

/** A new secret, sealed for endpoint `endpointId`; a 503 where the deployment has no PAYMENT_SECRETS_KEY. */
async function sealedNewSecret(sealingKey: string | undefined, endpointId: string) {
  if (!sealingKey)
    throw new ApiError(
      'service_unavailable',
      'Webhook endpoints are not available on this deployment: it has no PAYMENT_SECRETS_KEY to seal their secrets.',
    );
  const secret = newEndpointSecret();
  return { secret, sealed: await sealEndpointSecret(sealingKey, endpointId, secret), last4: secret.slice(-4) };
}

/** Every endpoint of the store, newest first; the cap keeps it unpaged. One round trip. */
export async function listWebhookEndpoints(db: Database, storeId: string) {
  const [row] = await runStatement(
    db,
    statement<{ json: ViewJson<ViewValue<typeof endpointListView>> }>(
      sql`SELECT (${endpointListView.json(storeId)})::text AS json`,
    ),
  );
  return row!.json;
}

export async function getWebhookEndpoint(db: Database, storeId: string, endpointId: string) {
  return viewText(await runStatement(db, endpointStatement(storeId, endpointId)), NO_ENDPOINT);
}

/**
 * Adds an endpoint with a new secret, answered this once. The store's
 * endpoints are counted under a lock of the store's own, so two creations
 * at once cannot both pass the cap. One round trip; audited.
 */
export async function createWebhookEndpoint(
  db: Database,
  sealingKey: string | undefined,
  policy: UrlPolicyOptions,
  context: AuditContext,
  input: WebhookEndpointFields & { url: string; eventTypes: string[] },
) {
  requireAllowedUrl(input.url, policy);
  const id = uuidv7();
  const { storeId } = context;
  const { secret, sealed, last4 } = await sealedNewSecret(sealingKey, id);
  const fields = givenFields(input, ENDPOINT_COLUMNS, endpointValue);
  const columns = [sql`id`, sql`store_id`, sql`secret_ciphertext`, sql`secret_last4`, ...fields.map((f) => f.column)];
  const values = [sql`${id}`, sql`${storeId}`, sql`${sealed}`, sql`${last4}`, ...fields.map((f) => f.value)];
  const { view } = await runBatch(db, {
    lock: lockStoreScope('webhook-endpoints', storeId),
    cap: requireRoomFor('webhook_endpoints', storeId, MAX_WEBHOOK_ENDPOINTS, TOO_MANY),
    insert: sql`WITH made AS (
        INSERT INTO webhook_endpoints AS e (${sql.join(columns, sql`, `)})
        VALUES (${sql.join(values, sql`, `)})
        RETURNING e.id AS entity_id, NULL::jsonb AS before, ${auditedEndpoint} AS after)
      ${auditFromCte(context, 'webhook_endpoint.created', 'webhook_endpoint', sql`made`)}`,
    view: endpointStatement(storeId, id),
  });
  return withSecret(viewText(view, NO_ENDPOINT), secret);
}

/**
 * Changes any of an endpoint's fields. Setting `active` true also clears
 * what the API's disabling left (disabledAt, its reason, failingSince), so
 * a re-enabled endpoint gets five fresh days. One round trip; audited.
 */
export async function updateWebhookEndpoint(
  db: Database,
  policy: UrlPolicyOptions,
  context: AuditContext,
  endpointId: string,
  changes: WebhookEndpointFields,
) {
  requireAllowedUrl(changes.url, policy);
  const { storeId } = context;
  const reEnabled = changes.active
    ? [sql`disabled_at = NULL`, sql`disabled_reason = NULL`, sql`failing_since = NULL`]
    : [];
  const fields = setList(changes, ENDPOINT_COLUMNS, [sql`updated_at = now()`, ...reEnabled], endpointValue);
  const { view } = await runBatch(db, {
    exists: requireRow('webhook_endpoints', endpointId, storeId, NO_ENDPOINT),
    update: auditedUpdate(
      context,
      'webhook_endpoint.updated',
      { table: 'webhook_endpoints', alias: 'e', entityType: 'webhook_endpoint', id: endpointId },
      fields,
      auditedEndpoint,
    ),
    view: endpointStatement(storeId, endpointId),
  });
  return viewText(view, NO_ENDPOINT);
}

/** Deletes an endpoint and its deliveries (their events stay, for the feed and other endpoints). One round trip; audited. */
export async function deleteWebhookEndpoint(db: Database, context: AuditContext, endpointId: string): Promise<void> {
  const { storeId } = context;
  await runBatch(db, {
    exists: requireRow('webhook_endpoints', endpointId, storeId, NO_ENDPOINT),
    delete: auditedDelete(
      context,
      'webhook_endpoint.deleted',
      { table: 'webhook_endpoints', alias: 'e', entityType: 'webhook_endpoint', id: endpointId },
      auditedEndpoint,
    ),
  });
}

/**
 * Replaces the signing secret with a new one, answered this once. The one
 * it replaces keeps signing (deliveries carry both signatures) for 24 hours;
 * a second rotation within them drops the oldest. One round trip; audited
 * with the hints, never a secret.
 */
export async function rotateWebhookSecret(
  db: Database,
  sealingKey: string | undefined,
  context: AuditContext,
  endpointId: string,
) {
  const { storeId } = context;
  const { secret, sealed, last4 } = await sealedNewSecret(sealingKey, endpointId);
  const { view } = await runBatch(db, {
    exists: requireRow('webhook_endpoints', endpointId, storeId, NO_ENDPOINT),
    rotate: sql`WITH target AS (
        SELECT e.id, e.secret_last4 FROM webhook_endpoints e
        WHERE e.id = ${endpointId} AND e.store_id = ${storeId}
        FOR UPDATE),
      rotated AS (
        UPDATE webhook_endpoints e
        SET previous_secret_ciphertext = e.secret_ciphertext,
          previous_secret_expires_at = now() + make_interval(hours => ${PREVIOUS_SECRET_HOURS}),
          secret_ciphertext = ${sealed}, secret_last4 = ${last4}, updated_at = now()
        FROM target
        WHERE e.id = target.id
        RETURNING e.id AS entity_id, jsonb_build_object('secretHint', target.secret_last4) AS before,
          jsonb_build_object('secretHint', e.secret_last4, 'previousSecretExpiresAt', e.previous_secret_expires_at) AS after)
      ${auditFromCte(context, 'webhook_endpoint.secret_rotated', 'webhook_endpoint', sql`rotated`)}`,
    view: endpointStatement(storeId, endpointId),
  });
  return withSecret(viewText(view, NO_ENDPOINT), secret);
}

/**
 * A `webhook.ping` event and its delivery to this endpoint alone, due now.
 * The event is written published, so the relay never fans it out to the
 * store's other endpoints. The route queues the delivery after the commit.
 * One round trip; audited.
 */
export async function pingWebhookEndpoint(db: Database, context: AuditContext, endpointId: string) {
  const { storeId } = context;
  const eventId = uuidv7();
  const deliveryId = uuidv7();
  const { view } = await runBatch(db, {
    exists: requireRow('webhook_endpoints', endpointId, storeId, NO_ENDPOINT),
    event: insertEvents({
      id: eventId,
      storeId,
      type: 'webhook.ping',
      aggregateType: 'webhook_endpoint',
      aggregateId: endpointId,
      payload: sql`jsonb_build_object('endpointId', ${endpointId}::uuid,
        'url', (SELECT url FROM webhook_endpoints WHERE id = ${endpointId}))`,
      publishedAt: sql`now()`,
    }),
    delivery: sql`INSERT INTO webhook_deliveries (id, store_id, endpoint_id, event_id, status, next_attempt_at)
      VALUES (${deliveryId}, ${storeId}, ${endpointId}, ${eventId}, 'pending', now())`,
    audit: auditEntry(
      context,
      'webhook_endpoint.pinged',
      { type: 'webhook_endpoint', id: endpointId },
      { after: { eventId, deliveryId } },
    ),
    view: deliveryStatement(storeId, endpointId, deliveryId),
  });
  return { deliveryId, json: viewText(view, NO_DELIVERY) };
}

/** What an endpoint's deliveries can be narrowed to. */
export interface DeliveryFilters {
  status?: (typeof WEBHOOK_DELIVERY_STATUSES)[number];
  /** One event type, or a family: `order.*`. */
  eventType?: string;
}

function deliveryConditions(storeId: string, endpointId: string, filters: DeliveryFilters): SQL[] {
  const conditions = [sql`d.store_id = ${storeId}`, sql`d.endpoint_id = ${endpointId}`];
  if (filters.status) conditions.push(sql`d.status = ${filters.status}`);
  const { eventType } = filters;
  if (eventType && eventType !== '*') {
    const match = eventType.endsWith('.*')
      ? sql`starts_with(ev.type, ${eventType.slice(0, -1)})`
      : sql`ev.type = ${eventType}`;
    conditions.push(sql`EXISTS (SELECT 1 FROM events ev WHERE ev.id = d.event_id AND ${match})`);
  }
  return conditions;
}

/** An endpoint's deliveries, newest first, one page; a 404 for another store's endpoint. One round trip. */
export async function listWebhookDeliveries(
  db: Database,
  storeId: string,
  endpointId: string,
  filters: DeliveryFilters,
  page: { limit: number; after?: string },
) {
  const from = sql`webhook_deliveries d WHERE ${sql.join(deliveryConditions(storeId, endpointId, filters), sql` AND `)}`;
  const { deliveries } = await runBatch(db, {
    endpoint: requireRow('webhook_endpoints', endpointId, storeId, NO_ENDPOINT),
    deliveries: idPageStatement<DeliveryValue>('d', from, deliveryView.json('d'), page),
  });
  return idPageJson(deliveries);
}

/** One delivery with its event's payload and every attempt. One round trip. */
export async function getWebhookDelivery(db: Database, storeId: string, endpointId: string, deliveryId: string) {
  return viewText(await runStatement(db, deliveryStatement(storeId, endpointId, deliveryId)), NO_DELIVERY);
}

/**
 * Sends a delivery again: pending, due now, out of any sender's lease. A
 * succeeded one may be sent again too (a receiver that lost it); its
 * attempts keep counting. The route queues it after the commit. One round
 * trip; audited.
 */
export async function redeliverWebhookDelivery(
  db: Database,
  context: AuditContext,
  endpointId: string,
  deliveryId: string,
) {
  const { storeId } = context;
  const auditedDelivery = sql`jsonb_build_object('status', d.status, 'attempts', d.attempts, 'endpointId', d.endpoint_id)`;
  const { view } = await runBatch(db, {
    exists: statement(sql`SELECT api_error('not_found', ${NO_DELIVERY})
      WHERE NOT EXISTS (SELECT 1 FROM webhook_deliveries
        WHERE id = ${deliveryId} AND endpoint_id = ${endpointId} AND store_id = ${storeId})`),
    redeliver: sql`WITH target AS (
        SELECT d.id, ${auditedDelivery} AS before FROM webhook_deliveries d
        WHERE d.id = ${deliveryId} AND d.endpoint_id = ${endpointId} AND d.store_id = ${storeId}
        FOR UPDATE),
      changed AS (
        UPDATE webhook_deliveries d
        SET status = 'pending', next_attempt_at = now(), lease_until = NULL, updated_at = now()
        FROM target
        WHERE d.id = target.id
        RETURNING d.id AS entity_id, target.before, ${auditedDelivery} AS after)
      ${auditFromCte(context, 'webhook_delivery.redelivered', 'webhook_delivery', sql`changed`)}`,
    view: deliveryStatement(storeId, endpointId, deliveryId),
  });
  return viewText(view, NO_DELIVERY);
}
