import { sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { runBatch, runStatement } from '../db/sql/batch';
import { insertAuditRows } from '../db/sql/ledgers';
import { statement } from '../db/sql/statement';
import { defineView, isoTimestamp, type ViewValue, readIdPage } from '../db/sql/views';
import { InvitationSchema } from '../schemas/admin-identity';
import { ApiError } from '../lib/api-error';
import { uuidv7 } from '../lib/ids';
import type { MemberRole } from '../lib/permissions';
import { randomSecret, sha256 } from '../lib/secrets';
import { readStoreRoles } from './accounts';
import { auditFromCte, type AuditContext } from './audit';

export const INVITATION_TTL_DAYS = 7;
const INVITATION_TOKEN_PREFIX = 'inv_';

/**
 * Invites an email to the store with a role, and answers the invitation token
 * (shown once; only its hash is kept) for the caller to deliver. Re-inviting
 * a pending address replaces the old invitation and its token; inviting
 * someone who is already a member is a 409. One statement, audited.
 */
export async function inviteMember(db: Database, context: AuditContext, input: { email: string; role: MemberRole }) {
  const token = `${INVITATION_TOKEN_PREFIX}${randomSecret()}`;
  const expiresAt = new Date(Date.now() + INVITATION_TTL_DAYS * 86_400_000);
  type Invited = {
    id: string;
    email: string;
    role: MemberRole;
    status: 'pending';
    expires_at: string;
    created_at: string;
  };
  const rows = await runStatement(
    db,
    statement<Invited>(sql`
    WITH invited AS (
      INSERT INTO store_invitations (id, store_id, email, role, token_hash, invited_by, expires_at)
      SELECT ${uuidv7()}::uuid, ${context.storeId}::uuid, ${input.email}, ${input.role}::member_role, ${await sha256(token)},
             ${context.actor.id}::uuid, ${expiresAt.toISOString()}::timestamptz
      WHERE NOT EXISTS (
        SELECT 1 FROM store_members m JOIN users u ON u.id = m.user_id
        WHERE m.store_id = ${context.storeId} AND u.email = ${input.email})
      ON CONFLICT (store_id, email) WHERE status = 'pending' DO UPDATE
        SET role = excluded.role, token_hash = excluded.token_hash, invited_by = excluded.invited_by,
            expires_at = excluded.expires_at, created_at = now()
      RETURNING *
    ), audited AS (${auditFromCte(
      context,
      'invitation.created',
      'store_invitation',
      sql`(SELECT id AS entity_id, NULL::jsonb AS before, jsonb_build_object('email', email, 'role', role) AS after FROM invited) AS change`,
    )})
    SELECT id, email, role, status, expires_at, created_at FROM invited`),
  );
  const row = rows[0];
  if (!row) throw new ApiError('conflict', `${input.email} is already a member of this store.`);
  const invitation = {
    id: row.id,
    email: row.email,
    role: row.role,
    status: row.status,
    expiresAt: new Date(row.expires_at).toISOString(),
    createdAt: new Date(row.created_at).toISOString(),
  };
  return { invitation, token };
}

/** An invitation, alias `i`, as staff see it (never its token). */
export const invitationView = defineView(
  InvitationSchema,
  (_i: 'i') => sql`json_build_object(
    'id', i.id, 'email', i.email, 'role', i.role, 'status', i.status,
    'expiresAt', ${isoTimestamp(sql`i.expires_at`)}, 'createdAt', ${isoTimestamp(sql`i.created_at`)})`,
);

/** A store's pending, unexpired invitations, newest first. */
export async function listInvitations(db: Database, storeId: string, page: { limit: number; after?: string }) {
  return readIdPage<ViewValue<typeof invitationView>>(
    db,
    'i',
    sql`store_invitations i WHERE i.store_id = ${storeId} AND i.status = 'pending' AND i.expires_at > now()`,
    invitationView.json('i'),
    page,
  );
}

/** Revokes a pending invitation of this store, audited; anything else is a 404. */
export async function revokeInvitation(db: Database, context: AuditContext, invitationId: string): Promise<void> {
  const rows = await runStatement(
    db,
    statement(sql`
    WITH revoked AS (
      UPDATE store_invitations SET status = 'revoked'
      WHERE id = ${invitationId} AND store_id = ${context.storeId} AND status = 'pending'
      RETURNING id AS entity_id, jsonb_build_object('status', 'pending') AS before, jsonb_build_object('status', status) AS after
    ), audited AS (${auditFromCte(context, 'invitation.revoked', 'store_invitation', sql`revoked`)})
    SELECT entity_id FROM revoked`),
  );
  if (rows.length === 0) throw new ApiError('not_found', 'This store has no pending invitation with that id.');
}

/**
 * Accepts an invitation for the signed-in user, whose email must be the one
 * invited: the token alone is not enough, so a forwarded or leaked token is
 * useless to anyone else. One batch: the invitation turns accepted, the
 * membership and an audit row are written, and the user's roles are read back
 * for a fresh access token. An unknown, used, revoked, expired or
 * someone-else's invitation is the same 404.
 */
export async function acceptInvitation(
  db: Database,
  user: { id: string; email: string },
  token: string,
  requestId: string,
) {
  const memberId = uuidv7();
  const { accepted, roles } = await runBatch(db, {
    accepted: statement<{ store_id: string; role: MemberRole }>(sql`
      WITH accepted AS (
        UPDATE store_invitations SET status = 'accepted', accepted_at = now()
        WHERE token_hash = ${await sha256(token)} AND status = 'pending' AND expires_at > now() AND email = ${user.email}
        RETURNING id, store_id, role
      ), joined AS (
        INSERT INTO store_members (id, store_id, user_id, role)
        SELECT ${memberId}::uuid, store_id, ${user.id}::uuid, role FROM accepted
        ON CONFLICT (store_id, user_id) DO NOTHING
        RETURNING id, store_id, role
      ), audited AS (${insertAuditRows(
        {
          storeId: sql`store_id`,
          actorType: 'user',
          actorId: user.id,
          action: 'member.joined',
          entityType: 'store_member',
          entityId: sql`id`,
          after: sql`jsonb_build_object('role', role)`,
          requestId,
        },
        sql`joined`,
      )})
      SELECT store_id, role FROM accepted`),
    roles: readStoreRoles(user.id),
  });
  const invitation = accepted[0];
  if (!invitation) throw new ApiError('not_found', 'No pending invitation for your email matches this token.');
  return { storeId: invitation.store_id, stores: roles[0]!.stores };
}
