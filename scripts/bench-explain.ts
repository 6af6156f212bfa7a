import type { SqlBackend, Statement, TextResult } from './local-db/backend.ts';

/** Summed over a request's statements, as Postgres reports them under EXPLAIN ANALYZE. */
export interface ExplainTimes {
  planningMs: number;
  executionMs: number;
  /** Statements EXPLAIN refused or that failed under it (BEGIN, SET, a conflict with what the request committed): left out. */
  skipped: number;
  /** The first one's error, for the bench's note. */
  firstFailure?: string;
}

interface ExplainPlan {
  'Planning Time': number;
  'Execution Time': number;
}

/**
 * Planning and execution time of one request's statements in the database
 * itself, without the driver, the HTTP hop or the local server: each
 * statement run as `EXPLAIN (ANALYZE, FORMAT JSON) <statement>` with its own
 * parameters (the extended protocol accepts them there), in order, inside a
 * transaction always rolled back, so nothing changes. Replayed `replays`
 * times and each sum taken as the median: the first replay is cold (catalog
 * caches not yet loaded).
 */
export async function explainRequest(backend: SqlBackend, statements: Statement[], replays = 5): Promise<ExplainTimes> {
  const runs: ExplainTimes[] = [];
  for (let i = 0; i < replays; i++) runs.push(await backend.rolledBack((run) => explainOnce(run, statements)));
  return {
    planningMs: median(runs.map((times) => times.planningMs)),
    executionMs: median(runs.map((times) => times.executionMs)),
    skipped: runs[0]!.skipped,
    firstFailure: runs[0]!.firstFailure,
  };
}

async function explainOnce(run: (statement: Statement) => Promise<TextResult>, statements: Statement[]) {
  const times: ExplainTimes = { planningMs: 0, executionMs: 0, skipped: 0 };
  const query = (text: string) => run({ query: text, params: [] });
  for (const { query: text, params } of statements) {
    // A statement that fails aborts the transaction; the savepoint lets the rest of the request run all the same.
    await query('SAVEPOINT explain');
    try {
      const { rows } = await run({ query: `EXPLAIN (ANALYZE, FORMAT JSON) ${text}`, params });
      const [plan] = JSON.parse(rows[0]![0]!) as [ExplainPlan];
      times.planningMs += plan['Planning Time'];
      times.executionMs += plan['Execution Time'];
      await query('RELEASE SAVEPOINT explain');
    } catch (error) {
      await query('ROLLBACK TO SAVEPOINT explain');
      times.skipped++;
      times.firstFailure ??= error instanceof Error ? error.message : String(error);
    }
  }
  return times;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
