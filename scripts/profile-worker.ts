/**
 * `npm run profile`: where the Worker's CPU goes, per kind of request. Builds the Worker unminified (so the
 * profile names its functions) and runs it in Miniflare with workerd's inspector open, as `wrangler check
 * startup` does (`wrangler dev` cannot be profiled: its own proxy holds workerd's one inspector session); drives
 * each scenario over HTTP with autocannon while V8's sampling profiler runs inside workerd; prints the Worker's
 * busy time per request, self time per module group and per function, and the src/ functions' inclusive time.
 *
 * Options: --scenario NAME[,NAME] (hit, miss, detail-miss, checkout, confirm; default all), --seconds N (5),
 *   --postgres URL (a scratch database there instead of PGlite), --save DIR (DIR/<scenario>.cpuprofile too)
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { type EventEmitter, on, once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, SourceMap } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import type { V4MiniflareOptions } from 'miniflare';
import { unstable_readConfig } from 'wrangler';
import { type DrizzleDatabase, drizzleDatabase } from '../src/db/drizzle.ts';
import { signAccessToken } from '../src/lib/access-tokens.ts';
import { uuidv7 } from '../src/lib/ids.ts';
import { BENCH_CHECKOUT_SLUG, BENCH_PRODUCT_SLUG, benchCatalogSlug, seedBenchCatalogs } from './bench-catalog.ts';
import { seedPaymentPools } from './bench-payments.ts';
import { openBackend, startLocalDb } from './local-db/index.ts';
import { migrate } from './migrate.ts';
import { createScratchDatabase } from './scratch-database.ts';
import { seedDemoData } from './seed.ts';
import { wranglerBin } from './wrangler-dev.ts';

const text = { type: 'string' } as const;
const { values } = parseArgs({
  options: { scenario: text, seconds: { ...text, default: '5' }, postgres: text, save: text },
});
const SECONDS = Number(values.seconds);
const CONNECTIONS = 4;
const WARM_UP_REQUESTS = 100;
const jwtSecret = randomBytes(32).toString('base64url');
const paymentSecretsKey = randomBytes(32).toString('base64url');
const wranglerPackage = createRequire(import.meta.url).resolve('wrangler/package.json');
// wrangler's own Miniflare, so the workerd that `wrangler dev` runs (the tests' copy may be older).
const { Miniflare, convertV4MiniflareOptions } = (await import(
  pathToFileURL(createRequire(wranglerPackage).resolve('miniflare')).href
)) as typeof import('miniflare');
/** What of wrangler.toml the Worker needs here (wrangler's reader comes untyped). */
const config: {
  name: string;
  compatibility_date: string;
  compatibility_flags: string[];
  vars: Record<string, string>;
  ratelimits: { name: string; namespace_id: string; simple: { limit: number; period: 10 | 60 } }[];
} = unstable_readConfig({ config: 'wrangler.toml' });

interface Scenario {
  /** `CATALOG_CACHE=off`: every catalog read is a miss. */
  uncached?: boolean;
  method?: 'POST';
  /** What is requested, unless `perRequest` gives a path of its own. */
  path: string;
  headers?: Record<string, string>;
  /** What each request has of its own: a new Idempotency-Key, the next payment to confirm. */
  perRequest?: () => { path?: string; headers?: Record<string, string>; body?: string };
}

const list = `/v1/stores/${benchCatalogSlug(10)}/products`;
const scenarios: Record<string, (db: DrizzleDatabase) => Promise<Scenario>> = {
  hit: async () => ({ path: list }), // served from the in-Worker cache
  miss: async () => ({ path: list, uncached: true }),
  'detail-miss': async () => ({ path: `${list}/${BENCH_PRODUCT_SLUG}`, uncached: true }),
  checkout: checkoutScenario,
  confirm: confirmScenario,
};

/** Checkouts of 1 to 3 of the checkout store's 300 variants, each from an address of its own (the rate limit is per address). */
async function checkoutScenario(db: DrizzleDatabase): Promise<Scenario> {
  const { rows } = await db.execute<{ variant_id: string; rate_id: string }>(sql`
    SELECT v.id AS variant_id, r.id AS rate_id FROM stores s JOIN variants v ON v.store_id = s.id JOIN shipping_rates r ON r.store_id = s.id
    WHERE s.slug = ${BENCH_CHECKOUT_SLUG} ORDER BY v.id`);
  const pick = () => rows[Math.floor(Math.random() * rows.length)]!.variant_id;
  const octet = () => Math.floor(Math.random() * 256);
  const address = { name: 'Profile Buyer', line1: '1 Profile Street', city: 'Profileville', country: 'US' };
  const order = { email: 'profile@example.com', shippingAddress: address, shippingRateId: rows[0]!.rate_id };
  return {
    method: 'POST',
    path: `/v1/stores/${BENCH_CHECKOUT_SLUG}/checkout`,
    headers: { 'content-type': 'application/json' },
    perRequest: () => {
      const variants = new Set(Array.from({ length: 1 + Math.floor(Math.random() * 3) }, pick));
      const items = [...variants].map((variantId) => ({ variantId, quantity: 1 }));
      return {
        headers: { 'idempotency-key': uuidv7(), 'cf-connecting-ip': `10.${octet()}.${octet()}.${octet()}` },
        body: JSON.stringify({ ...order, items, paymentMethod: 'cod' }),
      };
    },
  };
}

/** The checkout store's owner confirming manual payments, each request a different unpaid order. */
async function confirmScenario(db: DrizzleDatabase): Promise<Scenario> {
  // Unpaid orders for the warm-up and the measured seconds, at well over the rate a local run reaches.
  const pools = await seedPaymentPools(db, jwtSecret, paymentSecretsKey, WARM_UP_REQUESTS + SECONDS * 500, 0);
  const email = `owner@${BENCH_CHECKOUT_SLUG}.test`;
  const { rows } = await db.execute<{ id: string }>(sql`SELECT id FROM users WHERE email = ${email}`);
  const store = { id: pools.storeId, slug: BENCH_CHECKOUT_SLUG, role: 'owner' as const };
  const { accessToken } = await signAccessToken(jwtSecret, { id: rows[0]!.id, email }, [store]);
  const payments = `/v1/admin/stores/${BENCH_CHECKOUT_SLUG}/payments`;
  const next = () => pools.manual.pop() ?? fail('the unpaid orders ran out: seed more in confirmScenario');
  return {
    method: 'POST',
    path: `${payments}/{payment}/confirm`,
    headers: { authorization: `Bearer ${accessToken}` },
    perRequest: () => ({ path: `${payments}/${next()}/confirm` }),
  };
}

function fail(message: string): never {
  throw new Error(message);
}

function drive(base: URL, scenario: Scenario, limit: { amount: number } | { duration: number }) {
  const { method = 'GET', headers, perRequest } = scenario;
  const setupRequest = (request: autocannon.Request) => {
    const own = perRequest!();
    return { ...request, ...own, headers: { ...request.headers, ...own.headers } };
  };
  const url = new URL(scenario.path, base).href;
  return autocannon({
    url,
    method,
    headers,
    requests: perRequest && [{ setupRequest }],
    connections: CONNECTIONS,
    ...limit,
  });
}

/** A Chrome DevTools Protocol session: `send` answers a command's result. */
async function openInspector(url: URL) {
  // `ws` comes with Miniflare, its types do not; its WebSocket is an EventEmitter.
  const WebSocket = createRequire(import.meta.url)('ws');
  const socket: EventEmitter & { send(data: string): void; close(): void } = new WebSocket(url.href);
  await once(socket, 'open');
  const messages = on(socket, 'message'); // keeps what arrives between commands
  let lastId = 0;
  const send = async (method: string, params?: object): Promise<any> => {
    socket.send(JSON.stringify({ id: ++lastId, method, params }));
    for (;;) {
      const message = JSON.parse(String((await messages.next()).value[0])); // events, without an id, are skipped
      if (message.id === lastId) return message.error ? fail(`${method}: ${message.error.message}`) : message.result;
    }
  };
  return { send, close: () => socket.close() };
}

/** Of V8's CPU profile (Chrome DevTools Protocol `Profiler.Profile`), what is read here. */
type CallFrame = { functionName: string; url: string; lineNumber: number; columnNumber: number };
type Profile = {
  nodes: { id: number; callFrame: CallFrame; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
};

/** A module's group: its npm package, or src/<folder> (`src` for the files at its top). */
function moduleGroup(path: string): string {
  const at = path.lastIndexOf('node_modules/');
  const parts = (at < 0 ? path : path.slice(at + 'node_modules/'.length)).split('/');
  return parts.slice(0, at >= 0 ? (parts[0]!.startsWith('@') ? 2 : 1) : Math.min(2, parts.length - 1)).join('/');
}

/**
 * Where a frame's function comes from: its group, from the `// <path>` comment that esbuild writes before each
 * module when it does not minify (the source map cannot tell: drizzle-orm's maps point outside its package),
 * and its original file and line, through the source map.
 */
function placer(outdir: string) {
  const map = new SourceMap(JSON.parse(readFileSync(join(outdir, 'index.js.map'), 'utf8')));
  const starts: { line: number; group: string }[] = [];
  for (const [line, code] of readFileSync(join(outdir, 'index.js'), 'utf8').split('\n').entries()) {
    const path = /^\/\/ (\S+\.(?:[cm]?js|tsx?))$/.exec(code)?.[1];
    if (path) starts.push({ line, group: moduleGroup(path) });
  }
  return (frame: CallFrame): { group: string; where: string } => {
    if (frame.functionName.startsWith('(')) return { group: frame.functionName, where: '' }; // (garbage collector)...
    if (!frame.url) return { group: '(native)', where: '' };
    if (!frame.url.endsWith('index.js')) return { group: frame.url, where: '' }; // workerd's own JS
    const group = starts.findLast((start) => start.line <= frame.lineNumber)?.group ?? '(bundle)'; // esbuild's helpers
    const entry = map.findEntry(frame.lineNumber, frame.columnNumber);
    if (!('originalSource' in entry)) return { group, where: `index.js:${frame.lineNumber + 1}` };
    const source = resolve(outdir, entry.originalSource);
    const at = source.lastIndexOf('node_modules/');
    const file = at < 0 ? relative(process.cwd(), source) : source.slice(at + 'node_modules/'.length);
    return { group, where: `${file.startsWith(group) ? '' : `${group}: `}${file}:${entry.originalLine + 1}` };
  };
}

/** Prints busy time per request, self time by group and by function, and inclusive time of src/ functions. */
function report(profile: Profile, place: ReturnType<typeof placer>, requests: number) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, { ...node, ...place(node.callFrame) }]));
  const parents = new Map(profile.nodes.flatMap((node) => (node.children ?? []).map((child) => [child, node.id])));
  const label = (id: number) => {
    const { callFrame, where, group } = nodes.get(id)!;
    return `${callFrame.functionName || '(anonymous)'}  ${where || group}`;
  };
  // Each sample stands for the time until the next (as in DevTools), but for at most two sampler periods: V8
  // samples only while workerd has the isolate entered, so a longer gap is mostly time outside it (Miniflare's
  // other Workers on the same thread, waiting for I/O); uncapped, the isolates of one workerd add up to several
  // times the process's CPU time. The period is measured: a busy machine samples slower than asked.
  const gaps = profile.timeDeltas.slice(1).sort((a, b) => a - b);
  const cap = 2 * gaps[gaps.length >> 1]!;
  const byGroup = new Map<string, number>();
  const bySelf = new Map<string, number>();
  const bySrcTotal = new Map<string, number>();
  const add = (into: Map<string, number>, key: string, us: number) => into.set(key, (into.get(key) ?? 0) + us);
  // (idle): waiting for events; (program): workerd's own C++ with the isolate entered. Neither is the Worker's.
  const notCounted = new Map(['(idle)', '(program)'].map((name) => [name, 0]));
  let busy = 0;
  for (const [index, id] of profile.samples.entries()) {
    const us = Math.min(profile.timeDeltas[index + 1] ?? 0, cap);
    const { group } = nodes.get(id)!;
    if (notCounted.has(group)) {
      add(notCounted, group, us);
      continue;
    }
    busy += us;
    add(byGroup, group, us);
    add(bySelf, label(id), us);
    const srcOnStack = new Set<string>(); // a recursive function counts once
    for (let at: number | undefined = id; at !== undefined; at = parents.get(at))
      if (/^src($|\/)/.test(nodes.get(at)!.group)) srcOnStack.add(label(at));
    for (const key of srcOnStack) add(bySrcTotal, key, us);
  }
  const perRequest = (us: number) => `${(us / requests / 1000).toFixed(3)} ms`;
  const table = (title: string, rows: Map<string, number>, limit = rows.size) => {
    console.log(`\n  ${title}\n      ms/req   share`);
    for (const [key, us] of [...rows].sort((a, b) => b[1] - a[1]).slice(0, limit))
      console.log(`${perRequest(us).padStart(12)}${`${((100 * us) / busy).toFixed(1)} %`.padStart(8)}  ${key}`);
  };
  const excluded = [...notCounted].map(([name, us]) => `${name} ${perRequest(us)}`).join(', ');
  console.log(`  Worker busy: ${perRequest(busy)} per request (not counted: ${excluded})`);
  console.log(`  ${profile.samples.length} samples, median period ${cap / 2} µs, ${(busy / 1000).toFixed(0)} ms busy`);
  table('self time by module group', byGroup);
  table('top 25 functions by self time', bySelf, 25);
  table('top 15 src/ functions by total (inclusive) time', bySrcTotal, 15);
}

/** One scenario in a Miniflare of its own: warm-up, then the measured seconds under the profiler. */
async function profileScenario(scenario: Scenario, options: V4MiniflareOptions & { bindings: object }) {
  const bindings = { ...options.bindings, ...(scenario.uncached ? { CATALOG_CACHE: 'off' } : {}) };
  const mf = new Miniflare(convertV4MiniflareOptions({ ...options, bindings }));
  try {
    const base = await mf.ready;
    // workerd's inspector names a Worker's isolate core:user:<name>.
    const inspector = await openInspector(new URL(`/core:user:${config.name}`, await mf.getInspectorURL()));
    await drive(base, scenario, { amount: WARM_UP_REQUESTS }); // JIT, the cache's entry, first-use costs
    await inspector.send('Profiler.enable');
    await inspector.send('Profiler.setSamplingInterval', { interval: 50 }); // µs
    await inspector.send('Profiler.start');
    const result = await drive(base, scenario, { duration: SECONDS });
    await new Promise((settled) => setTimeout(settled, 300)); // requests in flight at the deadline finish
    const { profile } = (await inspector.send('Profiler.stop')) as { profile: Profile };
    inspector.close();
    return { profile, result };
  } finally {
    await mf.dispose();
  }
}

const names = values.scenario?.split(',') ?? Object.keys(scenarios);
const unknown = names.filter((name) => !(name in scenarios));
if (unknown.length) fail(`no scenario ${unknown.join(', ')}; there are ${Object.keys(scenarios).join(', ')}`);

const outdir = mkdtempSync(join(tmpdir(), 'profile-worker-'));
const scratch = values.postgres ? await createScratchDatabase(values.postgres, 'commerce_profile') : undefined;
const localDb = await startLocalDb({
  backend: await openBackend(scratch ? { kind: 'postgres', url: scratch.url } : { kind: 'pglite' }),
  port: 0,
});
try {
  // Bundled as `npm run build` does it (the zod alias included), but unminified, with a source map.
  execFileSync(process.execPath, [wranglerBin(), 'deploy', '--dry-run', '--outdir', outdir, '--minify', 'false'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  });
  const place = placer(outdir);
  const db = drizzleDatabase(localDb.connectionString);
  await migrate(localDb.connectionString);
  await seedDemoData(db);
  await seedBenchCatalogs(db);
  const options = {
    name: config.name,
    modulesRoot: outdir, // module names are paths relative to it, and may not climb out of it
    scriptPath: join(outdir, 'index.js'),
    modules: true,
    compatibilityDate: config.compatibility_date,
    compatibilityFlags: config.compatibility_flags,
    ratelimits: Object.fromEntries(config.ratelimits.map(({ name, ...limiter }) => [name, limiter])),
    bindings: {
      ...config.vars,
      DATABASE_URL: localDb.connectionString,
      JWT_SECRET: jwtSecret,
      PAYMENT_SECRETS_KEY: paymentSecretsKey,
      ENVIRONMENT: 'bench',
    },
    cache: true, // the Cache API: the Worker's own catalog cache where ctx.cache is absent, as under wrangler dev
    host: '127.0.0.1',
    port: 0,
    inspectorPort: 0,
  };
  if (values.save) mkdirSync(values.save, { recursive: true });
  console.log(`profile: ${CONNECTIONS} connections, ${SECONDS} s a scenario, ${scratch ? 'PostgreSQL' : 'PGlite'}`);
  for (const name of names) {
    const scenario = await scenarios[name]!(db);
    const { profile, result } = await profileScenario(scenario, options);
    if (values.save) writeFileSync(join(values.save, `${name}.cpuprofile`), JSON.stringify(profile));
    const requests = result.requests.sent;
    console.log(`\n=== ${name}: ${scenario.method ?? 'GET'} ${scenario.path}${scenario.uncached ? ', uncached' : ''}`);
    console.log(`  requests: ${requests} in ${SECONDS} s, non-2xx: ${result.non2xx}, errors: ${result.errors}`);
    report(profile, place, requests);
  }
} finally {
  await localDb.close();
  await scratch?.drop();
  rmSync(outdir, { recursive: true, force: true });
}
