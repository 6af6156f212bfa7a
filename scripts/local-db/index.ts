import type { SqlBackend } from './backend.ts';
import { PgliteBackend } from './pglite-backend.ts';
import { PostgresBackend } from './postgres-backend.ts';

export { startLocalDb, type LocalDb, type LocalDbOptions, type ServedRequest, type Stats } from './server.ts';
export type { SqlBackend } from './backend.ts';

export type BackendChoice = { kind: 'pglite'; dataDir?: string } | { kind: 'postgres'; url: string };

/** Opens the database the local server fronts: PGlite (in memory without a folder) or a real Postgres. */
export function openBackend(choice: BackendChoice): Promise<SqlBackend> {
  return choice.kind === 'postgres' ? PostgresBackend.open(choice.url) : PgliteBackend.open(choice.dataDir);
}

/** The default port of the local Neon-protocol server. */
export const DEFAULT_LOCAL_DB_PORT = 4444;
