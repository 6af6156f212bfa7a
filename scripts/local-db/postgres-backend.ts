import pg from 'pg';
import {
  beginStatement,
  DatabaseUnreachable,
  type SqlBackend,
  type Statement,
  type TextResult,
  type TransactionOptions,
  SESSION_RESET,
} from './backend.ts';

/** Values stay in Postgres's text format, as Neon's proxy returns them. */
const rawText = { getTypeParser: () => (value: string) => value } as unknown as pg.CustomTypesConfig;

/**
 * How long a request waits for a new connection before it is answered as an
 * outage: a Postgres host that drops packets would otherwise hold it forever.
 */
const CONNECT_TIMEOUT_MS = 10_000;

/** The transaction status pg tracks from ReadyForQuery (`I` idle, `T` in a transaction, `E` failed); not in its types yet. */
type TrackedClient = pg.PoolClient & { getTransactionStatus(): string | null };

/** How many connections a request tries when the pool hands it ones already lost. */
const CONNECT_ATTEMPTS = 3;

/**
 * A real Postgres behind a connection pool: batches run on one pooled
 * connection each. Postgres may terminate any connection at any moment
 * (`pg_terminate_backend`, a restart, a crash); that request is answered
 * with an error and the server goes on serving on fresh connections.
 */
export class PostgresBackend implements SqlBackend {
  readonly name = 'postgres';

  /**
   * Why a connection was lost, once it was. pg emits `error` on a connection
   * whose server goes away, and an `error` nobody listens to ends the
   * process. pg-pool listens only while a connection is idle in the pool, and
   * a listener attached at checkout would come too late: pg parses a whole
   * network read at once, so a connection terminated just as it became ready
   * emits its error in the very tick the pool hands it out, before the code
   * that asked for it runs again. So every connection gets a listener when it
   * is made, kept for its life, which records the loss for `withClient`.
   */
  private readonly lost = new WeakMap<pg.Client, Error>();

  private constructor(
    private readonly pool: pg.Pool,
    private readonly resetSessions: boolean,
  ) {
    pool.on('connect', (client) => {
      client.on('error', (error) => {
        if (!this.lost.has(client)) this.lost.set(client, error);
      });
    });
    // The pool's own report of an idle connection lost: it discards it and connects anew when needed.
    pool.on('error', (error) => console.error(`[local-db] idle postgres connection lost: ${error.message}`));
  }

  /** Connects to `connectionString` and checks the server answers. */
  static async open(
    connectionString: string,
    { resetSessions = true, maxConnections = 20 } = {},
  ): Promise<PostgresBackend> {
    const backend = new PostgresBackend(
      new pg.Pool({ connectionString, max: maxConnections, connectionTimeoutMillis: CONNECT_TIMEOUT_MS }),
      resetSessions,
    );
    await backend.pool.query('SELECT 1');
    return backend;
  }

  query(statement: Statement): Promise<TextResult> {
    return this.withClient((client) => run(client, statement));
  }

  transaction(statements: Statement[], options: TransactionOptions): Promise<TextResult[]> {
    return this.withClient(async (client) => {
      await client.query(beginStatement(options));
      try {
        const results: TextResult[] = [];
        for (const statement of statements) results.push(await run(client, statement));
        await client.query('COMMIT');
        return results;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  rolledBack<T>(work: (run: (statement: Statement) => Promise<TextResult>) => Promise<T>): Promise<T> {
    return this.withClient(async (client) => {
      await client.query('BEGIN');
      try {
        return await work((statement) => run(client, statement));
      } finally {
        // Should ROLLBACK fail, the connection is left in a transaction and `withClient` destroys it.
        await client.query('ROLLBACK').catch(() => undefined);
      }
    });
  }

  close(): Promise<void> {
    return this.pool.end();
  }

  /**
   * Runs `work` on a pooled connection.
   *
   * An SQL error leaves the connection usable, so it goes back to the pool
   * (pg's `pool.query` would discard it); a connection left inside a
   * transaction (a lone BEGIN), lost, or in doubt after an error of any
   * other kind is destroyed, so no request inherits another's state or a
   * dead socket. A lost connection is reported as `DatabaseUnreachable`,
   * except that Postgres's own account of why it ended the session (57P01
   * and the like, severity FATAL) passes through with its code.
   */
  private async withClient<T>(work: (client: TrackedClient) => Promise<T>): Promise<T> {
    const client = await this.connect();
    let broken = false;
    try {
      return await work(client);
    } catch (error) {
      broken = !(error instanceof pg.DatabaseError) || isFatal(error);
      // pg records a lost connection (emits `error`) before it fails the queries it carried.
      if (!(error instanceof pg.DatabaseError) && this.lost.has(client)) throw new DatabaseUnreachable(error);
      throw error;
    } finally {
      broken ||= this.lost.has(client) || client.getTransactionStatus() !== 'I';
      // Reset as Neon resets a pooled connection: after the answer, before another request may have the
      // connection. One that cannot be reset is not reused.
      if (!broken && this.resetSessions)
        void client.query(SESSION_RESET).then(
          () => client.release(),
          () => client.release(true),
        );
      else client.release(broken);
    }
  }

  /**
   * A pooled connection that is not already lost. Failing to open one is an
   * outage, unless Postgres itself said why (57P03 starting up, 53300 too
   * many connections), which passes through with its code.
   */
  private async connect(): Promise<TrackedClient> {
    for (let attempt = 1; ; attempt++) {
      let client: pg.PoolClient;
      try {
        client = await this.pool.connect();
      } catch (error) {
        throw error instanceof pg.DatabaseError ? error : new DatabaseUnreachable(error);
      }
      // Terminated while idle, or in the moment it was handed out: another connection may serve.
      if (!this.lost.has(client) || attempt === CONNECT_ATTEMPTS) return client as TrackedClient;
      client.release(true);
    }
  }
}

/** A FATAL or PANIC error ends the session: the connection that carried it is gone. */
function isFatal(error: pg.DatabaseError): boolean {
  return error.severity === 'FATAL' || error.severity === 'PANIC';
}

async function run(client: pg.ClientBase, { query, params }: Statement): Promise<TextResult> {
  // The extended protocol, as Neon uses, refuses several statements in one
  // query; pg supports `queryMode` though its types do not declare it yet.
  const config: pg.QueryArrayConfig & { queryMode: 'extended' } = {
    text: query,
    values: params,
    rowMode: 'array',
    types: rawText,
    queryMode: 'extended',
  };
  const result = await client.query(config);
  return {
    command: result.command,
    rowCount: result.rowCount,
    fields: result.fields.map(({ name, dataTypeID }) => ({ name, dataTypeID })),
    rows: result.rows as (string | null)[][],
  };
}
