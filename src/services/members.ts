import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { runBatch } from '../db/sql/batch';
import { statement } from '../db/sql/statement';
import { defineView, isoTimestamp, type ViewValue, readIdPage } from '../db/sql/views';
import { MemberSchema } from '../schemas/admin-identity';
import { ApiError } from '../lib/api-error';
import type { MemberRole } from '../lib/permissions';
import { auditFromCte, type AuditContext } from './audit';

/** A membership, alias `m`, with its user's name and email. */
export const memberView = defineView(
  MemberSchema,
  (_m: 'm') => sql`json_build_object(
    'id', m.id, 'userId', m.user_id, 'email', u.email, 'name', u.name, 'role', m.role,
    'createdAt', ${isoTimestamp(sql`m.created_at`)})`,
);

/** A store's members with their names and emails, newest first. */
export async function listMembers(db: Database, storeId: string, page: { limit: number; after?: string }) {
  return readIdPage<ViewValue<typeof memberView>>(
    db,
    'm',
    sql`store_members m WHERE m.store_id = ${storeId}`,
    sql`(SELECT ${memberView.json('m')} FROM users u WHERE u.id = m.user_id)`,
    page,
  );
}

/**
 * Locks the store's owner rows first. Under READ COMMITTED the statement
 * after it then takes a fresh snapshot, so two owners demoting or removing
 * each other at once are serialised and the second sees that it would leave
 * the store ownerless. Ordered by id so that concurrent lockers never deadlock.
 */
function lockOwners(storeId: string): SQL {
  return sql`SELECT id FROM store_members WHERE store_id = ${storeId} AND role = 'owner' ORDER BY id FOR UPDATE`;
}

/** "This member is not the store's only owner", as SQL over a `target` row. */
const notLastOwner = (storeId: string) => sql`(target.role <> 'owner' OR EXISTS (
  SELECT 1 FROM store_members o WHERE o.store_id = ${storeId} AND o.role = 'owner' AND o.id <> target.id))`;

type MemberChange = { id: string; done: boolean };

function checkChange(rows: MemberChange[], what: string): void {
  if (rows.length === 0) throw new ApiError('not_found', 'This store has no member with that id.');
  if (!rows[0]!.done)
    throw new ApiError('conflict', `A store keeps at least one owner: ${what} the last owner is not possible.`);
}

/** Changes a member's role, audited; demoting the last owner is a 409. One round trip. */
export async function changeMemberRole(
  db: Database,
  context: AuditContext,
  memberId: string,
  role: MemberRole,
): Promise<void> {
  const { change } = await runBatch(db, {
    lockOwners: lockOwners(context.storeId),
    change: statement<MemberChange>(sql`
      WITH target AS (
        SELECT id, role FROM store_members WHERE id = ${memberId} AND store_id = ${context.storeId}
      ), changed AS (
        UPDATE store_members m SET role = ${role}, updated_at = now()
        FROM target WHERE m.id = target.id AND (${role} = 'owner' OR ${notLastOwner(context.storeId)})
        RETURNING m.id AS entity_id, jsonb_build_object('role', target.role) AS before, jsonb_build_object('role', m.role) AS after
      ), audited AS (${auditFromCte(context, 'member.role_changed', 'store_member', sql`changed WHERE before <> after`)})
      SELECT target.id, EXISTS (SELECT 1 FROM changed) AS done FROM target`),
  });
  checkChange(change, 'demoting');
}

/** Removes a member from the store, audited; removing the last owner is a 409. One round trip. */
export async function removeMember(db: Database, context: AuditContext, memberId: string): Promise<void> {
  const { change } = await runBatch(db, {
    lockOwners: lockOwners(context.storeId),
    change: statement<MemberChange>(sql`
      WITH target AS (
        SELECT id, role, user_id FROM store_members WHERE id = ${memberId} AND store_id = ${context.storeId}
      ), removed AS (
        DELETE FROM store_members m USING target WHERE m.id = target.id AND ${notLastOwner(context.storeId)}
        RETURNING m.id AS entity_id, jsonb_build_object('userId', target.user_id, 'role', target.role) AS before, NULL::jsonb AS after
      ), audited AS (${auditFromCte(context, 'member.removed', 'store_member', sql`removed`)})
      SELECT target.id, EXISTS (SELECT 1 FROM removed) AS done FROM target`),
  });
  checkChange(change, 'removing');
}
