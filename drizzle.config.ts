import { defineConfig } from 'drizzle-kit';

/**
 * drizzle-kit generates migrations from `src/db/schema` into `drizzle/`.
 * `push` and `studio` need a Postgres wire connection: they use
 * `DATABASE_URL` when it names a real Postgres (`npm run db:up` or your own),
 * and otherwise open the embedded PGlite folder directly, which only works
 * while `npm run dev` is stopped (PGlite allows one process at a time).
 */
const databaseUrl = process.env.DATABASE_URL?.trim() ? new URL(process.env.DATABASE_URL.trim()) : undefined;
const pglitePath = process.env.PGLITE_DIR ?? '.data/pglite';
// The local server and the Docker proxy speak only Neon's HTTP protocol.
const speaksHttpOnly = (url: URL) =>
  url.port === (process.env.LOCAL_DB_PORT ?? '4444') || url.hostname.endsWith('localtest.me');
const usesWire = databaseUrl !== undefined && !speaksHttpOnly(databaseUrl);

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema/index.ts',
  out: './drizzle',
  casing: 'snake_case',
  strict: true,
  verbose: true,
  ...(usesWire
    ? { dbCredentials: { url: databaseUrl.toString() } }
    : { driver: 'pglite', dbCredentials: { url: pglitePath } }),
});
