import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runBatch, runStatement } from '../../db/sql/batch';
import { type Statement, statement } from '../../db/sql/statement';
import { defineView, type ViewRow, type ViewValue, viewText } from '../../db/sql/views';
import { ApiError } from '../../lib/api-error';
import { openSecret, sealSecret } from '../../lib/sealed-secrets';
import { StripeAccountSchema } from '../../schemas/payments';
import { type AuditContext, auditFromCte } from '../audit';
import { staffReachable } from '../stores';

/**
 * A store's Stripe account: set (all three keys at once; setting again
 * rotates them), read (never the secrets), removed. The secret key and the
 * webhook signing secret are sealed (src/lib/sealed-secrets.ts) bound to the
 * store and the field.
 */

export interface StripeKeys {
  publishableKey: string;
  secretKey: string;
  webhookSecret: string;
}

export const sealingContext = (storeId: string, field: 'secret_key' | 'webhook_secret') => `stripe:${storeId}:${field}`;

function requireSealingKey(keyText: string | undefined): string {
  if (!keyText)
    throw new ApiError(
      'service_unavailable',
      'Card payments are not set up on this deployment: it has no PAYMENT_SECRETS_KEY.',
    );
  return keyText;
}

/** Stripe account alias `a` (possibly absent: a LEFT JOIN) of store alias `s`, as staff see it. */
export const stripeAccountView = defineView(
  StripeAccountSchema,
  (_account: 'a', _store: 's') => sql`json_build_object('configured', a.store_id IS NOT NULL,
    'mode', CASE WHEN a.store_id IS NULL THEN NULL WHEN a.publishable_key LIKE 'pk_live_%' THEN 'live' ELSE 'test' END,
    'publishableKey', a.publishable_key, 'secretKeyLast4', a.secret_key_last4,
    'webhookUrl', '/v1/webhooks/stripe/' || s.slug, 'updatedAt', a.updated_at)`,
);

type StripeAccountValue = ViewValue<typeof stripeAccountView>;

const NO_STORE = 'No such store.';

function accountStatement(storeId: string): Statement<ViewRow<StripeAccountValue>> {
  return statement(sql`SELECT (${stripeAccountView.json('a', 's')})::text AS json
    FROM stores s
    LEFT JOIN stripe_accounts a ON a.store_id = s.id
    WHERE s.id = ${storeId}`);
}

/** What staff see of the account. */
export async function getStripeAccount(db: Database, storeId: string) {
  return viewText(await runStatement(db, accountStatement(storeId)), NO_STORE);
}

const auditedFields = sql`jsonb_build_object('publishableKey', publishable_key, 'secretKeyLast4', secret_key_last4)`;

/** Sets or rotates the store's keys; audited without the secrets. One round trip. */
export async function putStripeAccount(
  db: Database,
  sealingKey: string | undefined,
  context: AuditContext,
  keys: StripeKeys,
) {
  const key = requireSealingKey(sealingKey);
  const [secretKeySealed, webhookSecretSealed] = await Promise.all([
    sealSecret(key, sealingContext(context.storeId, 'secret_key'), keys.secretKey),
    sealSecret(key, sealingContext(context.storeId, 'webhook_secret'), keys.webhookSecret),
  ]);
  const upsert = sql`WITH before AS (SELECT ${auditedFields} AS fields FROM stripe_accounts WHERE store_id = ${context.storeId}),
    written AS (
      INSERT INTO stripe_accounts (store_id, publishable_key, secret_key_sealed, secret_key_last4, webhook_secret_sealed)
      VALUES (${context.storeId}, ${keys.publishableKey}, ${secretKeySealed}, ${keys.secretKey.slice(-4)}, ${webhookSecretSealed})
      ON CONFLICT (store_id) DO UPDATE
      SET publishable_key = excluded.publishable_key,
        secret_key_sealed = excluded.secret_key_sealed,
        secret_key_last4 = excluded.secret_key_last4,
        webhook_secret_sealed = excluded.webhook_secret_sealed,
        updated_at = now()
      RETURNING store_id AS entity_id, (SELECT fields FROM before) AS before, ${auditedFields} AS after)
    ${auditFromCte(context, 'stripe_account.set', 'store', sql`written`)}`;
  const { view } = await runBatch(db, { upsert, view: accountStatement(context.storeId) });
  forgetWebhookSecret(context.storeId);
  return viewText(view, NO_STORE);
}

/** Removes the keys: the store no longer takes cards, and its webhooks no longer verify. */
export async function deleteStripeAccount(db: Database, context: AuditContext): Promise<void> {
  const [removed] = await runStatement(
    db,
    statement<{ removed: number }>(sql`WITH gone AS (
        DELETE FROM stripe_accounts
        WHERE store_id = ${context.storeId}
        RETURNING store_id AS entity_id, ${auditedFields} AS before, NULL::jsonb AS after),
      audit AS (${auditFromCte(context, 'stripe_account.delete', 'store', sql`gone`)})
      SELECT count(*)::int AS removed FROM gone`),
  );
  forgetWebhookSecret(context.storeId);
  if (!removed?.removed) throw new ApiError('not_found', 'This store has no Stripe account set up.');
}

/** The store's secret key, opened from the sealed column a statement answered. */
export async function openSecretKey(sealingKey: string | undefined, storeId: string, sealed: string): Promise<string> {
  return openSecret(requireSealingKey(sealingKey), sealingContext(storeId, 'secret_key'), sealed);
}

/**
 * Webhook signing secrets by store slug, kept in this isolate for a minute,
 * so that most deliveries cost no round trip before their one batch. A
 * delivery that does not verify against a kept secret looks again (the
 * store may have just rotated it).
 */
const WEBHOOK_SECRET_TTL_MS = 60_000;
const webhookSecrets = new Map<string, { storeId: string; secret: string; until: number }>();

function forgetWebhookSecret(storeId: string): void {
  for (const [slug, entry] of webhookSecrets) if (entry.storeId === storeId) webhookSecrets.delete(slug);
}

export interface WebhookSecret {
  storeId: string;
  /** Null when the store has no Stripe account. */
  secret: string | null;
  fromCache: boolean;
}

/**
 * The store of `slug` and its webhook signing secret; undefined when no
 * store its staff reach has that slug: a closed store's orders are still
 * paid and refunded through Stripe, so its webhooks are still processed.
 */
export async function webhookSecretFor(
  db: Database,
  sealingKey: string | undefined,
  slug: string,
  options: { fresh?: boolean } = {},
): Promise<WebhookSecret | undefined> {
  const kept = webhookSecrets.get(slug);
  if (kept && kept.until > Date.now() && !options.fresh)
    return { storeId: kept.storeId, secret: kept.secret, fromCache: true };
  const [row] = await runStatement(
    db,
    statement<{
      store_id: string;
      sealed: string | null;
    }>(sql`SELECT s.id AS store_id, a.webhook_secret_sealed AS sealed
      FROM stores s
      LEFT JOIN stripe_accounts a ON a.store_id = s.id
      WHERE s.slug = ${slug} AND ${staffReachable('s')}`),
  );
  if (!row) return undefined;
  const secret = row.sealed
    ? await openSecret(requireSealingKey(sealingKey), sealingContext(row.store_id, 'webhook_secret'), row.sealed)
    : null;
  // A store without keys is not kept: it may set them up in another isolate at any moment.
  if (secret) webhookSecrets.set(slug, { storeId: row.store_id, secret, until: Date.now() + WEBHOOK_SECRET_TTL_MS });
  return { storeId: row.store_id, secret, fromCache: false };
}
