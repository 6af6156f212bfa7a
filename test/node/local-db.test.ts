import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { neon, type NeonQueryFunction } from '@neondatabase/serverless';
import { sql as drizzleSql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/neon-http';
import { integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeLocalHostsOverHttp } from '../../src/db/client';
import { isDatabaseUnavailable } from '../../src/db/sql/errors';
import {
  openBackend,
  startLocalDb,
  type BackendChoice,
  type LocalDb,
  type SqlBackend,
} from '../../scripts/local-db/index.ts';
import { explainRequest } from '../../scripts/bench-explain.ts';
import { createScratchDatabase, type ScratchDatabase } from '../../scripts/scratch-database.ts';

/**
 * The local Neon-protocol server, driven by the real `@neondatabase/serverless`
 * client and `drizzle-orm/neon-http`: on PGlite always, and on PostgreSQL too
 * when TEST_DATABASE_URL names a server.
 */
const backends: { name: string; open: () => Promise<{ choice: BackendChoice; scratch?: ScratchDatabase }> }[] = [
  { name: 'pglite', open: async () => ({ choice: { kind: 'pglite' } }) },
];
const adminUrl = process.env.TEST_DATABASE_URL;
if (adminUrl) {
  backends.push({
    name: 'postgres',
    open: async () => {
      const scratch = await createScratchDatabase(adminUrl, 'local_db_test');
      return { choice: { kind: 'postgres', url: scratch.url }, scratch };
    },
  });
}

routeLocalHostsOverHttp();
// A drizzle client makes the neon driver return dates and timestamps as text,
// process-wide (the Worker always has one), so make one before any test runs.
drizzle({ client: neon('postgres://local:local@127.0.0.1:1/none') });

/** A POST through node:http, which (unlike fetch) lets a test set the Host header. */
function rawRequest(
  port: number,
  path: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: { 'neon-connection-string': 'postgres://x:y@127.0.0.1/db', ...headers },
      },
      (response) => {
        response.resume();
        resolve({ status: response.statusCode ?? 0 });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

const widgets = pgTable('widgets', { id: integer().primaryKey(), name: text().notNull(), attributes: jsonb() });

describe.each(backends)('local Neon-protocol server over $name', ({ open }) => {
  let server: LocalDb;
  let scratch: ScratchDatabase | undefined;
  let sql: NeonQueryFunction<false, false>;

  beforeAll(async () => {
    const opened = await open();
    scratch = opened.scratch;
    server = await startLocalDb({ backend: await openBackend(opened.choice), port: 0 });
    sql = neon(server.connectionString);
    await sql`CREATE TABLE widgets (id integer PRIMARY KEY, name text NOT NULL CHECK (name <> ''), attributes jsonb)`;
    // Opening PGlite compiles its WebAssembly: seconds, and past the default 10 s on a machine shared with other runs.
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await scratch?.drop();
  });

  it('round-trips the common types through parameters and results', async () => {
    const [row] = await sql.query(
      `SELECT $1::numeric AS amount, $2::int8 AS big, $3::timestamptz AS at, $4::date AS day, $5::jsonb AS doc,
              $6::text[] AS tags, $7::int[] AS counts, $8::bytea AS bytes, $9::uuid AS id, $10::bool AS flag, $11::text AS nothing`,
      [
        '12345.67',
        '9007199254740993',
        new Date('2026-11-22T10:00:00.123Z'),
        '2026-02-28',
        { nested: [1, 'two', null] },
        ['a', 'b,c', 'd"e'],
        [1, 2, 3],
        Buffer.from([0, 1, 254, 255]),
        '0193b5d2-7f3a-7c4e-9a41-8d3e2f1b6c5a',
        true,
        null,
      ],
    );
    expect(new Date(row!.at).toISOString()).toBe('2026-11-22T10:00:00.123Z');
    expect(row).toEqual({
      amount: '12345.67',
      big: '9007199254740993',
      at: expect.any(String),
      day: '2026-02-28',
      doc: { nested: [1, 'two', null] },
      tags: ['a', 'b,c', 'd"e'],
      counts: [1, 2, 3],
      bytes: Buffer.from([0, 1, 254, 255]),
      id: '0193b5d2-7f3a-7c4e-9a41-8d3e2f1b6c5a',
      flag: true,
      nothing: null,
    });
  });

  it('resets a session after each request, as Neon resets a pooled connection', async () => {
    for (let round = 0; round < 3; round++) {
      await sql.transaction([
        sql`SELECT set_config('commerce.test_left_over', 'left over', false)`,
        sql`PREPARE left_over AS SELECT 1`,
      ]);
      const [row] = await sql`SELECT current_setting('commerce.test_left_over', true) AS setting,
        (SELECT count(*)::int FROM pg_prepared_statements) AS prepared`;
      expect(row).toEqual({ setting: expect.toBeOneOf([null, '']), prepared: 0 });
    }
  });

  it('answers full results with fields, command and row count', async () => {
    const result = await sql.query('INSERT INTO widgets (id, name) VALUES (100, $1), (101, $1)', ['full'], {
      fullResults: true,
    });
    expect(result.command).toBe('INSERT');
    expect(result.rowCount).toBe(2);
    const selected = await sql.query('SELECT id FROM widgets WHERE name = $1 ORDER BY id', ['full'], {
      fullResults: true,
    });
    expect(selected.fields.map((field) => [field.name, field.dataTypeID])).toEqual([['id', 23]]);
    expect(selected.rows).toEqual([{ id: 100 }, { id: 101 }]);
  });

  it('serves drizzle-orm/neon-http unchanged, batches included', async () => {
    const db = drizzle({ client: sql });
    await db.insert(widgets).values({ id: 1, name: 'bolt', attributes: { size: 'M' } });
    const [inserted, counted] = await db.batch([
      db.insert(widgets).values({ id: 2, name: 'nut' }).returning(),
      db.select({ count: drizzleSql<number>`count(*)::int` }).from(widgets).where(drizzleSql`${widgets.id} < 100`),
    ]);
    expect(inserted).toEqual([{ id: 2, name: 'nut', attributes: null }]);
    expect(counted).toEqual([{ count: 2 }]);
    expect(await db.select().from(widgets).where(drizzleSql`${widgets.id} = 1`)).toEqual([
      { id: 1, name: 'bolt', attributes: { size: 'M' } },
    ]);
  });

  it('runs a batch as one transaction, rolled back at the first error', async () => {
    const failure = sql.transaction([
      sql`INSERT INTO widgets (id, name) VALUES (10, 'kept?')`,
      sql`INSERT INTO widgets (id, name) VALUES (10, 'duplicate')`,
    ]);
    await expect(failure).rejects.toMatchObject({ code: '23505', constraint: 'widgets_pkey' });
    expect(await sql`SELECT id FROM widgets WHERE id = 10`).toEqual([]);
  });

  it('honours the isolation level and read-only headers of a batch', async () => {
    const [isolation] = await sql.transaction([sql`SHOW transaction_isolation`], { isolationLevel: 'Serializable' });
    expect(isolation).toEqual([{ transaction_isolation: 'serializable' }]);
    const [readOnly] = await sql.transaction([sql`SHOW transaction_read_only`], { readOnly: true });
    expect(readOnly).toEqual([{ transaction_read_only: 'on' }]);
    await expect(
      sql.transaction([sql`INSERT INTO widgets (id, name) VALUES (20, 'nope')`], { readOnly: true }),
    ).rejects.toMatchObject({ code: '25006' });
  });

  it('answers Postgres errors as HTTP 400 with their fields', async () => {
    await expect(sql`INSERT INTO widgets (id, name) VALUES (30, '')`).rejects.toMatchObject({
      name: 'NeonDbError',
      code: '23514',
      constraint: 'widgets_name_check',
      table: 'widgets',
      severity: 'ERROR',
    });
    await expect(sql`SELECT * FROM no_such_table`).rejects.toMatchObject({
      code: '42P01',
      position: expect.any(String),
    });
    const response = await post('/sql', JSON.stringify({ query: 'SELECT 1/0', params: [] }));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: '22012', message: 'division by zero' });
  });

  it('refuses several statements in one query, as the extended protocol does', async () => {
    await expect(sql.query('SELECT 1; SELECT 2')).rejects.toMatchObject({ code: '42601' });
  });

  it('answers a malformed request with 400 and an unknown path with 404', async () => {
    const malformed = await post('/sql', '{"query":');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({ message: 'request body is not valid JSON' });
    expect((await post('/sql', JSON.stringify({ params: [] }))).status).toBe(400);
    expect((await post('/sql', JSON.stringify({ query: 'SELECT $1::text', params: [{ a: 1 }] }))).status).toBe(400);
    expect(
      (await post('/sql', JSON.stringify({ query: 'SELECT 1', params: [] }), { 'neon-connection-string': '' })).status,
    ).toBe(400);
    expect((await fetch(`http://127.0.0.1:${server.port}/nowhere`)).status).toBe(404);
  });

  it('refuses web pages and foreign host names: no browser may run SQL here', async () => {
    const body = JSON.stringify({ query: 'SELECT 1', params: [] });
    expect((await post('/sql', body, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await rawRequest(server.port, '/sql', body, { host: 'evil.example' })).status).toBe(403);
    expect((await rawRequest(server.port, '/sql', body, { host: `localhost:${server.port}` })).status).toBe(200);
  });

  it('never lets one request leave a transaction open for the next', async () => {
    await sql`BEGIN`;
    await sql`INSERT INTO widgets (id, name) VALUES (40, 'autocommitted')`;
    await sql`ROLLBACK`;
    expect(await sql`SELECT name FROM widgets WHERE id = 40`).toEqual([{ name: 'autocommitted' }]);
  });

  it('counts the rows a statement changed or returned, CTEs included', async () => {
    const insert = await sql.query(
      `WITH v AS (SELECT 50 AS id) INSERT INTO widgets (id, name) SELECT id, 'cte' FROM v`,
      [],
      { fullResults: true },
    );
    expect([insert.command, insert.rowCount]).toEqual(['INSERT', 1]);
    const update = await sql.query(`/* a comment first */ UPDATE widgets SET name = 'cte2' WHERE id = 50`, [], {
      fullResults: true,
    });
    expect([update.command, update.rowCount]).toEqual(['UPDATE', 1]);
  });

  function post(path: string, body: string, headers: Record<string, string> = {}) {
    return fetch(`http://127.0.0.1:${server.port}${path}`, {
      method: 'POST',
      body,
      headers: { 'neon-connection-string': server.connectionString, ...headers },
    });
  }

  it('counts requests and statements, and resets the counters', async () => {
    const base = `http://127.0.0.1:${server.port}`;
    expect(await (await fetch(`${base}/__stats/reset`, { method: 'POST' })).json()).toEqual({
      requests: 0,
      statements: 0,
    });
    await sql`SELECT 1`;
    await sql.transaction([sql`SELECT 1`, sql`SELECT 2`, sql`SELECT 3`]);
    expect(await (await fetch(`${base}/__stats`)).json()).toEqual({ requests: 2, statements: 4 });
    expect(server.stats()).toEqual({ requests: 2, statements: 4 });
  });

  it('has a fault switch: refused, reset and unanswered requests, counted or until switched off', async () => {
    const faults = `http://127.0.0.1:${server.port}/__faults`;
    const arm = async (fault: unknown) => (await fetch(faults, { method: 'POST', body: JSON.stringify(fault) })).json();
    await sql`CREATE TABLE fault_log (id int PRIMARY KEY)`;

    expect(await arm({ mode: 'refuse', count: 2 })).toEqual({ mode: 'refuse', remaining: 2 });
    for (let i = 0; i < 2; i++) {
      const refused = await sql`SELECT 1`.catch((error: unknown) => error);
      expect(refused).toMatchObject({ name: 'NeonDbError', message: expect.stringContaining('HTTP status 503') });
      expect(isDatabaseUnavailable(refused)).toBe(true);
    }
    expect(await (await fetch(faults)).json()).toEqual({ mode: 'off' });
    expect(await sql`SELECT 1 AS one`).toEqual([{ one: 1 }]);

    await arm({ mode: 'reset', count: 1 });
    const reset = await sql`INSERT INTO fault_log VALUES (1)`.catch((error: unknown) => error);
    expect(reset).toMatchObject({ sourceError: expect.any(Error) });
    expect(isDatabaseUnavailable(reset)).toBe(true);
    expect(await sql`SELECT id FROM fault_log`).toEqual([]);

    // The ambiguous failure: the batch commits, the answer never arrives.
    await arm({ mode: 'drop-answer', count: 1 });
    const dropped = await sql
      .transaction([sql`INSERT INTO fault_log VALUES (2)`, sql`INSERT INTO fault_log VALUES (3)`])
      .catch((error: unknown) => error);
    expect(isDatabaseUnavailable(dropped)).toBe(true);
    expect(await sql`SELECT id FROM fault_log ORDER BY id`).toEqual([{ id: 2 }, { id: 3 }]);

    await arm({ mode: 'refuse' });
    for (let i = 0; i < 3; i++) await expect(sql`SELECT 1`).rejects.toThrow(/HTTP status 503/);
    expect(await arm({ mode: 'off' })).toEqual({ mode: 'off' });
    expect(await sql`SELECT count(*)::int AS n FROM fault_log`).toEqual([{ n: 2 }]);

    const invalid = await fetch(faults, { method: 'POST', body: JSON.stringify({ mode: 'explode' }) });
    expect(invalid.status).toBe(400);
    expect((await fetch(faults, { method: 'POST', body: '{"mode":"refuse","count":0}' })).status).toBe(400);
    expect(server.stats().requests).toBeGreaterThan(0);
  });

  it('keeps the last request, which EXPLAIN ANALYZE replays in a transaction rolled back', async () => {
    await sql`SELECT ${7}::int AS seven`;
    expect(server.lastRequest()).toEqual({
      statements: [{ query: 'SELECT $1::int AS seven', params: ['7'] }],
      transaction: false,
    });
    await sql.transaction([sql`INSERT INTO widgets (id, name) VALUES (${70}, 'replayed')`, sql`SELECT 1`]);
    const last = server.lastRequest()!;
    expect(last.transaction).toBe(true);
    await sql`DELETE FROM widgets WHERE id = 70`;
    const times = await explainRequest(server.backend, [{ query: 'BEGIN', params: [] }, ...last.statements], 3);
    expect(times).toMatchObject({ skipped: 1, firstFailure: expect.stringContaining('syntax error') });
    expect(times.planningMs).toBeGreaterThan(0);
    expect(times.executionMs).toBeGreaterThan(0);
    expect(await sql`SELECT id FROM widgets WHERE id = 70`).toEqual([]);
  });

  it('adds the configured delay to every request', async () => {
    server.setDelay(60);
    const started = performance.now();
    await sql`SELECT 1`;
    const elapsed = performance.now() - started;
    server.setDelay(0);
    expect(elapsed).toBeGreaterThanOrEqual(55);
  });
});

describe('the fault switch', () => {
  it('is refused on a server that listens beyond this machine', async () => {
    const backend = { name: 'pglite', close: async () => undefined } as unknown as SqlBackend;
    await expect(startLocalDb({ backend, host: '0.0.0.0', port: 0, faults: true })).rejects.toThrow(/loopback/);
  });
});

describe('a server told to keep sessions', () => {
  it('keeps a session’s settings and prepared statements from one request to the next', async () => {
    const server = await startLocalDb({ backend: await openBackend({ kind: 'pglite', keepSessions: true }), port: 0 });
    try {
      const sql = neon(server.connectionString);
      await sql.transaction([
        sql`SELECT set_config('commerce.test_kept', 'kept', false)`,
        sql`PREPARE kept AS SELECT 1`,
      ]);
      const [row] = await sql`SELECT current_setting('commerce.test_kept', true) AS setting,
        (SELECT count(*)::int FROM pg_prepared_statements) AS prepared`;
      expect(row).toEqual({ setting: 'kept', prepared: 1 });
    } finally {
      await server.close();
    }
  }, 60_000);
});

describe('PGlite persisted in a folder', () => {
  it('keeps its data across a restart of the server', async () => {
    const root = await mkdtemp(join(tmpdir(), 'pglite-'));
    const dataDir = join(root, 'nested', 'data');
    try {
      const first = await startLocalDb({ backend: await openBackend({ kind: 'pglite', dataDir }), port: 0 });
      await neon(first.connectionString)`CREATE TABLE kept (note text)`;
      await neon(first.connectionString)`INSERT INTO kept VALUES ('still here')`;
      await first.close();

      const second = await startLocalDb({ backend: await openBackend({ kind: 'pglite', dataDir }), port: 0 });
      expect(await neon(second.connectionString)`SELECT note FROM kept`).toEqual([{ note: 'still here' }]);
      await second.close();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
