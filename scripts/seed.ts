/**
 * Demo data: the stores in scripts/seed-data/, each with an owner who signs
 * in with `demo-password-123`.
 *
 *   tsx scripts/seed.ts      (DATABASE_URL as scripts/database-target.ts reads it)
 *
 * Each store is written by one `db.batch` (one transaction on Neon's HTTP
 * driver) of inserts that need nothing from each other: every id is made
 * here first. Then its demo orders are placed and handled through the
 * services the API runs (seed-data/orders.ts), and its group-buying
 * campaigns created and joined the same way (seed-data/campaigns.ts), a
 * transaction per step; last, its markets, tax rates and promotions
 * (seed-data/selling.ts). A
 * store whose slug already exists is skipped whole, so running the seed
 * again changes nothing.
 */
import { fileURLToPath } from 'node:url';
import { inArray } from 'drizzle-orm';
import { type DrizzleDatabase, drizzleDatabase } from '../src/db/drizzle.ts';
import { stores } from '../src/db/schema/index.ts';
import { hashPassword } from '../src/lib/password.ts';
import { balsamoa } from './seed-data/balsamoa.ts';
import { bellaTeh } from './seed-data/bella-teh.ts';
import { seedCampaigns } from './seed-data/campaigns.ts';
import { seedEngagement } from './seed-data/engagement.ts';
import { seedOrders } from './seed-data/orders.ts';
import { seedSelling } from './seed-data/selling.ts';
import { storeRows, storeStatements } from './seed-data/rows.ts';
import type { SeedStore } from './seed-data/types.ts';
import { resolveDatabaseTarget } from './database-target.ts';

export const DEMO_PASSWORD = 'demo-password-123';
export const DEMO_STORES: readonly SeedStore[] = [balsamoa, bellaTeh];

/** Seeds every demo store that is not there yet; answers which slugs it created and which it left alone. */
export async function seedDemoData(db: DrizzleDatabase): Promise<{ created: string[]; skipped: string[] }> {
  const slugs = DEMO_STORES.map((store) => store.slug);
  const existing = await db.select({ slug: stores.slug }).from(stores).where(inArray(stores.slug, slugs));
  const present = new Set(existing.map((row) => row.slug));
  const created: string[] = [];
  const skipped: string[] = [];
  for (const store of DEMO_STORES) {
    if (present.has(store.slug)) {
      skipped.push(store.slug);
      continue;
    }
    const rows = storeRows(store, await hashPassword(DEMO_PASSWORD));
    const [first, ...rest] = storeStatements(db, rows);
    await db.batch([first!, ...rest]);
    await seedOrders(db, store, rows);
    await seedCampaigns(db, store, rows);
    await seedEngagement(db, store, rows);
    await seedSelling(db, store, rows);
    created.push(store.slug);
  }
  return { created, skipped };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const target = await resolveDatabaseTarget({ port: 0 });
  const { created, skipped } = await seedDemoData(drizzleDatabase(target.url)).finally(() => target.close());
  console.log(
    `seeded: ${created.join(', ') || 'nothing'}${skipped.length ? `; already there: ${skipped.join(', ')}` : ''}`,
  );
  const owners = DEMO_STORES.filter((store) => created.includes(store.slug)).map((store) => store.owner.email);
  if (owners.length) console.log(`owners sign in with password "${DEMO_PASSWORD}": ${owners.join(', ')}`);
}
