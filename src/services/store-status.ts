import { sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { runBatch } from '../db/sql/batch';
import { statement } from '../db/sql/statement';
import { viewText } from '../db/sql/views';
import { type AuditContext, auditFromCte } from './audit';
import { adminStoreStatement, NO_STORE } from './stores';

/**
 * An owner closes the store and reopens it. A closed store has no
 * storefront (every storefront read and checkout filters on `active`), but
 * its staff keep the admin (`staffReachable`), and payments of its orders
 * still settle. Only `active` and `closed` move here: `suspended` and
 * `archived` are the platform's to lift.
 */

const MOVES = {
  close: { from: 'active', to: 'closed', action: 'store.closed' },
  reopen: { from: 'closed', to: 'active', action: 'store.reopened' },
} as const;

export type StoreStatusMove = keyof typeof MOVES;

/**
 * Moves the store (`close` or `reopen`) and answers it, in one round trip.
 * A store already there answers as it is and audits nothing; `changed` says
 * whether the storefront's cached pages must be purged.
 */
export async function moveStoreStatus(db: Database, context: AuditContext, move: StoreStatusMove, reason?: string) {
  const { from, to, action } = MOVES[move];
  const { storeId } = context;
  const { write, view } = await runBatch(db, {
    guard: sql`SELECT CASE WHEN s.status NOT IN ('active', 'closed')
        THEN api_error('invalid_transition', 'This store is ' || s.status || ': only the platform can open it again.')
        ELSE true END
      FROM stores s
      WHERE s.id = ${storeId}
      FOR UPDATE`,
    write: statement<{ changed: number }>(sql`WITH moved AS (
        UPDATE stores s
        SET status = ${to}, updated_at = now()
        WHERE s.id = ${storeId} AND s.status = ${from}
        RETURNING s.id AS entity_id, jsonb_build_object('status', ${from}::text) AS before,
          jsonb_strip_nulls(jsonb_build_object('status', ${to}::text, 'reason', ${reason ?? null}::text)) AS after),
      audit AS (${auditFromCte(context, action, 'store', sql`moved`)})
      SELECT count(*)::int AS changed FROM moved`),
    view: adminStoreStatement(storeId),
  });
  return { store: viewText(view, NO_STORE), changed: (write[0]?.changed ?? 0) > 0 };
}
