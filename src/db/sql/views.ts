import { type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { ApiError } from '../../lib/api-error';
import { encodeCursor } from '../../lib/cursor';
import type { Database } from '../client';
import { runBatch, runStatement } from './batch';
import { type Statement, statement } from './statement';

/**
 * Views: JSON that Postgres builds for an answer, so that a write batch can
 * end with the view of what it wrote and still be one round trip, and the
 * Worker passes the text through without parsing it.
 *
 * A view is declared once, with its contract: `defineView(schema, build)`
 * pairs the zod schema that the OpenAPI document publishes with the SQL
 * that builds the JSON. The text a view statement answers is typed as that
 * schema's output (`ViewJson`), and `http/json-text.ts` types a route's
 * answer from it, so a route whose declared response differs from its view
 * fails to compile; the test harness checks every answer against the
 * document, so SQL that drifts from its schema fails the suite.
 */

/** JSON text that a view built: a string, typed with the value it encodes. */
export type ViewJson<Value> = string & { readonly __view?: Value };

/** A view: the JSON its SQL builds, and the schema it promises. */
export interface View<Schema extends z.ZodType, Args extends unknown[]> {
  readonly schema: Schema;
  /** The JSON expression, given the aliases or values it needs. */
  readonly json: (...args: Args) => SQL;
}

/** Declares a view: its schema and the SQL that builds it, side by side. */
export function defineView<Schema extends z.ZodType, Args extends unknown[]>(
  schema: Schema,
  json: (...args: Args) => SQL,
): View<Schema, Args> {
  return { schema, json };
}

/** The output type of a view's schema. */
export type ViewValue<V> = V extends View<infer Schema, infer _Args> ? z.output<Schema> : never;

/** A view statement's row: the JSON text, or null when it found nothing. */
export type ViewRow<Value = unknown> = { json: ViewJson<Value> | null };

/**
 * A statement answering one row, `json`: `view` (an expression over the
 * rows `from` picks) as text, or null when `from` picks none.
 */
export function viewOf<Value = unknown>(view: SQL, from: SQL): Statement<ViewRow<Value>> {
  return statement(sql`SELECT (SELECT ${view} FROM ${from})::text AS json`);
}

/** `viewOf` after `ctes` (a `WITH` list without the keyword), e.g. the `store` CTE. */
export function viewStatement<Value = unknown>(ctes: SQL, view: SQL, from: SQL): Statement<ViewRow<Value>> {
  return statement(sql`WITH ${ctes} SELECT (SELECT ${view} FROM ${from})::text AS json`);
}

/** The JSON text of a view statement's rows; none is a 404 with `missing` as its detail. */
export function viewText<Value>(rows: readonly ViewRow<Value>[], missing: string): ViewJson<Value> {
  const json = rows[0]?.json;
  if (!json) throw new ApiError('not_found', missing);
  return json;
}

/** A page statement's one row: the page's JSON array, the last id on it, and whether more follow. */
export type IdPageRow<Item = unknown> = { data: ViewJson<Item[]>; last_id: string | null; has_more: boolean };

/** A page of a list as the API answers it. */
export type Page<Item> = { data: Item[]; nextCursor: string | null };

/**
 * One page of rows, newest id first (ids are time-ordered UUIDv7), built as
 * JSON in one statement. `from` names the rows with the table alias `alias`,
 * filters included (`products p WHERE p.store_id = ...`); `item` is the JSON
 * of one row under that alias. Read the answer with `idPageJson`.
 */
export function idPageStatement<Item = unknown>(
  alias: string,
  from: SQL,
  item: SQL,
  page: { limit: number; after?: string },
): Statement<IdPageRow<Item>> {
  const a = sql.raw(alias);
  const after = page.after ? sql` AND ${a}.id < ${page.after}` : sql``;
  return statement(sql`WITH page AS (SELECT ${a}.* FROM ${from}${after} ORDER BY ${a}.id DESC LIMIT ${page.limit + 1})
    SELECT coalesce((SELECT json_agg(${item} ORDER BY ${a}.id DESC) FROM (SELECT * FROM page ORDER BY id DESC LIMIT ${page.limit}) ${a}), '[]')::text AS data,
      (SELECT id FROM page ORDER BY id DESC OFFSET ${page.limit - 1} LIMIT 1) AS last_id,
      (SELECT count(*) FROM page) > ${page.limit} AS has_more`);
}

/** `{data, nextCursor}` from an `idPageStatement`'s rows, the data passed through as text. */
export function idPageJson<Item>(rows: readonly IdPageRow<Item>[]): ViewJson<Page<Item>> {
  const row = rows[0]!;
  const nextCursor = row.has_more && row.last_id ? encodeCursor(row.last_id) : null;
  return `{"data":${row.data},"nextCursor":${JSON.stringify(nextCursor)}}`;
}

/**
 * One page of `from` (alias `alias`), newest first, each item as `item`
 * builds it: the page's JSON, one round trip. `requirement`, when given,
 * runs first in the same batch: a guard that stops it (the list's parent
 * missing is a 404, not an empty page).
 */
export async function readIdPage<Item>(
  db: Database,
  alias: string,
  from: SQL,
  item: SQL,
  page: { limit: number; after?: string },
  requirement?: Statement<unknown> | SQL,
): Promise<ViewJson<Page<Item>>> {
  const pageStatement = idPageStatement<Item>(alias, from, item, page);
  if (!requirement) return idPageJson(await runStatement(db, pageStatement));
  const { rows } = await runBatch(db, { requirement, rows: pageStatement });
  return idPageJson(rows);
}

/**
 * A timestamp as JavaScript's `toISOString()` writes it (UTC, milliseconds,
 * `Z`), for answers whose format predates SQL-built JSON (Postgres's own
 * JSON keeps microseconds and `+00:00`).
 */
export function isoTimestamp(column: SQL): SQL<string> {
  return sql<string>`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}
