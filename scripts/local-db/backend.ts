/**
 * What the local Neon-protocol server needs from a database: run one
 * statement, or several as one transaction, returning Postgres's text output.
 */

/** One statement as Neon's client sends it: parameters already in Postgres text form. */
export interface Statement {
  query: string;
  params: (string | null)[];
}

export interface Field {
  name: string;
  dataTypeID: number;
}

/** A statement's result with every value still in Postgres's text format. */
export interface TextResult {
  command: string;
  rowCount: number | null;
  fields: Field[];
  rows: (string | null)[][];
}

export type IsolationLevel = 'ReadUncommitted' | 'ReadCommitted' | 'RepeatableRead' | 'Serializable';

export interface TransactionOptions {
  isolationLevel?: IsolationLevel;
  readOnly?: boolean;
  deferrable?: boolean;
}

/**
 * The database could not be reached, or dropped the connection during the
 * request: not an SQL error, and not this server's bug. Answered 503, as a
 * proxy answers an outage, so that the driver reports a server error and the
 * Worker a retryable 503. Whether a transaction whose COMMIT was cut off took
 * effect is unknown; the caller's idempotency key settles that.
 */
export class DatabaseUnreachable extends Error {
  constructor(cause: unknown) {
    super(`database unreachable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'DatabaseUnreachable';
  }
}

/**
 * What Neon's HTTP endpoint runs on a pooled connection before another
 * request may use it (neondatabase/neon#12681): `DISCARD ALL` without its
 * `DISCARD PLANS`. Settings, prepared statements, temporary tables, locks
 * and the like never outlive the request; plans that functions cached do.
 * The local server does the same unless told to keep sessions, so that what
 * runs here behaves as it will on Neon.
 */
export const SESSION_RESET =
  'CLOSE ALL; SET SESSION AUTHORIZATION DEFAULT; RESET ALL; DEALLOCATE ALL; UNLISTEN *; ' +
  'SELECT pg_advisory_unlock_all(); DISCARD TEMP; DISCARD SEQUENCES';

export interface SqlBackend {
  readonly name: 'pglite' | 'postgres';
  query(statement: Statement): Promise<TextResult>;
  transaction(statements: Statement[], options: TransactionOptions): Promise<TextResult[]>;
  /**
   * Runs `work` on one connection inside a transaction that is always rolled
   * back, whatever `work` runs: for the bench, which replays a request's
   * statements under EXPLAIN ANALYZE (which executes them) and must change nothing.
   */
  rolledBack<T>(work: (run: (statement: Statement) => Promise<TextResult>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const ISOLATION_SQL: Record<IsolationLevel, string> = {
  ReadUncommitted: 'READ UNCOMMITTED',
  ReadCommitted: 'READ COMMITTED',
  RepeatableRead: 'REPEATABLE READ',
  Serializable: 'SERIALIZABLE',
};

/** The `BEGIN` that opens a batch with the isolation and access mode Neon's headers asked for. */
export function beginStatement(options: TransactionOptions): string {
  const modes: string[] = [];
  if (options.isolationLevel) modes.push(`ISOLATION LEVEL ${ISOLATION_SQL[options.isolationLevel]}`);
  if (options.readOnly !== undefined) modes.push(options.readOnly ? 'READ ONLY' : 'READ WRITE');
  if (options.deferrable !== undefined) modes.push(options.deferrable ? 'DEFERRABLE' : 'NOT DEFERRABLE');
  return modes.length ? `BEGIN ${modes.join(', ')}` : 'BEGIN';
}

/**
 * The command tag Neon reports (`SELECT`, `INSERT`, ...), read from the SQL
 * where the backend does not report it (PGlite): the first keyword after
 * comments, or for `WITH ...` the first data-changing verb, else SELECT.
 * Drizzle and the neon client read `rowCount`, not this; it is informative.
 */
export function commandOf(query: string): string {
  const text = query.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, ' ').trim();
  const first = (/^[A-Za-z]+/.exec(text)?.[0] ?? '').toUpperCase();
  if (first !== 'WITH') return first;
  return (/\b(INSERT|UPDATE|DELETE|MERGE)\b/i.exec(text)?.[1] ?? 'SELECT').toUpperCase();
}
