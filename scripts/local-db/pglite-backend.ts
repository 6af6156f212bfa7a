import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import {
  beginStatement,
  commandOf,
  type SqlBackend,
  type Statement,
  type TextResult,
  type TransactionOptions,
  SESSION_RESET,
} from './backend.ts';

/**
 * Every type's parser and serializer is the identity: values cross PGlite in
 * Postgres's text format exactly as they would cross Neon's proxy, and the
 * neon client parses them itself by type OID. A proxy, because PGlite also
 * registers parsers for array and enum types it discovers later.
 */
const identityByOid = () => new Proxy({}, { get: () => (value: unknown) => value, set: () => true });

/**
 * PGlite is one connection in one process: requests are served one at a time,
 * so a batch's open transaction is never shared with another request.
 */
export class PgliteBackend implements SqlBackend {
  readonly name = 'pglite';
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly db: PGlite,
    private readonly resetSessions: boolean,
  ) {}

  /** Opens PGlite persisted in `dataDir`, or in memory when none is given. */
  static async open(dataDir?: string, { resetSessions = true } = {}): Promise<PgliteBackend> {
    if (dataDir) mkdirSync(dataDir, { recursive: true });
    const db = dataDir ? new PGlite(dataDir) : new PGlite();
    await db.waitReady;
    Object.assign(db, { parsers: identityByOid(), serializers: identityByOid() });
    return new PgliteBackend(db, resetSessions);
  }

  query(statement: Statement): Promise<TextResult> {
    return this.exclusive(async () => {
      try {
        return await this.run(statement);
      } finally {
        // A lone BEGIN must not leave its transaction open for the next request.
        if (this.db.isInTransaction()) await this.db.query('ROLLBACK');
      }
    });
  }

  transaction(statements: Statement[], options: TransactionOptions): Promise<TextResult[]> {
    return this.exclusive(async () => {
      await this.db.query(beginStatement(options));
      try {
        const results: TextResult[] = [];
        for (const statement of statements) results.push(await this.run(statement));
        await this.db.query('COMMIT');
        return results;
      } catch (error) {
        await this.db.query('ROLLBACK');
        throw error;
      }
    });
  }

  rolledBack<T>(work: (run: (statement: Statement) => Promise<TextResult>) => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      await this.db.query('BEGIN');
      try {
        return await work((statement) => this.run(statement));
      } finally {
        await this.db.query('ROLLBACK');
      }
    });
  }

  async close(): Promise<void> {
    await this.queue.catch(() => undefined);
    await this.db.close();
  }

  private async run({ query, params }: Statement): Promise<TextResult> {
    const result = await this.db.query<(string | null)[]>(query, params, { rowMode: 'array' });
    return {
      command: commandOf(query),
      // Rows returned, else rows changed, as Postgres's command tag counts them.
      rowCount: result.fields.length > 0 ? result.rows.length : (result.affectedRows ?? 0),
      fields: result.fields.map(({ name, dataTypeID }) => ({ name, dataTypeID })),
      rows: result.rows,
    };
  }

  /**
   * Runs `work` alone on the one session, which is then reset as Neon resets
   * a pooled one: after the answer, before the next request's work.
   */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    const settled = next.catch(() => undefined);
    this.queue = this.resetSessions ? settled.then(() => this.db.exec(SESSION_RESET)).catch(() => undefined) : settled;
    return next;
  }
}
