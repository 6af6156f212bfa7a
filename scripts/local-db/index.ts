import type { SqlBackend } from './backend.ts';
import { PgliteBackend } from './pglite-backend.ts';
import { PostgresBackend } from './postgres-backend.ts';

export { startLocalDb, type LocalDb, type LocalDbOptions, type ServedRequest, type Stats } from './server.ts';
export type { SqlBackend } from './backend.ts';

export type BackendChoice = ({ kind: 'pglite'; dataDir?: string } | { kind: 'postgres'; url: string }) & {
  /** Keep each database session's state from one request to the next, as Neon does not (backend.ts `SESSION_RESET`). */
  keepSessions?: boolean;
};

/** Opens the database the local server fronts: PGlite (in memory without a folder) or a real Postgres. */
export function openBackend(choice: BackendChoice): Promise<SqlBackend> {
  const resetSessions = !choice.keepSessions;
  return choice.kind === 'postgres'
    ? PostgresBackend.open(choice.url, { resetSessions })
    : PgliteBackend.open(choice.dataDir, { resetSessions });
}

/** The default port of the local Neon-protocol server. */
export const DEFAULT_LOCAL_DB_PORT = 4444;
