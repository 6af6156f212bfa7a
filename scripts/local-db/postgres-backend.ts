import pg from 'pg';
import { beginStatement, type SqlBackend, type Statement, type TextResult, type TransactionOptions } from './backend.ts';

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
    return run(this.pool, statement);
  }

  async transaction(statements: Statement[], options: TransactionOptions): Promise<TextResult[]> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query(beginStatement(options));
      try {
        const results: TextResult[] = [];
        for (const statement of statements) results.push(await run(client, statement));
        await client.query('COMMIT');
        return results;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => (broken = true));
        throw error;
      }
    } finally {
      client.release(broken);
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

async function run(runner: pg.Pool | pg.PoolClient, { query, params }: Statement): Promise<TextResult> {
  // The extended protocol, as Neon uses, refuses several statements in one
  // query; pg supports `queryMode` though its types do not declare it yet.
  const config: pg.QueryArrayConfig & { queryMode: 'extended' } = { text: query, values: params, rowMode: 'array', types: rawText, queryMode: 'extended' };
  const result = await runner.query(config);
  return {
    command: result.command,
    rowCount: result.rowCount,
    fields: result.fields.map(({ name, dataTypeID }) => ({ name, dataTypeID })),
    rows: result.rows as (string | null)[][],
  };
}
