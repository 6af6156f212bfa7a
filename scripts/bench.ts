/**
 * `npm run bench`: starts the whole stack (local server over a fresh
 * in-memory PGlite with the demo data, and `wrangler dev`), then drives each
 * scenario with autocannon at 0 ms and at 40 ms of simulated distance between
 * the Worker and the database. Prints a table and writes bench-results/bench.json.
 *
 * Options: --duration SECONDS (default 5), --connections N (default 10),
 *          --delays 0,40, --only NAME[,NAME]
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { eq, sql } from 'drizzle-orm';
import { getDatabase, type Database } from '../src/db/client.ts';
import { storeMembers, stores, users } from '../src/db/schema/index.ts';
import { signAccessToken } from '../src/lib/access-tokens.ts';
import { uuidv7 } from '../src/lib/ids.ts';
import { hashPassword } from '../src/lib/password.ts';
import { createApiKey } from '../src/services/api-keys.ts';
import { openBackend, startLocalDb } from './local-db/index.ts';
import { migrate } from './migrate.ts';
import { seedDemoData } from './seed.ts';
import { freePort } from './free-port.ts';
import { spawnWranglerDev, waitForHealth } from './wrangler-dev.ts';

interface Scenario {
  name: string;
  method?: 'GET' | 'POST';
  path: string;
  /** Made afresh before each run, so that tokens never expire mid-bench. */
  headers?: () => Promise<Record<string, string>>;
  /** A body per request (autocannon calls it for every request it sends). */
  body?: () => string;
}

/** The Worker's JWT secret for this run only, so the bench can sign tokens the Worker accepts. */
const jwtSecret = randomBytes(32).toString('base64url');
const BENCH_USERS = 1_000;
const BENCH_PASSWORD = 'bench-password-123';
const benchEmail = (n: number) => `bench-${n}@bench.test`;
const JSON_HEADERS = { 'content-type': 'application/json' };

/**
 * Accounts for the login scenario. Login is rate-limited per email (10 a
 * minute), so requests cycle through many accounts, as real traffic does.
 * They share one hash: hashing 1,000 times would only slow the setup.
 */
async function seedBenchUsers(db: Database): Promise<void> {
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const rows = Array.from({ length: BENCH_USERS }, (_, n) => ({ id: uuidv7(), email: benchEmail(n), name: `Bench ${n}`, passwordHash }));
  for (let start = 0; start < rows.length; start += 200) await db.insert(users).values(rows.slice(start, start + 200));
}

/** The demo store's owner, as its access token names them. */
async function demoOwner(db: Database) {
  const [owner] = await db
    .select({ id: users.id, email: users.email, storeId: stores.id, slug: stores.slug })
    .from(storeMembers)
    .innerJoin(users, eq(users.id, storeMembers.userId))
    .innerJoin(stores, eq(stores.id, storeMembers.storeId))
    .where(sql`${stores.slug} = 'balsamoa' AND ${storeMembers.role} = 'owner'`);
  return owner!;
}

function scenariosFor(db: Database): Scenario[] {
  let nextUser = 0;
  const ownerToken = async () => {
    const owner = await demoOwner(db);
    const { accessToken } = await signAccessToken(jwtSecret, owner, [{ id: owner.storeId, slug: owner.slug, role: 'owner' }]);
    return { authorization: `Bearer ${accessToken}` };
  };
  const auditKey = async () => {
    const owner = await demoOwner(db);
    const context = { storeId: owner.storeId, actor: { type: 'user' as const, id: owner.id }, requestId: 'bench' };
    const { secret } = await createApiKey(db, context, { name: 'bench', scopes: ['audit:read'] });
    return { authorization: `Bearer ${secret}` };
  };
  // Later issues add their scenarios here.
  return [
    { name: 'health', path: '/health' },
    { name: 'storefront: store profile', path: '/v1/stores/balsamoa' },
    {
      name: 'auth: login',
      method: 'POST',
      path: '/v1/auth/login',
      headers: async () => JSON_HEADERS,
      body: () => JSON.stringify({ email: benchEmail(nextUser++ % BENCH_USERS), password: BENCH_PASSWORD }),
    },
    { name: 'auth: GET /v1/me', path: '/v1/me', headers: ownerToken },
    { name: 'admin: audit log (user token)', path: '/v1/admin/stores/balsamoa/audit-log', headers: ownerToken },
    { name: 'admin: audit log (API key)', path: '/v1/admin/stores/balsamoa/audit-log', headers: auditKey },
  ];
}

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

async function startWorker(databaseUrl: string, port: number) {
  mkdirSync('bench-results', { recursive: true });
  const log = openSync('bench-results/wrangler.log', 'w');
  const child = spawnWranglerDev({
    port,
    databaseUrl,
    environment: 'bench',
    stdio: ['ignore', log, log],
    extraArgs: ['--log-level', 'warn', '--var', `JWT_SECRET:${jwtSecret}`],
  });
  if (await waitForHealth(`http://127.0.0.1:${port}`, child)) return child;
  child.kill('SIGTERM');
  throw new Error('wrangler dev did not become healthy; see bench-results/wrangler.log');
}

/** Lets requests that autocannon abandoned at its deadline finish before the counters are read or reset. */
function settle(delayMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 500 + 2 * delayMs));
}

async function run(baseUrl: string, scenario: Scenario, seconds = duration) {
  const body = scenario.body;
  return autocannon({
    url: baseUrl + scenario.path,
    method: scenario.method ?? 'GET',
    headers: await scenario.headers?.(),
    requests: body ? [{ setupRequest: (request) => ({ ...request, body: body() }) }] : undefined,
    connections,
    duration: seconds,
  });
}

const db = await startLocalDb({ backend: await openBackend({ kind: 'pglite' }), port: 0 });
await migrate(db.connectionString);
const benchDb = getDatabase(db.connectionString);
await seedDemoData(benchDb);
await seedBenchUsers(benchDb);
const allScenarios = scenariosFor(benchDb);
const scenarios = values.only ? allScenarios.filter((s) => values.only!.split(',').includes(s.name)) : allScenarios;
const workerPort = await freePort();
const worker = await startWorker(db.connectionString, workerPort);
const baseUrl = `http://127.0.0.1:${workerPort}`;

const rows: Row[] = [];
try {
  // The first seconds after wrangler dev starts are slower than any later ones; keep them out of every scenario.
  await run(baseUrl, { name: 'warm-up', path: '/health' }, 3);
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
