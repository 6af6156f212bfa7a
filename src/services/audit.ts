import { and, desc, eq, lt, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/client';
import { auditLog } from '../db/schema';
import { insertAuditRows } from '../db/sql/ledgers';
import type { Actor } from '../env';
import { uuidv7 } from '../lib/ids';
import { pageOf } from '../lib/cursor';

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
 * `INSERT INTO audit_log ... SELECT` over a data-modifying CTE named `source`
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

/** A store's audit log, newest first, one page. */
export async function listAuditLog(db: Database, storeId: string, page: { limit: number; after?: string }) {
  const rows = await db
    .select({
      id: auditLog.id,
      action: auditLog.action,
      actorType: auditLog.actorType,
      actorId: auditLog.actorId,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      before: auditLog.before,
      after: auditLog.after,
      requestId: auditLog.requestId,
      createdAt: auditLog.createdAt,
    })
    .from(auditLog)
    .where(and(eq(auditLog.storeId, storeId), page.after ? lt(auditLog.id, page.after) : undefined))
    .orderBy(desc(auditLog.id))
    .limit(page.limit + 1);
  return pageOf(
    rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() })),
    page.limit,
  );
}
