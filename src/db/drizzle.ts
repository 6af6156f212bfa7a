import { drizzle, type NeonHttpDatabase } from 'drizzle-orm/neon-http';
import { type Database, getDatabase } from './client';
import * as schema from './schema';

/**
 * A drizzle client over the tables of db/schema, for the tests and scripts
 * that arrange and inspect data with its query builders. The Worker never
 * makes one (db/client.ts): the app writes its SQL with `sql` templates
 * through db/sql. It is a `Database` too, over the same neon function.
 */
export type DrizzleDatabase = NeonHttpDatabase<typeof schema> & Database;

const clients = new Map<string, DrizzleDatabase>();

/** The drizzle client for a connection string, made once per isolate, as `getDatabase`'s client is. */
export function drizzleDatabase(databaseUrl: string): DrizzleDatabase {
  let db = clients.get(databaseUrl);
  if (!db) {
    db = drizzle({ client: getDatabase(databaseUrl).$client, schema, casing: 'snake_case' });
    clients.set(databaseUrl, db);
  }
  return db;
}
