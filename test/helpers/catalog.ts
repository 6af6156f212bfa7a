import { eq } from 'drizzle-orm';
import { onTestFinished } from 'vitest';
import { balsamoa } from '../../scripts/seed-data/balsamoa.ts';
import { storeRows, storeStatements } from '../../scripts/seed-data/rows.ts';
import type { SeedStore } from '../../scripts/seed-data/types.ts';
import { stores, users } from '../../src/db/schema';
import { uuidv7 } from '../../src/lib/ids';
import { testDb } from './stores';

/** Never checked: the tests sign catalog owners in with tokens, not passwords. */
const UNUSABLE_PASSWORD_HASH = 'pbkdf2-sha256$100000$unused$unused';

export type CatalogStore = Awaited<ReturnType<typeof createCatalogStore>>;

/**
 * A store of the current test's own with a whole catalog, written as the
 * demo seed writes one: by default Balsamoa's (2 categories, sizes and
 * colours, 10 products, 21 variants with prices and stock), under a random
 * slug. Deleted, with its owner, when the test finishes. Answers the rows,
 * with lookups by product slug and variant SKU.
 */
export async function createCatalogStore(overrides: Partial<SeedStore> = {}) {
  const suffix = uuidv7().slice(-12);
  const data: SeedStore = {
    ...balsamoa,
    slug: `cat-${suffix}`,
    owner: { email: `owner-${suffix}@example.test`, name: 'Catalog Owner' },
    ...overrides,
  };
  const db = testDb();
  const rows = storeRows(data, UNUSABLE_PASSWORD_HASH);
  const [first, ...rest] = storeStatements(db, rows);
  await db.batch([first!, ...rest]);
  onTestFinished(async () => {
    await db.delete(stores).where(eq(stores.id, rows.storeId));
    await db.delete(users).where(eq(users.email, data.owner.email));
  });
  const product = (slug: string) => rows.products.find((row) => row.slug === slug) ?? fail(`no product ${slug}`);
  const variant = (sku: string) => rows.variants.find((row) => row.sku === sku) ?? fail(`no variant ${sku}`);
  return { ...rows, slug: data.slug, product, variant };
}

function fail(message: string): never {
  throw new Error(message);
}
