import { defineConfig } from 'drizzle-kit';

/**
 * drizzle-kit generates migrations from `src/db/schema` into `drizzle/`.
 * `push` and `studio` need a Postgres wire connection: they use
 * `DATABASE_URL` when it names a real Postgres (`npm run db:up` or your own),
 * and otherwise open the embedded PGlite folder directly, which only works
 * while `npm run dev` is stopped (PGlite allows one process at a time).
 */
const databaseUrl = process.env.DATABASE_URL;
const pglitePath = process.env.PGLITE_DIR ?? '.data/pglite';
const usesWire = databaseUrl !== undefined && databaseUrl !== '' && !databaseUrl.includes(':4444');

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema/index.ts',
  out: './drizzle',
  casing: 'snake_case',
  strict: true,
  verbose: true,
  ...(usesWire ? { dbCredentials: { url: databaseUrl } } : { driver: 'pglite', dbCredentials: { url: pglitePath } }),
});
