import { fillPlaceholders, type Placeholder, type SQL, sql } from 'drizzle-orm';
import { type RenderedQuery, renderSql } from './render';

export type { RenderedQuery } from './render';

/**
 * A statement as this app runs it: its SQL, and the type of the rows it
 * answers. The row type is a promise the SQL makes (Postgres column names,
 * values as the driver gives them: text for numbers past int4, dates and
 * JSON built as `::text`), written once beside the SQL so that whoever reads
 * the result is checked by the compiler.
 */
export interface Statement<Row = Record<string, unknown>> {
  /** Renders the statement: its text with `$n` parameters, and their values. */
  render(): RenderedQuery;
  /** Never set: carries the row type. */
  readonly row?: Row;
}

/** A statement of `query`, whose rows have type `Row`. */
export function statement<Row = Record<string, unknown>>(query: SQL): Statement<Row> {
  return { render: () => renderSql(query) };
}

/** What a statement-building function receives in place of each of its values. */
export type Placeholders<Values> = { readonly [K in keyof Values]: Placeholder<K & string> };

/**
 * A statement whose text is rendered once and reused: `build` receives a
 * placeholder for each value and must place them only where a value goes
 * (never to choose the statement's shape), so one rendering serves every
 * call; each call binds its own values. Where the shape varies (an optional
 * filter, a list of lines), make one prepared statement per shape.
 *
 * Rendering SQL from fragments is a tenth of the Worker's CPU per request:
 * this keeps it to once per isolate and statement.
 */
export function preparedStatement<Values extends Record<string, unknown>, Row = Record<string, unknown>>(
  build: (values: Placeholders<Values>) => SQL,
): (values: Values) => Statement<Row> {
  let rendered: RenderedQuery | undefined;
  const placeholders = new Proxy({} as Placeholders<Values>, {
    get: (_, name) => sql.placeholder(String(name)),
  });
  return (values) => ({
    render() {
      rendered ??= renderSql(build(placeholders));
      return { text: rendered.text, params: fillPlaceholders(rendered.params, values) };
    },
  });
}
