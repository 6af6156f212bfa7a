/**
 * Vitest global setup for the Worker tests: starts the local Neon-protocol
 * server on TEST_LOCAL_DB_PORT over in-memory PGlite, or, when
 * TEST_DATABASE_URL names a Postgres server, over a fresh database created
 * there for this run and dropped after it; then applies the migrations.
 */
import { startLocalDb, openBackend, type BackendChoice } from '../../scripts/local-db/index.ts';
import { migrate } from '../../scripts/migrate.ts';
import { createScratchDatabase } from '../../scripts/scratch-database.ts';

export default async function setup(): Promise<() => Promise<void>> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  const scratch = adminUrl ? await createScratchDatabase(adminUrl) : undefined;
  // For test/setup/held-transactions.ts, which opens its own sessions on that database.
  if (scratch) process.env.TEST_SCRATCH_DATABASE_URL = scratch.url;
  const choice: BackendChoice = scratch ? { kind: 'postgres', url: scratch.url } : { kind: 'pglite' };
  const db = await startLocalDb({ backend: await openBackend(choice), port: Number(process.env.TEST_LOCAL_DB_PORT) });
  await migrate(db.connectionString);
  console.log(
    `[test] local database on port ${db.port} over ${scratch ? `Postgres database ${scratch.name}` : 'in-memory PGlite'}`,
  );

  return async () => {
    await db.close();
    await scratch?.drop();
  };
}
