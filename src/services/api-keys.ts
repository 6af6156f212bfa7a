import { sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { runBatch, runStatement } from '../db/sql/batch';
import { statement } from '../db/sql/statement';
import { defineView, isoTimestamp, type ViewValue, readIdPage } from '../db/sql/views';
import { ApiKeySchema } from '../schemas/admin-identity';
import { ApiError } from '../lib/api-error';
import { timingSafeEqual } from '../lib/encoding';
import { uuidv7 } from '../lib/ids';
import type { Permission } from '../lib/permissions';
import { randomSecret, sha256 } from '../lib/secrets';
import { auditEntry, auditFromCte, type AuditContext } from './audit';
import { staffReachable } from './stores';

/** API keys are `ck_<prefix>.<secret>`; anything else after `Bearer` is taken for an access token. */
export const API_KEY_PREFIX = 'ck_';

/** `last_used_at` is written at most this often per key, so a busy integration does not make its key a hot row. */
const LAST_USED_GRANULARITY = '1 minute';

/** A key, alias `k`, as its store's staff see it (never its secret). */
export const apiKeyView = defineView(
  ApiKeySchema,
  (_k: 'k') => sql`json_build_object(
    'id', k.id, 'name', k.name, 'prefix', k.prefix, 'scopes', k.scopes,
    'lastUsedAt', ${isoTimestamp(sql`k.last_used_at`)}, 'expiresAt', ${isoTimestamp(sql`k.expires_at`)},
    'revokedAt', ${isoTimestamp(sql`k.revoked_at`)}, 'createdAt', ${isoTimestamp(sql`k.created_at`)})`,
);

export type PublicKey = ViewValue<typeof apiKeyView>;

/**
 * Creates a key and answers its secret, the only time it is ever shown:
 * `ck_<prefix>.<secret>`. The prefix is public and finds the row; only the
 * secret's SHA-256 is stored.
 */
export async function createApiKey(
  db: Database,
  context: AuditContext,
  input: { name: string; scopes: Permission[]; expiresAt?: Date },
) {
  const id = uuidv7();
  const prefix = `${API_KEY_PREFIX}${randomSecret(9)}`;
  const secret = randomSecret();
  const createdBy = context.actor.type === 'user' ? context.actor.id : null;
  const { key } = await runBatch(db, {
    key: statement<{
      key: PublicKey;
    }>(sql`INSERT INTO api_keys AS k (id, store_id, name, prefix, secret_hash, scopes, expires_at, created_by)
      VALUES (${id}, ${context.storeId}, ${input.name}, ${prefix}, ${await sha256(secret)},
        ${sql.param(input.scopes)}::text[], ${input.expiresAt?.toISOString() ?? null}::timestamptz, ${createdBy}::uuid)
      RETURNING ${apiKeyView.json('k')} AS key`),
    audit: auditEntry(
      context,
      'api_key.created',
      { type: 'api_key', id },
      { after: { name: input.name, prefix, scopes: input.scopes } },
    ),
  });
  return { apiKey: key[0]!.key, secret: `${prefix}.${secret}` };
}

/** A store's keys, revoked ones included (they explain past audit rows), newest first. */
export async function listApiKeys(db: Database, storeId: string, page: { limit: number; after?: string }) {
  return readIdPage<ViewValue<typeof apiKeyView>>(
    db,
    'k',
    sql`api_keys k WHERE k.store_id = ${storeId}`,
    apiKeyView.json('k'),
    page,
  );
}

/** Revokes a key of this store at once; revoking it again changes nothing. Another store's key is a 404. */
export async function revokeApiKey(db: Database, context: AuditContext, keyId: string): Promise<void> {
  const rows = await runStatement(
    db,
    statement<{ id: string }>(sql`
    WITH target AS (
      SELECT id, revoked_at FROM api_keys WHERE id = ${keyId} AND store_id = ${context.storeId}
    ), revoked AS (
      UPDATE api_keys k SET revoked_at = now()
      FROM target WHERE k.id = target.id AND target.revoked_at IS NULL
      RETURNING k.id AS entity_id, NULL::jsonb AS before, jsonb_build_object('revokedAt', k.revoked_at) AS after
    ), audited AS (${auditFromCte(context, 'api_key.revoked', 'api_key', sql`revoked`)})
    SELECT id FROM target`),
  );
  if (rows.length === 0) throw new ApiError('not_found', 'This store has no API key with that id.');
}

export interface AuthenticatedKey {
  id: string;
  storeId: string;
  storeSlug: string;
  scopes: Permission[];
}

/**
 * Finds a live key of an active store by its prefix and checks its secret in
 * constant time: one statement, which also bumps `last_used_at` (at most once
 * a minute, and only when the secret matches), so usage tracking costs no
 * extra round trip. Any failure is `undefined`.
 */
export async function authenticateApiKey(db: Database, presented: string): Promise<AuthenticatedKey | undefined> {
  const [prefix, secret, ...rest] = presented.split('.');
  if (!prefix || !secret || rest.length > 0) return undefined;
  const secretHash = await sha256(secret);
  type KeyRow = { id: string; store_id: string; slug: string; scopes: string[]; secret_hash: string };
  const rows = await runStatement(
    db,
    statement<KeyRow>(sql`
    WITH key AS (
      SELECT k.id, k.store_id, s.slug, k.scopes, k.secret_hash
      FROM api_keys k JOIN stores s ON s.id = k.store_id
      WHERE k.prefix = ${prefix} AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now()) AND ${staffReachable('s')}
    ), touched AS (
      UPDATE api_keys SET last_used_at = now()
      WHERE id = (SELECT id FROM key) AND secret_hash = ${secretHash}
        AND (last_used_at IS NULL OR last_used_at < now() - ${LAST_USED_GRANULARITY}::interval)
    )
    SELECT * FROM key`),
  );
  const key = rows[0];
  const encoder = new TextEncoder();
  if (!key || !timingSafeEqual(encoder.encode(key.secret_hash), encoder.encode(secretHash))) return undefined;
  return { id: key.id, storeId: key.store_id, storeSlug: key.slug, scopes: key.scopes as Permission[] };
}
