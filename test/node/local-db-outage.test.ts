import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server, type Socket, connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { neon, type NeonQueryFunction } from '@neondatabase/serverless';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openBackend, startLocalDb } from '../../scripts/local-db/index.ts';
import { createScratchDatabase, type ScratchDatabase } from '../../scripts/scratch-database.ts';
import { routeLocalHostsOverHttp } from '../../src/db/client';
import { isDatabaseUnavailable } from '../../src/db/sql/errors';

/**
 * The local Neon-protocol server over a real Postgres that terminates its
 * connections, one at a time and all at once, and goes away and comes back
 * as a restart does. The server must stay up (an unheard `error` from a
 * connection ends the process it runs in: its own in the first test, this
 * one, failing the run, in the second), answer every request, answer a lost
 * connection with an error the Worker reads as an outage, and serve again
 * afterwards. PostgreSQL only: PGlite has no connection to lose.
 */
const adminUrl = process.env.TEST_DATABASE_URL;

routeLocalHostsOverHttp();

/**
 * The local server as `npm run db:server` runs it, in a process of its own,
 * so that "stays up" means that process did not exit. Answers its
 * connection string and what it has written to stderr so far.
 */
async function spawnServer(postgresUrl: string) {
  const main = fileURLToPath(new URL('../../scripts/local-db/main.ts', import.meta.url));
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ['--import', 'tsx', main, '--postgres', postgresUrl, '--port', '0'],
    { stdio: 'pipe' },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const connectionString = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = /DATABASE_URL=(\S+)/.exec(stdout)?.[1];
      if (url) resolve(url);
    });
    child.once('exit', (code) => reject(new Error(`the local server exited (${code}) before it listened: ${stderr}`)));
  });
  return {
    connectionString,
    stderr: () => stderr,
    running: () => child.exitCode === null && child.signalCode === null,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * A TCP relay in front of Postgres that can go down like a restarting
 * server (every connection cut, new ones refused) and come back on the same port.
 */
async function startRelay(target: URL) {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const relay = createServer((client) => {
        const upstream = connect(Number(target.port || 5432), target.hostname);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('error', () => undefined);
          socket.on('close', () => {
            sockets.delete(socket);
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream).pipe(client);
      });
      relay.once('error', reject);
      relay.listen(port, '127.0.0.1', () => resolve((relay.address() as { port: number }).port));
      server = relay;
    });
  const port = await listen(0);
  return {
    port,
    async down() {
      const closed = new Promise((resolve) => server?.close(resolve));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
    async up() {
      await listen(port);
    },
    close() {
      return this.down();
    },
  };
}

/** What concurrent clients saw while `disturb` ran: how many batches succeeded, and every error. */
async function underLoad(
  sql: NeonQueryFunction<false, false>,
  disturb: () => Promise<void>,
  clients = 8,
): Promise<{ succeeded: number; errors: unknown[] }> {
  let running = true;
  let succeeded = 0;
  const errors: unknown[] = [];
  const client = async () => {
    while (running) {
      try {
        // A transaction that spends a moment between its statements, where a terminated connection hurt most.
        await sql.transaction([
          sql`UPDATE counter SET n = n + 1 WHERE id = 1`,
          sql`SELECT pg_sleep(0.003)`,
          sql`INSERT INTO writes DEFAULT VALUES`,
        ]);
        succeeded++;
      } catch (error) {
        errors.push(error);
        // As a client backs off: also keeps an outage from becoming a busy loop.
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
  };
  const load = Array.from({ length: clients }, client);
  try {
    await disturb();
  } finally {
    running = false;
    await Promise.all(load);
  }
  return { succeeded, errors };
}

describe.skipIf(!adminUrl)('local Neon-protocol server over a Postgres that drops its connections', () => {
  let scratch: ScratchDatabase;
  let admin: pg.Client;

  beforeAll(async () => {
    scratch = await createScratchDatabase(adminUrl!, 'local_db_outage');
    admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
  });

  afterAll(async () => {
    await admin?.end();
    await scratch?.drop();
  });

  /**
   * Terminates the server's connections, one chosen at random or all at once:
   * only those to this test's scratch database, since other runs share the
   * Postgres server and its role.
   */
  async function terminate(which: 'one' | 'all'): Promise<number> {
    const { rows } = await admin.query<{ terminated: boolean }>(
      `SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity
       WHERE datname = $1 AND pid <> pg_backend_pid() AND backend_type = 'client backend'
       ORDER BY random() LIMIT $2`,
      [scratch.name, which === 'one' ? 1 : null],
    );
    return rows.filter((row) => row.terminated).length;
  }

  /** A client of the server at `connectionString`, with the tables the load writes to, empty. */
  async function client(connectionString: string): Promise<NeonQueryFunction<false, false>> {
    const sql = neon(connectionString);
    await sql`CREATE TABLE IF NOT EXISTS counter (id int PRIMARY KEY, n int NOT NULL)`;
    await sql`CREATE TABLE IF NOT EXISTS writes (id serial PRIMARY KEY)`;
    await sql.transaction([sql`TRUNCATE counter, writes`, sql`INSERT INTO counter VALUES (1, 0)`]);
    return sql;
  }

  /** Every failure is one the Worker answers 503; what committed is between what was acknowledged and what was tried. */
  async function expectHonestOutcome(
    sql: NeonQueryFunction<false, false>,
    outcome: { succeeded: number; errors: unknown[] },
  ) {
    for (const error of outcome.errors) expect(isDatabaseUnavailable(error), String(error)).toBe(true);
    const [{ n }] = (await sql`SELECT n FROM counter WHERE id = 1`) as [{ n: number }];
    const [{ writes }] = (await sql`SELECT count(*)::int AS writes FROM writes`) as [{ writes: number }];
    // Each batch is one transaction: its two writes land together or not at all.
    expect(writes).toBe(n);
    expect(n).toBeGreaterThanOrEqual(outcome.succeeded);
    expect(n).toBeLessThanOrEqual(outcome.succeeded + outcome.errors.length);
  }

  it('answers every request through 50 terminations of its connections, stays up, and serves on afterwards', async () => {
    const server = await spawnServer(scratch.url);
    try {
      const sql = await client(server.connectionString);
      let terminated = 0;
      const outcome = await underLoad(sql, async () => {
        for (let attempts = 0; terminated < 50 && attempts < 2_000 && server.running(); attempts++) {
          terminated += await terminate('one');
          await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 15));
        }
      });
      expect(server.running(), server.stderr()).toBe(true);
      expect(terminated).toBe(50);
      expect(outcome.errors.length).toBeGreaterThan(0);
      expect(outcome.succeeded).toBeGreaterThan(0);
      await expectHonestOutcome(sql, outcome);
      expect(await sql.transaction([sql`SELECT 1 AS one`])).toEqual([[{ one: 1 }]]);
      expect(server.stderr()).not.toMatch(/uncaught|unhandled/i);
    } finally {
      await server.stop();
    }
  }, 120_000);

  it('rides out a restart: every connection terminated at once, new ones refused for a while, then served again', async () => {
    const relay = await startRelay(new URL(adminUrl!));
    const viaRelay = new URL(scratch.url);
    viaRelay.hostname = '127.0.0.1';
    viaRelay.port = String(relay.port);
    // The server runs in this process and reports every refused request on stderr: kept here, not printed.
    const reported = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const server = await startLocalDb({
      backend: await openBackend({ kind: 'postgres', url: viaRelay.toString() }),
      port: 0,
    });
    try {
      const sql = await client(server.connectionString);
      const outcome = await underLoad(sql, async () => {
        await new Promise((resolve) => setTimeout(resolve, 200));
        // As Postgres shuts down: every session told 57P01, then the port closed.
        expect(await terminate('all')).toBeGreaterThan(0);
        await relay.down();
        await new Promise((resolve) => setTimeout(resolve, 500));
        await relay.up();
        await new Promise((resolve) => setTimeout(resolve, 200));
      });
      expect(outcome.errors.length).toBeGreaterThan(0);
      await expectHonestOutcome(sql, outcome);
      expect(await sql`SELECT 1 AS one`).toEqual([{ one: 1 }]);
    } finally {
      await server.close();
      await relay.close();
      reported.mockRestore();
    }
    const lines = reported.mock.calls.map((call) => call.join(' '));
    expect(
      lines.filter((line) => !/^\[local-db\] (database unreachable|idle postgres connection lost)/.test(line)),
    ).toEqual([]);
  }, 120_000);
});
