import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { insertAuditRows } from '../db/sql/ledgers';
import type { StoreOwnedTable } from '../db/sql/writes';
import { defineView, isoTimestamp, type ViewValue, readIdPage } from '../db/sql/views';
import { AuditEntrySchema } from '../schemas/admin-identity';
import type { Actor } from '../env';
import type { ACTOR_TYPES } from '../lib/enums';
import { uuidv7 } from '../lib/ids';

/** Who and which request an audited change comes from; services put it on every row they write. */
export interface AuditContext {
  storeId: string;
  actor: Actor | { type: 'user'; id: string };
  requestId: string;
}

/** The statement writing the `audit_log` row for one change, to run in the same batch as the change itself. */
export function auditEntry(
  context: AuditContext,
  action: string,
  entity: { type: string; id: string },
  change: { before?: unknown; after?: unknown },
): SQL {
  return insertAuditRows({
    id: uuidv7(),
    storeId: context.storeId,
    actorType: context.actor.type,
    actorId: context.actor.id,
    action,
    entityType: entity.type,
    entityId: entity.id,
    before: change.before ?? null,
    after: change.after ?? null,
    requestId: context.requestId,
  });
}

/**
 * Audit rows selected from `source`, a data-modifying CTE
 * that returns `entity_id`, `before` and `after` (jsonb): a change that
 * touched no row audits nothing, and the change and its audit row commit
 * together in one statement. For single-row changes (one row id).
 */
export function auditFromCte(context: AuditContext, action: string, entityType: string, source: SQL): SQL {
  return insertAuditRows(
    {
      id: uuidv7(),
      storeId: context.storeId,
      actorType: context.actor.type,
      actorId: context.actor.id,
      action,
      entityType,
      entityId: sql`entity_id`,
      before: sql`before`,
      after: sql`after`,
      requestId: context.requestId,
    },
    source,
  );
}

/**
 * Updates row `id` of the store's `table` (alias `alias`) with `set`, and
 * writes its audit row with `row` (jsonb over the alias) as it was before
 * and is after, in one statement. A missing row changes and audits nothing.
 */
export function auditedUpdate(
  context: AuditContext,
  action: string,
  target: { table: StoreOwnedTable; alias: string; entityType: string; id: string },
  set: SQL,
  row: SQL,
): SQL {
  const table = sql.identifier(target.table);
  const a = sql.identifier(target.alias);
  return sql`WITH target AS (
      SELECT ${a}.id, ${row} AS before
      FROM ${table} ${a}
      WHERE ${a}.id = ${target.id} AND ${a}.store_id = ${context.storeId}),
    changed AS (
      UPDATE ${table} ${a}
      SET ${set}
      FROM target
      WHERE ${a}.id = target.id
      RETURNING ${a}.id AS entity_id, target.before, ${row} AS after)
    ${auditFromCte(context, action, target.entityType, sql`changed`)}`;
}

/** A row of the store's `table` that a delete removes, named for its audit row. */
type DeleteTarget = { table: StoreOwnedTable; alias: string; entityType: string; id: string };

/** The CTE `deleted`: row `id` of the store's `table` (alias `alias`) removed where `condition` holds, as audited. */
function deletedRow(context: AuditContext, target: DeleteTarget, row: SQL, condition: SQL): SQL {
  const a = sql.identifier(target.alias);
  return sql`deleted AS (
      DELETE FROM ${sql.identifier(target.table)} ${a}
      WHERE ${a}.id = ${target.id} AND ${a}.store_id = ${context.storeId} AND ${condition}
      RETURNING ${a}.id AS entity_id, ${row} AS before, NULL::jsonb AS after)`;
}

/**
 * Deletes row `id` of the store's `table` (alias `alias`), writing its
 * audit row with `row` as it was, in one statement. Run it after a 404 check.
 */
export function auditedDelete(context: AuditContext, action: string, target: DeleteTarget, row: SQL): SQL {
  return sql`WITH ${deletedRow(context, target, row, sql`true`)}
    ${auditFromCte(context, action, target.entityType, sql`deleted`)}`;
}

/**
 * `auditedDelete` unless `blocked` holds for the row (orders point at it):
 * a blocked row is kept and the statement raises a 409 with `refusal`. Run
 * it after a lock on the row and a 404 check.
 */
export function auditedDeleteUnless(
  context: AuditContext,
  action: string,
  target: DeleteTarget,
  blocked: SQL,
  row: SQL,
  refusal: string,
): SQL {
  return sql`WITH ${deletedRow(context, target, row, sql`NOT (${blocked})`)},
    audited AS (${auditFromCte(context, action, target.entityType, sql`deleted`)})
    SELECT api_error('conflict', ${refusal}) WHERE NOT EXISTS (SELECT 1 FROM deleted)`;
}

/**
 * The keys of jsonb `from` whose value `to` does not share, with `from`'s
 * values, or null when none differ: with the arguments swapped, the other
 * side. So an audit row's before and after hold only what a change changed.
 */
export function changedFields(from: SQL, to: SQL): SQL {
  return sql`(SELECT jsonb_object_agg(f.key, f.value)
    FROM jsonb_each(${from}) f
    WHERE f.value IS DISTINCT FROM (${to}) -> f.key)`;
}

/**
 * Audit rows for the rows of `source` (a CTE with `id`, `before_fields` and
 * `after_fields`, jsonb of what staff can change) that a change changed,
 * each holding only the fields that differ: setting what already was audits
 * nothing.
 */
export function auditChanges(context: AuditContext, action: string, entityType: string, source: SQL): SQL {
  return auditFromCte(
    context,
    action,
    entityType,
    sql`(SELECT id AS entity_id, ${changedFields(sql`before_fields`, sql`after_fields`)} AS before,
      ${changedFields(sql`after_fields`, sql`before_fields`)} AS after
      FROM ${source}
      WHERE before_fields <> after_fields) changes`,
  );
}

/** An audit row, alias `a`, as staff read it. */
export const auditEntryView = defineView(
  AuditEntrySchema,
  (_a: 'a') => sql`json_build_object(
    'id', a.id, 'action', a.action, 'actorType', a.actor_type, 'actorId', a.actor_id,
    'entityType', a.entity_type, 'entityId', a.entity_id, 'before', a.before, 'after', a.after,
    'requestId', a.request_id, 'createdAt', ${isoTimestamp(sql`a.created_at`)})`,
);

/** What the audit log can be narrowed to; every filter given must hold. */
export interface AuditFilters {
  /** One action, or a family of them: `order.*`. */
  action?: string;
  actorType?: (typeof ACTOR_TYPES)[number];
  actorId?: string;
  entityType?: string;
  entityId?: string;
  /** Inclusive. */
  from?: string;
  /** Exclusive. */
  to?: string;
}

/** The condition over audit_log alias `a` that `filters` ask for. */
function auditConditions(storeId: string, filters: AuditFilters): SQL[] {
  const conditions: SQL[] = [sql`a.store_id = ${storeId}`];
  const { action } = filters;
  if (action?.endsWith('.*')) conditions.push(sql`starts_with(a.action, ${action.slice(0, -1)})`);
  else if (action) conditions.push(sql`a.action = ${action}`);
  if (filters.actorType) conditions.push(sql`a.actor_type = ${filters.actorType}`);
  if (filters.actorId) conditions.push(sql`a.actor_id = ${filters.actorId}`);
  if (filters.entityType) conditions.push(sql`a.entity_type = ${filters.entityType}`);
  if (filters.entityId) conditions.push(sql`a.entity_id = ${filters.entityId}`);
  if (filters.from) conditions.push(sql`a.created_at >= ${filters.from}::timestamptz`);
  if (filters.to) conditions.push(sql`a.created_at < ${filters.to}::timestamptz`);
  return conditions;
}

/** A store's audit log, newest first, one page, narrowed by `filters`. One round trip. */
export async function listAuditLog(
  db: Database,
  storeId: string,
  filters: AuditFilters,
  page: { limit: number; after?: string },
) {
  return readIdPage<ViewValue<typeof auditEntryView>>(
    db,
    'a',
    sql`audit_log a WHERE ${sql.join(auditConditions(storeId, filters), sql` AND `)}`,
    auditEntryView.json('a'),
    page,
  );
}
