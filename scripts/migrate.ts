/**
 * Applies the pending migrations in `drizzle/` through Neon's HTTP protocol,
 * so one runner serves the local server and a real Neon database alike:
 *
 *   tsx scripts/migrate.ts      (DATABASE_URL as scripts/database-target.ts reads it)
 *
 * Each migration runs as one batch, so it lands whole or not at all, and its
 * row in drizzle-kit's own journal table is written in the same transaction.
 */
import { fileURLToPath } from 'node:url';
import { neon } from '@neondatabase/serverless';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { routeLocalHostsOverHttp } from '../src/db/client.ts';
import { resolveDatabaseTarget } from './database-target.ts';

const MIGRATIONS_FOLDER = fileURLToPath(new URL('../drizzle', import.meta.url));

/** Any constant: the advisory lock that serialises concurrent migration runs. */
const MIGRATION_LOCK = 7_204_117;
const ALREADY_APPLIED = 'migration already applied';

/**
 * Applies what `drizzle/` holds beyond the database's journal; returns how
 * many migrations this run applied. Runs may overlap (two deploys, two dev
 * servers): each migration's batch first takes an advisory lock, then
 * re-checks the journal, so a migration another run applied meanwhile is
 * skipped rather than applied twice.
 */
export async function migrate(databaseUrl: string): Promise<number> {
  routeLocalHostsOverHttp();
  const sql = neon(databaseUrl);
  const migrations = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER });
  await sql.transaction([
    sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`,
    sql`CREATE SCHEMA IF NOT EXISTS drizzle`,
    sql`CREATE TABLE IF NOT EXISTS drizzle.__drizzle_migrations (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)`,
  ]);
  const [last] = await sql`SELECT created_at FROM drizzle.__drizzle_migrations ORDER BY created_at DESC LIMIT 1`;
  const appliedUpTo = last ? Number(last.created_at) : -1;
  let applied = 0;
  for (const migration of migrations) {
    if (migration.folderMillis <= appliedUpTo) continue;
    try {
      await sql.transaction([
        sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`,
        sql.query(`DO $$ BEGIN
          IF EXISTS (SELECT 1 FROM drizzle.__drizzle_migrations WHERE created_at >= ${Number(migration.folderMillis)}) THEN
            RAISE EXCEPTION '${ALREADY_APPLIED}';
          END IF;
        END $$`),
        ...migration.sql.filter((statement) => statement.trim() !== '').map((statement) => sql.query(statement)),
        sql`INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES (${migration.hash}, ${migration.folderMillis})`,
      ]);
      applied++;
    } catch (error) {
      if ((error as Error).message !== ALREADY_APPLIED) throw error;
    }
  }
  return applied;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const target = await resolveDatabaseTarget({ port: 0 });
  try {
    const applied = await migrate(target.url);
    console.log(`${applied ? `applied ${applied} migration(s) to` : 'up to date:'} ${target.description}`);
  } finally {
    await target.close();
  }
}
