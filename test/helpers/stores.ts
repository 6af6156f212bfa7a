import { env } from 'cloudflare:workers';
import { and, asc, eq } from 'drizzle-orm';
import { onTestFinished } from 'vitest';
import { drizzleDatabase } from '../../src/db/drizzle';
import { auditLog, stores } from '../../src/db/schema';
import { uuidv7 } from '../../src/lib/ids';

/** The drizzle client the Worker under test uses, for arranging and inspecting data. */
export function testDb() {
  return drizzleDatabase(env.DATABASE_URL);
}

export type TestStore = typeof stores.$inferSelect;

/**
 * A store of the current test's own, with a random slug, deleted (with
 * everything it owns) when the test finishes; tests never share data, so
 * they run in any order.
 */
export async function createTestStore(overrides: Partial<typeof stores.$inferInsert> = {}): Promise<TestStore> {
  const db = testDb();
  const id = uuidv7();
  const slug = `test-${id.slice(-12)}`;
  const [store] = await db
    .insert(stores)
    .values({ id, slug, name: `Test store ${slug}`, currency: 'USD', ...overrides })
    .returning();
  deleteStoreAfterTest(id);
  return store!;
}

/** Deletes a store (and, by cascade, all it owns) when the current test finishes. */
export function deleteStoreAfterTest(storeId: string): void {
  onTestFinished(async () => {
    await testDb().delete(stores).where(eq(stores.id, storeId));
  });
}

/** The store's audit rows of `action`, oldest first. */
export async function auditRowsOf(storeId: string, action: string) {
  return testDb()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.storeId, storeId), eq(auditLog.action, action)))
    .orderBy(asc(auditLog.id));
}
