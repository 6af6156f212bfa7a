import pg from 'pg';
import {
  beginStatement,
  type SqlBackend,
  type Statement,
  type TextResult,
  type TransactionOptions,
} from './backend.ts';

/** Values stay in Postgres's text format, as Neon's proxy returns them. */
const rawText = { getTypeParser: () => (value: string) => value } as unknown as pg.CustomTypesConfig;

/** A real Postgres behind a connection pool: batches run on one pooled connection each. */
export class PostgresBackend implements SqlBackend {
  readonly name = 'postgres';

  private constructor(private readonly pool: pg.Pool) {}

  /** Connects to `connectionString` and checks the server answers. */
  static async open(connectionString: string, maxConnections = 20): Promise<PostgresBackend> {
    const pool = new pg.Pool({ connectionString, max: maxConnections });
    // An idle client losing its server must not crash the process.
    pool.on('error', (error) => console.error('[local-db] idle postgres client error:', error.message));
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
   * Runs `work` on a pooled connection. An SQL error leaves the connection
   * usable, so it goes back to the pool (pg's `pool.query` would discard it);
   * a connection left inside a transaction (a lone BEGIN) or broken is
   * destroyed, so no request inherits another's state.
   */
  private async withClient<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      return await work(client);
    } catch (error) {
      broken = !(error instanceof pg.DatabaseError);
      throw error;
    } finally {
      client.release(
        broken || (client as pg.PoolClient & { getTransactionStatus(): string | null }).getTransactionStatus() !== 'I',
      );
    }
  }
}

async function run(client: pg.PoolClient, { query, params }: Statement): Promise<TextResult> {
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
