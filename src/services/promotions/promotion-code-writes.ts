import type { z } from '@hono/zod-openapi';
import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runBatch } from '../../db/sql/batch';
import { isUniqueViolation } from '../../db/sql/errors';
import { type Statement, statement } from '../../db/sql/statement';
import { defineView, readIdPage, type ViewJson, type ViewValue, viewOf, viewText } from '../../db/sql/views';
import { lockRow, requireRow } from '../../db/sql/writes';
import { ApiError } from '../../lib/api-error';
import { uuidv7 } from '../../lib/ids';
import { randomCodes } from '../../lib/random-codes';
import { type PromotionCodeBatchSchema, PromotionCodeSchema } from '../../schemas/promotions';
import { type AuditContext, auditedDeleteUnless, auditFromCte } from '../audit';
import { NO_PROMOTION } from './promotion-view';

/**
 * A promotion's codes, as staff manage them: one typed in, many made at
 * random (single-use), or one deleted. A code is unique in its store, so
 * the shopper's input names one promotion; codes belong to `code`
 * promotions only. Every write is one batch with its audit row.
 */

export const NO_CODE = 'This promotion has no code with that id.';
const CODE_TAKEN = 'Another code of this store is the same; codes are unique in a store, whatever the case.';
const AUTOMATIC = 'This promotion is automatic: it applies by itself and takes no codes.';
const REDEEMED =
  'Orders were placed with this code, so it cannot be deleted; deactivate its promotion instead, or leave it.';

/** Code alias `c` as staff see it. */
export const promotionCodeView = defineView(
  PromotionCodeSchema,
  (_c: 'c') => sql`json_build_object('id', c.id, 'promotionId', c.promotion_id, 'code', c.code,
    'usageLimit', c.usage_limit, 'timesUsed', c.times_used, 'createdAt', c.created_at)`,
);

type PromotionCodeValue = ViewValue<typeof promotionCodeView>;

/** A write whose code is taken in the store: the 409 names the field. */
export async function codeWrite<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (isUniqueViolation(error, 'promotion_codes_store_code_unique')) {
      throw new ApiError('conflict', CODE_TAKEN, [{ path: 'code', message: CODE_TAKEN }]);
    }
    throw error;
  }
}

/** Inserts one code of promotion `promotionId` with its audit row. */
export function codeInsert(
  context: AuditContext,
  promotionId: string,
  input: { code: string; usageLimit?: number },
  id = uuidv7(),
): SQL {
  return sql`WITH made AS (
      INSERT INTO promotion_codes AS c (id, store_id, promotion_id, code, usage_limit)
      VALUES (${id}, ${context.storeId}, ${promotionId}, ${input.code}, ${input.usageLimit ?? null}::int)
      RETURNING c.id AS entity_id, NULL::jsonb AS before, (${promotionCodeView.json('c')})::jsonb AS after)
    ${auditFromCte(context, 'promotion_code.created', 'promotion_code', sql`made`)}`;
}

/**
 * Stops the batch unless the store has the promotion (404) and it takes
 * codes (409). Run it after a lock on the promotion: a delete at the same
 * moment has committed (a 404 here) or waits for the codes.
 */
function requireCodePromotion(storeId: string, promotionId: string): SQL {
  return sql`SELECT CASE
      WHEN p.id IS NULL THEN api_error('not_found', ${NO_PROMOTION})
      WHEN p.method <> 'code' THEN api_error('conflict', ${AUTOMATIC})
      ELSE true END
    FROM (SELECT 1) one
    LEFT JOIN promotions p ON p.id = ${promotionId} AND p.store_id = ${storeId}`;
}

/** A page of the promotion's codes, newest first, those beginning with `q` when given; a 404 for no such promotion. */
export async function listPromotionCodes(
  db: Database,
  storeId: string,
  promotionId: string,
  q: string | undefined,
  page: { limit: number; after?: string },
) {
  const prefix = q === undefined ? sql`` : sql` AND starts_with(c.code, ${q})`;
  return readIdPage<PromotionCodeValue>(
    db,
    'c',
    sql`promotion_codes c WHERE c.promotion_id = ${promotionId} AND c.store_id = ${storeId}${prefix}`,
    promotionCodeView.json('c'),
    page,
    requireRow('promotions', promotionId, storeId, NO_PROMOTION),
  );
}

/** Adds a code to a `code` promotion. One round trip; audited. */
export async function addPromotionCode(
  db: Database,
  context: AuditContext,
  promotionId: string,
  input: { code: string; usageLimit?: number },
) {
  const id = uuidv7();
  const { view } = await codeWrite(
    runBatch(db, {
      lock: lockRow('promotions', promotionId, context.storeId),
      requirement: requireCodePromotion(context.storeId, promotionId),
      insert: codeInsert(context, promotionId, input, id),
      view: viewOf<PromotionCodeValue>(promotionCodeView.json('c'), sql`promotion_codes c WHERE c.id = ${id}`),
    }),
  );
  return viewText(view, NO_CODE);
}

/**
 * Deletes a code no order was placed with; a redeemed one is a 409. The
 * code is locked first, as a checkout counting its use locks it too. One
 * round trip; audited.
 */
export async function deletePromotionCode(db: Database, context: AuditContext, promotionId: string, codeId: string) {
  const { storeId } = context;
  await runBatch(db, {
    lock: lockRow('promotion_codes', codeId, storeId),
    exists: requireRow('promotion_codes', codeId, storeId, NO_CODE, { promotion_id: promotionId }),
    delete: auditedDeleteUnless(
      context,
      'promotion_code.deleted',
      { table: 'promotion_codes', alias: 'c', entityType: 'promotion_code', id: codeId },
      sql`c.times_used > 0 OR EXISTS (SELECT 1 FROM promotion_redemptions r WHERE r.code_id = c.id)`,
      sql`(${promotionCodeView.json('c')})::jsonb`,
      REDEEMED,
    ),
  });
}

/** How many tries make up for codes that collided with the store's before giving up. */
const GENERATION_ROUNDS = 3;

type BatchJson = ViewJson<z.output<typeof PromotionCodeBatchSchema>>;

/**
 * One statement that inserts `codes` (single-use) into the promotion,
 * skipping any the store has already, and answers those it made as JSON,
 * with one audit row for the lot.
 */
function insertCodes(
  context: AuditContext,
  promotionId: string,
  codes: string[],
): Statement<{ json: string; made: number }> {
  const rows = JSON.stringify(codes.map((code) => ({ id: uuidv7(), code })));
  return statement(sql`WITH made AS (
      INSERT INTO promotion_codes AS c (id, store_id, promotion_id, code, usage_limit)
      SELECT given.id, ${context.storeId}, ${promotionId}, given.code, 1
      FROM jsonb_to_recordset(${rows}::jsonb) AS given(id uuid, code text)
      ON CONFLICT (store_id, code) DO NOTHING
      RETURNING c.*),
    audited AS (${auditFromCte(
      context,
      'promotion_code.generated',
      'promotion',
      sql`(SELECT ${promotionId}::uuid AS entity_id, NULL::jsonb AS before,
        jsonb_build_object('count', count(*), 'codes', jsonb_agg(code ORDER BY code)) AS after
        FROM made HAVING count(*) > 0) generated`,
    )})
    SELECT coalesce((SELECT json_agg(${promotionCodeView.json('c')} ORDER BY c.id DESC) FROM made c), '[]')::text AS json,
      (SELECT count(*) FROM made)::int AS made`);
}

/**
 * Makes `count` single-use codes for a `code` promotion, `prefix` then
 * `length` random symbols, in one statement. A code the store has already
 * is skipped, and the few that may (1 in 10^12 a code at length 10) are
 * made up in another round trip (up to three in all: a shortfall past
 * that is not worth more). Answers the codes made.
 */
export async function generatePromotionCodes(
  db: Database,
  context: AuditContext,
  promotionId: string,
  request: { count: number; length: number; prefix?: string },
): Promise<BatchJson> {
  const made: string[] = [];
  let missing = request.count;
  for (let round = 0; round < GENERATION_ROUNDS && missing > 0; round++) {
    const { insert } = await runBatch(db, {
      lock: lockRow('promotions', promotionId, context.storeId),
      requirement: requireCodePromotion(context.storeId, promotionId),
      insert: insertCodes(context, promotionId, randomCodes(missing, request.length, request.prefix)),
    });
    const row = insert[0]!;
    if (row.made > 0) made.push(row.json.slice(1, -1));
    missing -= row.made;
  }
  return `{"data":[${made.join(',')}]}`;
}
