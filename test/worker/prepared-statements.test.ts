import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBatch, runStatement } from '../../src/db/sql/batch';
import { databaseProblem } from '../../src/db/sql/errors';
import { preparing, sqlLiteral, statementName } from '../../src/db/sql/prepared';
import { statement } from '../../src/db/sql/statement';
import { testDb } from '../helpers/stores';

/** Strings that a careless quoting would get wrong, or let out of their literal. */
const AWKWARD_TEXTS = [
  '',
  "'",
  "''",
  '\\',
  "\\'",
  "'\\''",
  "x'); DROP TABLE stores; --",
  '$1',
  '{"a":"b\\"c"}',
  'line one\nline two\ttab\r',
  'Ünïcödé ✓ 🛒 中文',
  "E'\\x41'",
  '"quoted" {braces}, commas',
];

describe('prepared statements (src/db/sql/prepared.ts)', () => {
  // The test server resets sessions after each request, as Neon does, which would soon turn preparing off.
  beforeAll(() => {
    preparing.mode = 'always';
  });
  afterAll(() => {
    preparing.mode = 'auto';
  });

  it('sends every awkward text as a literal that Postgres reads back unchanged', async () => {
    const db = testDb();
    for (const text of AWKWARD_TEXTS) {
      const [row] = await runStatement(db, statement<{ v: string }>(sql`SELECT ${text}::text AS v`));
      expect(row?.v, JSON.stringify(text)).toBe(text);
    }
  });

  it('sends numbers, booleans, null, dates, JSON and arrays as their columns take them', async () => {
    const when = new Date('2026-11-28T10:11:12.345Z');
    const json = { name: 'O\'Brien \\ "quoted"', list: [1, null, 'x'] };
    const [row] = await runStatement(
      testDb(),
      statement<Record<string, unknown>>(sql`SELECT ${42}::int AS int, ${-1.5}::numeric::text AS num,
        ${'9007199254740993'}::bigint::text AS big, ${true}::boolean AS yes, ${false}::boolean AS no,
        ${null}::text IS NULL AS nothing, ${when}::timestamptz = '2026-11-28T10:11:12.345Z' AS same_instant,
        ${JSON.stringify(json)}::jsonb AS json, ${sql.param(['a', 'b"c', 'd\\e', 'NULL', null])}::text[] AS list`),
    );
    expect(row).toEqual({
      int: 42,
      num: '-1.5',
      big: '9007199254740993',
      yes: true,
      no: false,
      nothing: true,
      same_instant: true,
      json,
      list: ['a', 'b"c', 'd\\e', 'NULL', null],
    });
  });

  it('refuses a NUL as a bound value is refused (SQLSTATE 22021, a 400), never cutting the statement short', async () => {
    expect(sqlLiteral('a\u0000b')).toBe("E'a\\000b'");
    const failure = await runStatement(testDb(), statement(sql`SELECT ${'a\u0000b'}::text AS v`)).catch(
      (error: unknown) => error,
    );
    expect(databaseProblem(failure)?.code).toBe('bad_request');
  });

  it('names a statement by its text alone', () => {
    expect(statementName('SELECT 1')).toBe(statementName(['SELECT', '1'].join(' ')));
    expect(statementName('SELECT 1')).not.toBe(statementName('SELECT 2'));
    expect(statementName('SELECT 1')).toMatch(/^q_[0-9a-f]{16}$/);
  });

  it('prepares a statement again after the transaction that prepared it rolled back, and runs it', async () => {
    const db = testDb();
    const unique = `SELECT ${Math.random()}::text AS marker, 1 / $1::int AS one`;
    const fails = sql`SELECT 1 / 0`;
    await expect(runBatch(db, { first: sql.raw(unique.replace('$1', '1')), fails })).rejects.toThrow();
    const [row] = await runStatement(db, statement<{ one: number }>(sql.raw(unique.replace('$1', '1'))));
    expect(row?.one).toBe(1);
  });

  it('keeps a session to a bounded number of statements', async () => {
    // Through the driver itself, one transaction so one session: 520 statements, then 520 others.
    const client = testDb().$client;
    const prepare = (prefix: string) => {
      const names = Array.from({ length: 520 }, (_, n) => `q_${prefix}${String(n).padStart(12, '0')}`);
      return client.query('SELECT prepare_statements($1, $2)', [names, names.map((_, n) => `SELECT ${n} AS n`)]);
    };
    const count = () =>
      client.query(`SELECT count(*)::int AS count FROM pg_prepared_statements WHERE from_sql AND name LIKE 'q\\_%'`);
    const [, afterFirst, , afterSecond] = (await client.transaction([
      prepare('aaaa'),
      count(),
      prepare('bbbb'),
      count(),
    ])) as unknown as { count: number }[][];
    expect(afterFirst![0]!.count).toBeGreaterThanOrEqual(520);
    expect(afterSecond![0]!.count).toBeLessThanOrEqual(600);
  });

  it('stops preparing where sessions keep nothing, and looks again later', async () => {
    preparing.mode = 'auto';
    try {
      preparing.missesInARow = 0;
      preparing.plainUntil = 0;
      const db = testDb();
      for (let n = 0; n < 100 && preparing.now(); n++) await runStatement(db, statement(sql`SELECT ${n}::int AS n`));
      expect(preparing.now()).toBe(false);
      // Plain statements answer the same.
      const [row] = await runStatement(db, statement<{ v: string }>(sql`SELECT ${"it's"}::text AS v`));
      expect(row?.v).toBe("it's");
      preparing.plainUntil = Date.now() - 1;
      expect(preparing.now()).toBe(true);
      preparing.learn(3);
      expect(preparing.missesInARow).toBe(0);
    } finally {
      preparing.mode = 'always';
    }
  });
});
