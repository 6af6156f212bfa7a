import { isLocaltestHost, LOOPBACK_HOSTS } from '../src/db/client.ts';
import {
  DEFAULT_LOCAL_DB_PORT,
  openBackend,
  startLocalDb,
  type BackendChoice,
  type LocalDb,
} from './local-db/index.ts';

/** Where the Worker's Neon driver sends SQL, and the local server behind it if this process started one. */
export interface DatabaseTarget {
  /** The `DATABASE_URL` the Worker (and migrate, seed) use. */
  url: string;
  description: string;
  /** The embedded database's folder, when this target is one. */
  pgliteDir?: string;
  localDb?: LocalDb;
  close(): Promise<void>;
}

export interface TargetOptions {
  /** Port for a local server this process starts (default LOCAL_DB_PORT, else 4444); 0 picks a free one. */
  port?: number;
}

/** Hosts that speak Neon's HTTP protocol themselves: Neon, and its proxy image at *.localtest.me. */
function isNeonEndpoint(hostname: string): boolean {
  return hostname.endsWith('.neon.tech') || isLocaltestHost(hostname);
}

/** True when a Neon-protocol server (ours, from `npm run dev` or `db:server`) already answers on that port. */
async function localDbAnswers(host: string, port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://${host}:${port}/__stats`, { signal: AbortSignal.timeout(500) });
    return response.ok;
  } catch {
    return false;
  }
}

async function startTarget(choice: BackendChoice, description: string, port: number): Promise<DatabaseTarget> {
  const delayMs = Number(process.env.LOCAL_DB_DELAY_MS ?? 0);
  const localDb = await startLocalDb({ backend: await openBackend(choice), port, delayMs });
  return { url: localDb.connectionString, description, localDb, close: () => localDb.close() };
}

/**
 * Resolves `DATABASE_URL` the way every script does:
 * - unset: the embedded PGlite in `.data/pglite` behind a local server (or
 *   the local server that is already running on the default port);
 * - a Neon host (`*.neon.tech`, or the Docker proxy at `db.localtest.me`):
 *   used as is, over HTTP;
 * - a loopback host where a local Neon-protocol server answers: used as is;
 * - anything else is a Postgres server, fronted by a local server.
 */
export async function resolveDatabaseTarget(options: TargetOptions = {}): Promise<DatabaseTarget> {
  const configured = process.env.DATABASE_URL?.trim();
  const pgliteDir = process.env.PGLITE_DIR ?? '.data/pglite';
  const defaultPort = Number(process.env.LOCAL_DB_PORT ?? DEFAULT_LOCAL_DB_PORT);
  const port = options.port ?? defaultPort;
  const noop = async () => undefined;

  if (!configured) {
    // PGlite allows one process per folder: reuse the server that holds it.
    if (await localDbAnswers('127.0.0.1', defaultPort)) {
      return {
        url: `postgres://local:local@127.0.0.1:${defaultPort}/commerce`,
        description: `the local server already on port ${defaultPort}`,
        close: noop,
      };
    }
    const target = await startTarget({ kind: 'pglite', dataDir: pgliteDir }, `embedded PGlite in ${pgliteDir}`, port);
    return { ...target, pgliteDir };
  }
  const url = new URL(configured);
  if (isNeonEndpoint(url.hostname))
    return { url: configured, description: `the Neon endpoint of ${url.hostname}`, close: noop };
  // Probing a Postgres port with HTTP only puts noise in its log, so 5432 is not asked.
  const mayBeLocalDb = LOOPBACK_HOSTS.has(url.hostname) && url.port !== '' && url.port !== '5432';
  if (mayBeLocalDb && (await localDbAnswers(url.hostname, Number(url.port)))) {
    return { url: configured, description: `the local server on port ${url.port}`, close: noop };
  }
  return startTarget({ kind: 'postgres', url: configured }, `Postgres at ${url.host}${url.pathname}`, port);
}
