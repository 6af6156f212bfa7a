import pg from 'pg';
import {
  beginStatement,
  DatabaseUnreachable,
  type SqlBackend,
  type Statement,
  type TextResult,
  type TransactionOptions,
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

/**
 * A real Postgres behind a connection pool: batches run on one pooled
 * connection each. Postgres may terminate any connection at any moment
 * (`pg_terminate_backend`, a restart, a crash); that request is answered
 * with an error and the server goes on serving on fresh connections.
 */
export class PostgresBackend implements SqlBackend {
  readonly name = 'postgres';

  private constructor(private readonly pool: pg.Pool) {}

  /** Connects to `connectionString` and checks the server answers. */
  static async open(connectionString: string, maxConnections = 20): Promise<PostgresBackend> {
    const pool = new pg.Pool({ connectionString, max: maxConnections, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    // An idle connection losing its server is not a request's failure: the pool
    // discards it and connects anew when needed. Unlistened, it would crash the process.
    pool.on('error', (error) => console.error(`[local-db] idle postgres connection lost: ${error.message}`));
    await pool.query('SELECT 1');
    return new PostgresBackend(pool);
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

  close(): Promise<void> {
    return this.pool.end();
  }

  /**
   * Runs `work` on a pooled connection.
   *
   * While a connection is checked out, pg-pool listens to it no more: a
   * connection that Postgres terminates between two statements would emit
   * an unheard `error` and end the process. So this listens for the time of
   * the checkout, and releases the connection (which puts the pool's own
   * listener back) before it stops listening.
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
    const client = (await this.connect()) as TrackedClient;
    let lost: Error | undefined;
    let broken = false;
    const onError = (error: Error) => {
      lost ??= error;
    };
    client.on('error', onError);
    try {
      return await work(client);
    } catch (error) {
      if (error instanceof pg.DatabaseError) {
        if (isFatal(error)) lost ??= error;
        throw error;
      }
      // pg emits `error` on the connection before it fails the queries it carried, so a lost connection is known here.
      if (lost) throw new DatabaseUnreachable(error);
      broken = true;
      throw error;
    } finally {
      client.release(broken || lost !== undefined || client.getTransactionStatus() !== 'I');
      client.removeListener('error', onError);
    }
  }

  /** A pooled connection; failing to open one is an outage, unless Postgres itself said why (57P03 starting up, 53300 too many connections). */
  private async connect(): Promise<pg.PoolClient> {
    try {
      return await this.pool.connect();
    } catch (error) {
      throw error instanceof pg.DatabaseError ? error : new DatabaseUnreachable(error);
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
