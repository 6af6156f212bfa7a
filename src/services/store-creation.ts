import type { Database } from '../db/client';
import { storeMembers, stores } from '../db/schema';
import { isUniqueViolation } from '../db/sql/errors';
import { ApiError } from '../lib/api-error';
import { uuidv7 } from '../lib/ids';
import { readStoreRoles } from './accounts';
import { auditEntry } from './audit';
import { publicStoreColumns } from './stores';

/** A store as its members see it: the public profile, its status and age. Settings stay out: they will hold encrypted secrets. */
const adminStoreColumns = { ...publicStoreColumns, status: stores.status, createdAt: stores.createdAt };

export interface NewStore {
  slug: string;
  name: string;
  currency: string;
  taxRateBps?: number;
  timezone?: string;
  contactEmail?: string;
}

/**
 * Creates a store with the caller as its owner, audited, in one batch that
 * also reads the caller's roles back, so the answer can carry a fresh access
 * token that already holds the new role. A taken slug is a 409.
 */
export async function createStore(db: Database, owner: { id: string }, input: NewStore, requestId: string) {
  const storeId = uuidv7();
  const memberId = uuidv7();
  try {
    const [[store], , , [roles]] = await db.batch([
      db
        .insert(stores)
        .values({ id: storeId, ...input })
        .returning(adminStoreColumns),
      db.insert(storeMembers).values({ id: memberId, storeId, userId: owner.id, role: 'owner' }),
      db.execute(
        auditEntry(
          { storeId, actor: { type: 'user', id: owner.id }, requestId },
          'store.created',
          { type: 'store', id: storeId },
          { after: input },
        ),
      ),
      readStoreRoles(db, owner.id),
    ]);
    return { store: { ...store!, createdAt: store!.createdAt.toISOString() }, stores: roles!.stores };
  } catch (error) {
    if (isUniqueViolation(error, 'stores_slug_unique'))
      throw new ApiError('conflict', `The slug '${input.slug}' is taken.`);
    throw error;
  }
}
