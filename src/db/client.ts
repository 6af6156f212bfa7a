import { type NeonQueryFunction, neon, neonConfig } from '@neondatabase/serverless';

/**
 * What the app's SQL runs on: the neon HTTP function that `db/sql` sends
 * statements with. A request's own handle (`requestDatabase`) also counts
 * the round trips made through it. The Worker needs nothing more, so it
 * makes no drizzle client: drizzle's query builders, 8 KiB of the gzipped
 * bundle, are left out of it. The tests and scripts that arrange data with
 * them use `drizzleDatabase` (db/drizzle.ts), which is also a `Database`.
 */
export type Database = {
  $client: NeonQueryFunction<false, false>;
  /** Round trips sent through this handle (`db/sql/batch.ts`), on a request's handle only. */
  roundTrips?: number;
};

/** Loopback host names as `URL.hostname` gives them. */
export const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);
const neonEndpoint = neonConfig.fetchEndpoint;

/** localtest.me: a public name for 127.0.0.1, which Neon's own proxy image expects. */
export function isLocaltestHost(host: string): boolean {
  return host === 'localtest.me' || host.endsWith('.localtest.me');
}

function isLocal(host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || isLocaltestHost(host);
}

/**
 * One `DATABASE_URL` serves every environment: a local host is the local
 * Neon-protocol server (`scripts/local-db`, or the Docker proxy), spoken to
 * over plain HTTP; any other host keeps Neon's own endpoint. The setting is
 * global to the neon driver; `getDatabase` applies it, and code that calls
 * `neon()` directly calls this first. Idempotent.
 */
export function routeLocalHostsOverHttp(): void {
  neonConfig.fetchEndpoint = (host, port, options) => {
    if (isLocal(host)) return `http://${host}:${port || 4444}/sql`;
    return typeof neonEndpoint === 'function' ? neonEndpoint(host, port, options) : neonEndpoint;
  };
}

const clients = new Map<string, Database>();

/**
 * The client for a connection string, made once per isolate: the HTTP
 * driver holds no connection, so sharing it between requests is safe.
 */
export function getDatabase(databaseUrl: string): Database {
  let db = clients.get(databaseUrl);
  if (!db) {
    routeLocalHostsOverHttp();
    db = { $client: neon(databaseUrl) };
    clients.set(databaseUrl, db);
  }
  return db;
}

/**
 * A request's handle on the isolate's client: the same client, with a round
 * trip count of its own for the access log. Requests in an isolate run
 * concurrently, so a count on the shared client would mix them; the handle
 * is one small object that inherits everything else from it.
 */
export function requestDatabase(databaseUrl: string): Database {
  const db: Database = Object.create(getDatabase(databaseUrl));
  db.roundTrips = 0;
  return db;
}
