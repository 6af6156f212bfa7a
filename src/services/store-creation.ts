import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database } from '../db/client';
import { runBatch } from '../db/sql/batch';
import { isUniqueViolation } from '../db/sql/errors';
import { statement } from '../db/sql/statement';
import { givenFields } from '../db/sql/writes';
import { ApiError } from '../lib/api-error';
import type { CreateStoreBody } from '../schemas/stores';
import { uuidv7 } from '../lib/ids';
import { readStoreRoles } from './accounts';
import { auditEntry } from './audit';
import { type AdminStore, adminStoreView, PROFILE_COLUMNS, profileValue } from './stores';

/** The columns of the fields a new store may be given. */
const NEW_STORE_COLUMNS = { ...PROFILE_COLUMNS, slug: 'slug', taxRateBps: 'tax_rate_bps' } as const;

export type NewStore = z.output<typeof CreateStoreBody>;

/**
 * Creates a store with the caller as its owner, audited, in one batch that
 * also reads the caller's roles back, so the answer can carry a fresh access
 * token that already holds the new role. A taken slug is a 409.
 */
export async function createStore(db: Database, owner: { id: string }, input: NewStore, requestId: string) {
  const storeId = uuidv7();
  const memberId = uuidv7();
  const fields = givenFields(input, NEW_STORE_COLUMNS, profileValue);
  try {
    const { store, roles } = await runBatch(db, {
      store: statement<{ store: AdminStore }>(sql`INSERT INTO stores AS s (id, ${sql.join(
        fields.map((field) => field.column),
        sql`, `,
      )})
        VALUES (${storeId}, ${sql.join(
          fields.map((field) => field.value),
          sql`, `,
        )})
        RETURNING ${adminStoreView.json('s')} AS store`),
      owner: sql`INSERT INTO store_members (id, store_id, user_id, role) VALUES (${memberId}, ${storeId}, ${owner.id}, 'owner')`,
      audit: auditEntry(
        { storeId, actor: { type: 'user', id: owner.id }, requestId },
        'store.created',
        { type: 'store', id: storeId },
        { after: input },
      ),
      roles: readStoreRoles(owner.id),
    });
    return { store: store[0]!.store, stores: roles[0]!.stores };
  } catch (error) {
    if (isUniqueViolation(error, 'stores_slug_unique'))
      throw new ApiError('conflict', `The slug '${input.slug}' is taken.`);
    throw error;
  }
}
