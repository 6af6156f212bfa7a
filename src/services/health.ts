import { sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { runStatement } from '../db/sql/batch';
import { statement } from '../db/sql/statement';

export interface DatabaseHealth {
  reachable: boolean;
  latencyMs: number;
}

/** One trivial query: proves the database answers and measures the round trip to it. */
export async function checkDatabase(db: Database): Promise<DatabaseHealth> {
  const started = Date.now();
  try {
    await runStatement(db, statement(sql`SELECT 1`));
    return { reachable: true, latencyMs: Date.now() - started };
  } catch (error) {
    console.error(
      JSON.stringify({
        level: 'error',
        message: 'database health check failed',
        error: error instanceof Error ? error.message : String(error),
      }),
    );
    return { reachable: false, latencyMs: Date.now() - started };
  }
}
