import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { insertAuditRows } from '../db/sql/ledgers';
import { defineView, isoTimestamp, type ViewValue, readIdPage } from '../db/sql/views';
import { AuditEntrySchema } from '../schemas/admin-identity';
import type { Actor } from '../env';
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

/** An audit row, alias `a`, as staff read it. */
export const auditEntryView = defineView(
  AuditEntrySchema,
  (_a: 'a') => sql`json_build_object(
    'id', a.id, 'action', a.action, 'actorType', a.actor_type, 'actorId', a.actor_id,
    'entityType', a.entity_type, 'entityId', a.entity_id, 'before', a.before, 'after', a.after,
    'requestId', a.request_id, 'createdAt', ${isoTimestamp(sql`a.created_at`)})`,
);

/** A store's audit log, newest first, one page. */
export async function listAuditLog(db: Database, storeId: string, page: { limit: number; after?: string }) {
  return readIdPage<ViewValue<typeof auditEntryView>>(
    db,
    'a',
    sql`audit_log a WHERE a.store_id = ${storeId}`,
    auditEntryView.json('a'),
    page,
  );
}
