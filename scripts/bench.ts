/**
 * `npm run bench`: starts the whole stack (local server over a fresh
 * in-memory PGlite with the demo data, and `wrangler dev`), then drives each
 * scenario with autocannon at 0 ms and at 40 ms of simulated distance between
 * the Worker and the database. Prints a table and writes bench-results/bench.json.
 *
 * Options: --duration SECONDS (default 5), --connections N (default 10),
 *          --delays 0,40, --only NAME[,NAME]
 */
import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { getDatabase } from '../src/db/client.ts';
import { openBackend, startLocalDb } from './local-db/index.ts';
import { migrate } from './migrate.ts';
import { seedDemoData } from './seed.ts';
import { freePort } from './free-port.ts';
import { spawnWranglerDev, waitForHealth } from './wrangler-dev.ts';

interface Scenario {
  name: string;
  method?: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** Later issues add their scenarios here. */
const SCENARIOS: Scenario[] = [
  { name: 'health', path: '/health' },
  { name: 'storefront: store profile', path: '/v1/stores/balsamoa' },
];

interface Row {
  scenario: string;
  delayMs: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  roundTripsPerRequest: number;
  statementsPerRequest: number;
  non2xx: number;
}

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10' },
    delays: { type: 'string', default: '0,40' },
    only: { type: 'string' },
  },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
const delays = values.delays.split(',').map(Number);
const scenarios = values.only ? SCENARIOS.filter((s) => values.only!.split(',').includes(s.name)) : SCENARIOS;

async function startWorker(databaseUrl: string, port: number) {
  mkdirSync('bench-results', { recursive: true });
  const log = openSync('bench-results/wrangler.log', 'w');
  const child = spawnWranglerDev({ port, databaseUrl, environment: 'bench', stdio: ['ignore', log, log], extraArgs: ['--log-level', 'warn'] });
  if (await waitForHealth(`http://127.0.0.1:${port}`, child)) return child;
  child.kill('SIGTERM');
  throw new Error('wrangler dev did not become healthy; see bench-results/wrangler.log');
}

/** Lets requests that autocannon abandoned at its deadline finish before the counters are read or reset. */
function settle(delayMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 500 + 2 * delayMs));
}

function run(baseUrl: string, scenario: Scenario, seconds = duration) {
  return autocannon({
    url: baseUrl + scenario.path,
    method: scenario.method ?? 'GET',
    headers: scenario.headers,
    body: scenario.body,
    connections,
    duration: seconds,
  });
}

const db = await startLocalDb({ backend: await openBackend({ kind: 'pglite' }), port: 0 });
await migrate(db.connectionString);
await seedDemoData(getDatabase(db.connectionString));
const workerPort = await freePort();
const worker = await startWorker(db.connectionString, workerPort);
const baseUrl = `http://127.0.0.1:${workerPort}`;

const rows: Row[] = [];
try {
  for (const delayMs of delays) {
    db.setDelay(delayMs);
    for (const scenario of scenarios) {
      await run(baseUrl, scenario, 1); // warm-up, not measured: isolate start, JIT, caches
      await settle(delayMs);
      db.resetStats();
      const result = await run(baseUrl, scenario);
      await settle(delayMs);
      const stats = db.stats();
      // Requests still in flight when autocannon stops reach the database all the same.
      const sent = result.requests.sent;
      rows.push({
        scenario: scenario.name,
        delayMs,
        requestsPerSecond: Math.round(result.requests.average),
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        roundTripsPerRequest: Number((stats.requests / sent).toFixed(2)),
        statementsPerRequest: Number((stats.statements / sent).toFixed(2)),
        non2xx: result.non2xx,
      });
    }
  }
} finally {
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  worker.kill('SIGTERM');
  await exited;
  await db.close();
}

console.log(`\nbench: ${connections} connections, ${duration} s per scenario, local PGlite behind the Neon-protocol server\n`);
console.table(rows.map((row) => ({
  scenario: row.scenario,
  'delay ms': row.delayMs,
  'req/s': row.requestsPerSecond,
  'p50 ms': row.p50Ms,
  'p99 ms': row.p99Ms,
  'round trips/req': row.roundTripsPerRequest,
  'statements/req': row.statementsPerRequest,
  non2xx: row.non2xx,
})));
writeFileSync('bench-results/bench.json', JSON.stringify({ date: new Date().toISOString(), connections, durationSeconds: duration, rows }, null, 2));
console.log('written: bench-results/bench.json');
