import { Name, Param, Placeholder, SQL, StringChunk } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';

/**
 * SQL text and values from drizzle's `sql` templates, as drizzle renders
 * them, for less: drizzle's renderer asks `is(chunk, Class)` of every
 * fragment against a dozen classes (each test walks prototypes comparing
 * names) and merges a result object per fragment, which was a quarter of
 * the Worker's CPU in a checkout. This app's statements hold only text,
 * nested templates, values, lists of values, identifiers, `sql.param`s and
 * placeholders; those are rendered here directly. A statement holding
 * anything else (a table or column object, a subquery, inlined params) is
 * rendered by drizzle itself, whole, so the text is always drizzle's.
 * test/worker/sql-render.test.ts holds this to drizzle's output.
 */

/** SQL text with `$1`, `$2`, ... and the values to bind, as the driver sends them. */
export interface RenderedQuery {
  text: string;
  params: unknown[];
}

/** `snake_case` as in `db/client.ts`, though statements here name columns in SQL and do not depend on it. */
const dialect = new PgDialect({ casing: 'snake_case' });

/** drizzle keeps whether a template inlines its values private; it is a plain field. */
const inlinesParams = (query: SQL) => (query as unknown as { shouldInlineParams: boolean }).shouldInlineParams;

/** Thrown inside the walk when a fragment is not one of the kinds above. */
const UNKNOWN = Symbol('unknown fragment');

export function renderSql(query: SQL): RenderedQuery {
  if (!inlinesParams(query)) {
    const rendered: RenderedQuery = { text: '', params: [] };
    try {
      walk(query.queryChunks, rendered);
      return rendered;
    } catch (error) {
      if (error !== UNKNOWN) throw error;
    }
  }
  const { sql: text, params } = dialect.sqlToQuery(query);
  return { text, params };
}

function walk(chunks: readonly unknown[], out: RenderedQuery): void {
  for (const chunk of chunks) {
    if (chunk instanceof StringChunk) out.text += chunk.value.join('');
    else if (chunk instanceof SQL) {
      if (inlinesParams(chunk)) throw UNKNOWN;
      walk(chunk.queryChunks, out);
    } else if (chunk === undefined) continue;
    else if (chunk instanceof Name) out.text += `"${chunk.value.replace(/"/g, '""')}"`;
    else if (Array.isArray(chunk)) list(chunk, out);
    else if (chunk instanceof Placeholder) value(chunk, out);
    else if (chunk instanceof Param) param(chunk, out);
    else if (isValue(chunk)) value(chunk, out);
    else throw UNKNOWN;
  }
}

/** A JavaScript list in a template: its items in parentheses, comma-separated. */
function list(items: unknown[], out: RenderedQuery): void {
  out.text += '(';
  items.forEach((item, index) => {
    if (index > 0) out.text += ', ';
    walk([item], out);
  });
  out.text += ')';
}

/** `sql.param(value, encoder)`: the encoder's driver value, or the Param itself when it holds a placeholder. */
function param(chunk: Param, out: RenderedQuery): void {
  if (chunk.value instanceof Placeholder) {
    value(chunk, out);
    return;
  }
  const mapped = chunk.value === null ? null : chunk.encoder.mapToDriverValue(chunk.value);
  if (mapped instanceof SQL) walk([mapped], out);
  else value(mapped, out);
}

function value(bound: unknown, out: RenderedQuery): void {
  out.params.push(bound);
  out.text += `$${out.params.length}`;
}

/**
 * What drizzle binds as a value: anything but its own entities and SQL
 * wrappers (objects with `getSQL`), which it renders as SQL.
 */
function isValue(chunk: unknown): boolean {
  if (typeof chunk !== 'object' || chunk === null) return typeof chunk !== 'function';
  if (typeof (chunk as { getSQL?: unknown }).getSQL === 'function') return false;
  const prototype = Object.getPrototypeOf(chunk);
  return prototype === Object.prototype || prototype === null || chunk instanceof Date || chunk instanceof Uint8Array;
}
