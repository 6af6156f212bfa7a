import type { SQL } from 'drizzle-orm';
import type { Database } from '../client';
import { asPreparedBatch, preparing } from './prepared';
import { type RenderedQuery, type Statement, statement } from './statement';

/**
 * How this app talks to Postgres: one statement, or a batch of statements
 * that run as one transaction in one round trip (Neon's HTTP `transaction`,
 * rolled back at the first error). Statements are named, and so are their
 * results: a batch is an object whose keys are the statements' names, in the
 * order they run, each a statement or a list of them; the answer has the same
 * keys with each statement's rows. Where database sessions keep prepared
 * statements, they run prepared (prepared.ts).
 */

/** What a batch entry may be: a typed statement, plain SQL (rows unread), or a list of either. */
type Entry = Statement<unknown> | SQL | readonly (Statement<unknown> | SQL)[];

type RowsOf<E> =
  E extends Statement<infer Row>
    ? Row[]
    : E extends SQL
      ? Record<string, unknown>[]
      : E extends readonly (infer Item)[]
        ? RowsOf<Item>[]
        : never;

/** The rows of each statement of a batch, by the statement's name. */
export type BatchResult<Batch> = { [Name in keyof Batch]: RowsOf<Batch[Name]> };

/** A statement's rows as the driver answers them: objects keyed by column name, values as text or JSON scalars. */
interface FullResult {
  rows: Record<string, unknown>[];
}

/** Rows as objects, every result whole: the options the driver takes per query. */
const OBJECT_ROWS = { arrayMode: false, fullResults: true } as const;

type QueryClient = {
  query(text: string, params: unknown[], options: typeof OBJECT_ROWS): Promise<FullResult> & object;
  transaction(queries: (Promise<FullResult> & object)[], options: typeof OBJECT_ROWS): Promise<FullResult[]>;
};

function asStatement(item: Statement<unknown> | SQL): Statement<unknown> {
  return 'render' in item && typeof item.render === 'function' ? item : statement(item as SQL);
}

function clientOf(db: Database): QueryClient {
  return db.$client as unknown as QueryClient;
}

/** Runs one statement (its own transaction, one round trip) and answers its rows. */
export async function runStatement<Row>(db: Database, query: Statement<Row>): Promise<Row[]> {
  const [result] = await send(db, [query.render()]);
  return result!.rows as Row[];
}

/**
 * Sends rendered statements as one transaction (prepared where that pays:
 * prepared.ts) and answers their results. A lone plain statement needs no
 * BEGIN and COMMIT around it. Every call is one round trip, and every round
 * trip of the app's goes out here, so here a request's handle counts them.
 */
async function send(db: Database, statements: RenderedQuery[]): Promise<FullResult[]> {
  if (db.roundTrips !== undefined) db.roundTrips++;
  const client = clientOf(db);
  const queries = (list: RenderedQuery[]) => list.map(({ text, params }) => client.query(text, params, OBJECT_ROWS));
  if (!preparing.now()) {
    return statements.length === 1
      ? Promise.all(queries(statements))
      : client.transaction(queries(statements), OBJECT_ROWS);
  }
  const [prepared, ...results] = await client.transaction(queries(asPreparedBatch(statements)), OBJECT_ROWS);
  preparing.learn(Number(prepared!.rows[0]!.found));
  return results;
}

/**
 * Runs a batch: every statement in one transaction, one round trip. The
 * answer has the batch's keys, each with its statement's rows (or, for a
 * list, the rows of each).
 */
export async function runBatch<const Batch extends Record<string, Entry>>(
  db: Database,
  batch: Batch,
): Promise<BatchResult<Batch>> {
  const rendered: RenderedQuery[] = [];
  const layout: [name: string, count: number | undefined][] = [];
  for (const [name, entry] of Object.entries(batch)) {
    const items = Array.isArray(entry) ? (entry as (Statement<unknown> | SQL)[]) : [entry as Statement<unknown> | SQL];
    for (const item of items) rendered.push(asStatement(item).render());
    layout.push([name, Array.isArray(entry) ? items.length : undefined]);
  }
  if (rendered.length === 0) throw new Error('runBatch: an empty batch');
  const results = await send(db, rendered);
  const answer: Record<string, unknown> = {};
  let next = 0;
  for (const [name, count] of layout) {
    if (count === undefined) answer[name] = results[next++]!.rows;
    else {
      answer[name] = results.slice(next, next + count).map((result) => result.rows);
      next += count;
    }
  }
  return answer as BatchResult<Batch>;
}
