import { toHex } from '../../lib/encoding';
import type { RenderedQuery } from './statement';

/**
 * Statements run as Postgres prepared statements, through a protocol that
 * prepares nothing, wherever database sessions keep what is prepared in
 * them (`preparing`, below). Postgres parses, analyses and plans every statement it
 * receives; for this API's long statements that is most of the database's
 * work (a checkout: 2.1 ms planning, 1.5 ms executing). So a batch begins
 * with `prepare_statements(names, texts)` (migration 0013), which PREPAREs in
 * the serving session whatever it has not prepared yet, and each statement
 * is sent as `EXECUTE name(values)`: a session parses and plans a statement
 * once, then runs its cached plan.
 *
 * EXECUTE takes no bind parameters, so values travel as SQL literals, quoted
 * here as libpq's PQescapeLiteral quotes them: in single quotes with quotes
 * doubled, and, when there is a backslash (or a NUL), as an E'' string with
 * backslashes doubled too, which reads the same whatever
 * `standard_conforming_strings` says. An untyped literal takes the type
 * Postgres inferred for the parameter when it prepared the statement, as a
 * bound value does.
 */

/** A statement's name: a hash of its text, so one text is one prepared statement in any session. */
export function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    if (names.size >= MAX_NAMES) names.clear();
    name = `q_${hash(text, 0x811c9dc5)}${hash(text, 0x1b873593)}`;
    names.set(text, name);
  }
  return name;
}

/** Texts named in this isolate. A Map finds a text by the hash V8 keeps on the string, cheaper than hashing it again. */
const names = new Map<string, string>();
const MAX_NAMES = 2_000;

/** 32-bit FNV-1a of the text's UTF-16 units from `seed`, as 8 hex digits; two seeds make a 64-bit name. */
function hash(text: string, seed: number): string {
  let h = seed;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** `value` as a SQL literal, serialised as Neon's driver serialises a bound value. */
export function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return quote(String(value));
  if (value instanceof Date) return quote(value.toISOString());
  if (value instanceof Uint8Array) return quote(`\\x${toHex(value)}`);
  if (Array.isArray(value)) return quote(arrayLiteral(value));
  return quote(JSON.stringify(value));
}

/**
 * A NUL cannot travel inside SQL text (the wire protocol ends the text at
 * it), so it goes as the escape `\000`, which Postgres refuses with SQLSTATE
 * 22021 as it refuses a bound value holding one.
 */
function quote(text: string): string {
  const quoted = text.replaceAll("'", "''");
  if (!text.includes('\\') && !text.includes('\0')) return `'${quoted}'`;
  return `E'${quoted.replaceAll('\\', '\\\\').replaceAll('\0', '\\000')}'`;
}

/** A Postgres array literal, `{"a","b",NULL}`, of a list of values. */
function arrayLiteral(values: unknown[]): string {
  const items = values.map((item) => {
    if (item === null || item === undefined) return 'NULL';
    if (Array.isArray(item)) return arrayLiteral(item);
    const text =
      item instanceof Date ? item.toISOString() : typeof item === 'object' ? JSON.stringify(item) : String(item);
    return `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
  });
  return `{${items.join(',')}}`;
}

/** A statement as `EXECUTE`, with its values inline. */
export function executeQuery(name: string, params: unknown[]): RenderedQuery {
  const text = params.length ? `EXECUTE ${name}(${params.map(sqlLiteral).join(', ')})` : `EXECUTE ${name}`;
  return { text, params: [] };
}

/**
 * The statements of a batch as the database runs them: first the call that
 * prepares what the serving session lacks, then each statement's EXECUTE.
 */
export function asPreparedBatch(statements: RenderedQuery[]): RenderedQuery[] {
  const named = statements.map((each) => ({ name: statementName(each.text), ...each }));
  return [
    {
      text: 'SELECT prepare_statements($1, $2) AS found',
      params: [named.map((each) => each.name), named.map((each) => each.text)],
    },
    ...named.map((each) => executeQuery(each.name, each.params)),
  ];
}

/**
 * Whether to prepare: only where database sessions keep what is prepared in
 * them, which this isolate learns from what `prepare_statements` answers.
 * Behind Neon's HTTP endpoint they do not: it resets a pooled connection
 * after every request (`DEALLOCATE ALL` among the rest; neondatabase/neon
 * #12681), so every batch would prepare everything anew, which costs a
 * little more than sending the statements as they are. So batches go
 * prepared until PROBE_BATCHES of them in a row found nothing already
 * prepared, then plain for REPROBE_MS, then prepared again to look once more.
 * `mode` pins it either way (tests, benchmarks).
 */
export const preparing = {
  mode: 'auto' as 'auto' | 'always' | 'never',
  missesInARow: 0,
  plainUntil: 0,
  now(): boolean {
    if (this.mode !== 'auto') return this.mode === 'always';
    return Date.now() >= this.plainUntil;
  },
  /** After a prepared batch: how many of its statements the session had already prepared. */
  learn(found: number): void {
    if (found > 0) this.missesInARow = 0;
    else if (++this.missesInARow >= PROBE_BATCHES) {
      this.missesInARow = 0;
      this.plainUntil = Date.now() + REPROBE_MS;
    }
  },
};
const PROBE_BATCHES = 100;
const REPROBE_MS = 10 * 60_000;
