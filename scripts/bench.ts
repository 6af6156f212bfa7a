/**
 * `npm run bench`: starts the whole stack (local server over a fresh
 * in-memory PGlite with the demo data and the bench catalogs, and `wrangler
 * dev` twice: as deployed, and with the in-Worker catalog cache off so that
 * every catalog read is a miss), then drives each scenario with autocannon at
 * 0 ms and at 40 ms of simulated distance between the Worker and the
 * database. Prints a table and writes bench-results/bench.json.
 *
 * Beside req/s, latency, and round trips and statements per request (counted
 * by the local server), each scenario reports, per request sent:
 * - Worker CPU ms: the workerd running the Worker, from /proc before and
 *   after the run (process-cpu.ts; Linux only, else `-`). Clock ticks are
 *   10 ms, so only a whole run's total, divided, means anything.
 * - proxy CPU ms: the rest of `wrangler dev`: its Node processes and the
 *   workerd of its dev proxy. Production has none of it.
 * - PG CPU ms: every `postgres` process on this machine, exited backends
 *   included; with --postgres only (PGlite runs inside this process: `-`).
 * - PG plan and exec ms: the last request the local server served, replayed
 *   statement by statement under EXPLAIN ANALYZE in a transaction rolled back
 *   (bench-explain.ts), the median of 5 replays. Statements that fail under
 *   EXPLAIN are left out and noted: BEGIN or SET, or a write that conflicts
 *   with what the request itself committed (a checkout's reservation).
 * None of this counts the local server, which production does not have.
 *
 * Options: --duration SECONDS (default 5), --connections N (default 10),
 *          --delays 0,40, --only NAME[,NAME] (names hold ", ", so only a
 *          comma without a space after it separates them),
 *          --postgres URL (run on a scratch database created on that
 *          PostgreSQL server, and dropped after, instead of PGlite: the
 *          checkout scenarios' contention is only real there),
 *          --keep-sessions (the local server keeps each database session's
 *          state between requests, prepared statements included, where by
 *          default it resets it after each as Neon's HTTP endpoint does)
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { eq, sql } from 'drizzle-orm';
import { type DrizzleDatabase, drizzleDatabase } from '../src/db/drizzle.ts';
import { storeMembers, stores, users } from '../src/db/schema/index.ts';
import { signAccessToken } from '../src/lib/access-tokens.ts';
import { uuidv7 } from '../src/lib/ids.ts';
import { hashPassword } from '../src/lib/password.ts';
import { createApiKey } from '../src/services/api-keys.ts';
import {
  BENCH_CATALOG_SIZES,
  BENCH_CHECKOUT_SLUG,
  BENCH_MARKET,
  BENCH_MARKET_SLUG,
  BENCH_ORDERS_SLUG,
  BENCH_PRODUCT_SLUG,
  benchCatalogSlug,
  seedBenchCatalogs,
} from './bench-catalog.ts';
import { BENCH_CAMPAIGN_PLACES, seedBenchCampaign } from './bench-campaigns.ts';
import { explainRequest } from './bench-explain.ts';
import {
  addBenchEndpoint,
  deliveryCounts,
  mailCounts,
  startBenchReceiver,
  summarizeArrivals,
} from './bench-webhooks.ts';
import { startMailCatcher } from './mail-catcher.ts';
import { BENCH_ORDER_COUNT, seedOrderHistory } from './bench-orders.ts';
import { seedPaymentPools, stripeSignature, succeededEvent, type PaymentPools } from './bench-payments.ts';
import { openBackend, startLocalDb } from './local-db/index.ts';
import { migrate } from './migrate.ts';
import { type CpuTimes, cpuTimes } from './process-cpu.ts';
import { createScratchDatabase } from './scratch-database.ts';
import { seedDemoData } from './seed.ts';
import { freePort } from './free-port.ts';
import { spawnWranglerDev, waitForHealth } from './wrangler-dev.ts';

/**
 * `cached` is the Worker as deployed but for the webhook relay after the
 * response (`WEBHOOK_RELAY_ON_RESPONSE=off`), so that a scenario's round
 * trips are its requests' own; `uncached` also runs with
 * `CATALOG_CACHE=off`, so every catalog read is a miss; `relaying` is the
 * Worker as deployed, relay included, for the webhooks stage, which measures it.
 */
type WorkerKind = 'cached' | 'uncached' | 'relaying';

interface Scenario {
  name: string;
  /** Which Worker it drives; `cached` unless told. */
  worker?: WorkerKind;
  method?: 'GET' | 'POST' | 'PATCH';
  /** A function when it names something that `headers` makes first. */
  path: string | (() => string);
  /** Made afresh before each run, so that tokens never expire mid-bench. */
  headers?: () => Promise<Record<string, string>>;
  /** A body per request (autocannon calls it for every request it sends). */
  body?: () => string;
  /** Headers made per request, beside `headers`. */
  requestHeaders?: () => Record<string, string>;
  /** A path per request, instead of `path`: a resource of its own for each (a payment to confirm). */
  requestPath?: () => string;
}

/** The Worker's JWT secret for this run only, so the bench can sign tokens the Worker accepts. */
const jwtSecret = randomBytes(32).toString('base64url');
/** The Worker's key for sealed payment secrets, so the bench can seal the checkout store's Stripe keys. */
const paymentSecretsKey = randomBytes(32).toString('base64url');
const BENCH_USERS = 1_000;
const BENCH_PASSWORD = 'bench-password-123';
const benchEmail = (n: number) => `bench-${n}@bench.test`;
const JSON_HEADERS = { 'content-type': 'application/json' };

/**
 * Accounts for the login scenario. Login is rate-limited per email (10 a
 * minute), so requests cycle through many accounts, as real traffic does.
 * They share one hash: hashing 1,000 times would only slow the setup.
 */
async function seedBenchUsers(db: DrizzleDatabase): Promise<void> {
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const rows = Array.from({ length: BENCH_USERS }, (_, n) => ({
    id: uuidv7(),
    email: benchEmail(n),
    name: `Bench ${n}`,
    passwordHash,
  }));
  for (let start = 0; start < rows.length; start += 200) await db.insert(users).values(rows.slice(start, start + 200));
}

/** The demo store's owner, as its access token names them. */
async function demoOwner(db: DrizzleDatabase) {
  const [owner] = await db
    .select({ id: users.id, email: users.email, storeId: stores.id, slug: stores.slug })
    .from(storeMembers)
    .innerJoin(users, eq(users.id, storeMembers.userId))
    .innerJoin(stores, eq(stores.id, storeMembers.storeId))
    .where(sql`${stores.slug} = 'balsamoa' AND ${storeMembers.role} = 'owner'`);
  return owner!;
}

/**
 * List and detail on catalogs of 10 and of 1,000 products, each as a cache
 * hit and as a miss. A price sort ranks every product, so it is the one list
 * expected to grow with the catalog.
 */
function catalogScenarios(): Scenario[] {
  return BENCH_CATALOG_SIZES.flatMap((size): Scenario[] => {
    const list = `/v1/stores/${benchCatalogSlug(size)}/products`;
    const detail = `${list}/${BENCH_PRODUCT_SLUG}`;
    return [
      { name: `catalog list, ${size} products, hit`, path: list },
      { name: `catalog list, ${size} products, miss`, path: list, worker: 'uncached' },
      { name: `catalog detail, ${size} products, hit`, path: detail },
      { name: `catalog detail, ${size} products, miss`, path: detail, worker: 'uncached' },
      { name: `catalog list by price, ${size} products, miss`, path: `${list}?sort=price_asc`, worker: 'uncached' },
    ];
  });
}

/**
 * The catalog of 1,000 products in its second market (EUR), named and by
 * the shopper's country, as hits and misses; and by price, which in a
 * market of another currency than the store's ranks every product on the
 * fly (the kept sort keys are in the home currency).
 */
function marketScenarios(): Scenario[] {
  const list = `/v1/stores/${BENCH_MARKET_SLUG}/products`;
  const named = `${list}?market=${BENCH_MARKET}`;
  const fromSpain = () => ({ 'cf-ipcountry': 'ES' });
  return [
    { name: 'catalog list in a market, hit', path: named },
    { name: 'catalog list in a market, miss', path: named, worker: 'uncached' },
    { name: 'catalog list in a market by country, miss', path: list, worker: 'uncached', requestHeaders: fromSpain },
    { name: 'catalog list in a market by price, miss', path: `${named}&sort=price_asc`, worker: 'uncached' },
    { name: 'catalog list at home by price, miss', path: `${list}?sort=price_asc`, worker: 'uncached' },
  ];
}

/** The checkout store's variants and shipping rate, read once the bench stores are seeded. */
async function checkoutStock(db: DrizzleDatabase) {
  const { rows } = await db.execute<{ variant_id: string; rate_id: string }>(sql`
    SELECT v.id AS variant_id, r.id AS rate_id FROM stores s JOIN variants v ON v.store_id = s.id JOIN shipping_rates r ON r.store_id = s.id
    WHERE s.slug = ${BENCH_CHECKOUT_SLUG} ORDER BY v.id`);
  return { variantIds: rows.map((row) => row.variant_id), rateId: rows[0]!.rate_id };
}

const BENCH_CODE = 'BENCH10';

/**
 * A 10 % promotion code and an 8.875 % US sales tax rate in the checkout
 * store (the bench buyer ships to the US), once: for "checkout with a code".
 */
async function seedBenchCode(db: DrizzleDatabase): Promise<void> {
  await db.execute(sql`WITH s AS (SELECT id FROM stores WHERE slug = ${BENCH_CHECKOUT_SLUG}),
    p AS (
      INSERT INTO promotions (store_id, name, method, type, percentage_bps)
      SELECT s.id, 'Bench 10 %', 'code', 'percentage', 1000 FROM s
      WHERE NOT EXISTS (SELECT 1 FROM promotion_codes c WHERE c.store_id = s.id AND c.code = ${BENCH_CODE})
      RETURNING id, store_id),
    code AS (INSERT INTO promotion_codes (store_id, promotion_id, code) SELECT store_id, id, ${BENCH_CODE} FROM p)
    INSERT INTO tax_rates (store_id, country, name, rate_ppm) SELECT store_id, 'US', 'Sales tax', 88750 FROM p`);
}

/**
 * Checkouts of 1 to 3 random variants out of 300, of one hot variant that
 * every request buys (contention on one row), and a replay of one key.
 * Each new checkout has its own Idempotency-Key and client address: the
 * rate limit is per address, and real checkouts come from many.
 */
function checkoutScenarios(
  stock: () => Promise<{ variantIds: string[]; rateId: string }>,
  seedCode: () => Promise<void>,
): Scenario[] {
  let loaded: { variantIds: string[]; rateId: string } | undefined;
  const load = async () => {
    loaded ??= await stock();
    return JSON_HEADERS;
  };
  let seeded = false;
  const loadWithCode = async () => {
    if (!seeded) await seedCode();
    seeded = true;
    return load();
  };
  const body = (items: { variantId: string; quantity: number }[], extra: Record<string, unknown> = {}) =>
    JSON.stringify({ items, ...benchBuyer('bench@example.com', loaded!.rateId), ...extra });
  const pick = () => loaded!.variantIds[Math.floor(Math.random() * loaded!.variantIds.length)]!;
  const spreadBody = (extra: Record<string, unknown> = {}) =>
    body(
      [...new Set([pick(), pick(), pick()].slice(0, 1 + Math.floor(Math.random() * 3)))].map((variantId) => ({
        variantId,
        quantity: 1,
      })),
      extra,
    );
  const spread = () => spreadBody();
  const path = `/v1/stores/${BENCH_CHECKOUT_SLUG}/checkout`;
  const replayKey = uuidv7();
  const carts = `/v1/stores/${BENCH_CHECKOUT_SLUG}/carts`;
  let cart: { id: string; token: string } | undefined;
  // The read scenario's cart, made once through the API by the first request's headers.
  const cartHeaders = async () => {
    await load();
    cart ??= await (
      await fetch(baseUrls.get('cached') + carts, {
        method: 'POST',
        headers: JSON_HEADERS,
        body: JSON.stringify({ items: [{ variantId: pick(), quantity: 2 }] }),
      })
    ).json();
    return { 'x-cart-token': cart!.token };
  };
  // The same with promotions and taxes in play: a cart to the US (the sales tax rate) holding the 10 % code.
  let codedCart: { id: string; token: string } | undefined;
  const codedCartHeaders = async () => {
    await loadWithCode();
    if (!codedCart) {
      const made: { id: string; token: string } = await (
        await fetch(baseUrls.get('cached') + carts, {
          method: 'POST',
          headers: JSON_HEADERS,
          body: JSON.stringify({ items: [{ variantId: pick(), quantity: 2 }], country: 'US' }),
        })
      ).json();
      await fetch(`${baseUrls.get('cached')}${carts}/${made.id}/promotion-code`, {
        method: 'PUT',
        headers: { ...JSON_HEADERS, 'x-cart-token': made.token },
        body: JSON.stringify({ code: BENCH_CODE }),
      });
      codedCart = made;
    }
    return { 'x-cart-token': codedCart.token };
  };
  return [
    {
      name: 'cart: create with an item',
      method: 'POST',
      path: carts,
      headers: load,
      body: () => JSON.stringify({ items: [{ variantId: pick(), quantity: 1 }] }),
    },
    { name: 'cart: read with totals', path: () => `${carts}/${cart!.id}`, headers: cartHeaders },
    {
      name: 'cart: read with a code and a tax rate',
      path: () => `${carts}/${codedCart!.id}`,
      headers: codedCartHeaders,
    },
    {
      name: 'checkout, 1-3 of 300 variants',
      method: 'POST',
      path,
      headers: load,
      body: spread,
      requestHeaders: newOrderHeaders,
    },
    {
      name: 'checkout with a code',
      method: 'POST',
      path,
      headers: loadWithCode,
      body: () => spreadBody({ promotionCode: BENCH_CODE.toLowerCase() }),
      requestHeaders: newOrderHeaders,
    },
    {
      name: 'checkout, one hot variant',
      method: 'POST',
      path,
      headers: load,
      body: () => body([{ variantId: loaded!.variantIds[0]!, quantity: 1 }]),
      requestHeaders: newOrderHeaders,
    },
    {
      name: 'checkout, idempotent replay',
      method: 'POST',
      path,
      headers: load,
      body: () => body([{ variantId: loaded!.variantIds[1]!, quantity: 1 }]),
      requestHeaders: () => ({
        'idempotency-key': replayKey,
        'cf-connecting-ip': `10.${randomOctet()}.${randomOctet()}.${randomOctet()}`,
      }),
    },
  ];
}

const randomOctet = () => Math.floor(Math.random() * 256);

/** Who orders in the checkout store, and how: the fields every order body has. */
function benchBuyer(email: string, rateId: string) {
  return {
    email,
    shippingAddress: { name: 'Bench Buyer', line1: '1 Bench Street', city: 'Benchville', country: 'US' },
    shippingRateId: rateId,
    paymentMethod: 'cod',
  };
}

/** A new order's own Idempotency-Key and client address: the rate limit is per address, and real buyers come from many. */
function newOrderHeaders() {
  return { 'idempotency-key': uuidv7(), 'cf-connecting-ip': `10.${randomOctet()}.${randomOctet()}.${randomOctet()}` };
}

/**
 * Guests joining one campaign of BENCH_CAMPAIGN_PLACES places
 * (bench-campaigns.ts), each request under a new email, Idempotency-Key and
 * client address: a checkout of one line, plus every join counting on the
 * campaign's one row. The campaign is made on first use.
 */
function campaignScenarios(
  db: DrizzleDatabase,
  stock: () => Promise<{ variantIds: string[]; rateId: string }>,
): Scenario[] {
  let made: Promise<{ path: string; rateId: string }> | undefined;
  let loaded: { path: string; rateId: string } | undefined;
  const load = async () => {
    made ??= stock().then(async ({ variantIds, rateId }) => {
      const id = await seedBenchCampaign(db, variantIds[2]!);
      return { path: `/v1/stores/${BENCH_CHECKOUT_SLUG}/campaigns/${id}/join`, rateId };
    });
    loaded = await made;
    return JSON_HEADERS;
  };
  const run = uuidv7().slice(-8);
  let joined = 0;
  return [
    {
      name: `campaign join, ${BENCH_CAMPAIGN_PLACES / 1000}k places`,
      method: 'POST',
      path: () => loaded!.path,
      headers: load,
      body: () => JSON.stringify(benchBuyer(`joiner-${run}-${joined++}@bench.test`, loaded!.rateId)),
      requestHeaders: newOrderHeaders,
    },
  ];
}

/** Enough unpaid orders for every measured second of the payment scenarios, and their warm-ups, at both delays. */
const PAYMENT_POOL = 4_000;

/**
 * Staff confirming a payment (each request a different unpaid order: the
 * payment, the order, the stock commit), Stripe's success webhook (each a
 * new event for a different card payment), and the same event delivered
 * again (found done). The pools are made once, on first use.
 */
function paymentScenarios(db: DrizzleDatabase): Scenario[] {
  let pools: Promise<PaymentPools> | undefined;
  let loaded: PaymentPools | undefined;
  const load = async () => {
    loaded = await (pools ??= seedPaymentPools(db, jwtSecret, paymentSecretsKey, PAYMENT_POOL, PAYMENT_POOL));
    return JSON_HEADERS;
  };
  const owner = async () => {
    await load();
    const staff = await demoOwner(db);
    const { accessToken } = await signAccessToken(jwtSecret, staff, [
      { id: loaded!.storeId, slug: BENCH_CHECKOUT_SLUG, role: 'owner' },
    ]);
    return { authorization: `Bearer ${accessToken}` };
  };
  const take = <T>(pool: T[]): T => pool.pop() ?? fail('the payment pool ran out; raise PAYMENT_POOL');
  let current = '';
  const signed = (body: string) => {
    current = body;
    return { 'stripe-signature': stripeSignature(body) };
  };
  let duplicate: string | undefined;
  const webhook = `/v1/webhooks/stripe/${BENCH_CHECKOUT_SLUG}`;
  return [
    {
      name: 'payment: staff confirm',
      method: 'POST',
      path: '/',
      headers: owner,
      requestPath: () => `/v1/admin/stores/${BENCH_CHECKOUT_SLUG}/payments/${take(loaded!.manual)}/confirm`,
    },
    {
      name: 'webhook: payment_intent.succeeded',
      method: 'POST',
      path: webhook,
      headers: load,
      // The signature is of the body this same request carries: made together.
      requestHeaders: () => signed(succeededEvent(take(loaded!.card))),
      body: () => current,
    },
    {
      name: 'webhook: duplicate delivery',
      method: 'POST',
      path: webhook,
      headers: load,
      requestHeaders: () => signed((duplicate ??= succeededEvent(take(loaded!.card)))),
      body: () => current,
    },
  ];
}

/**
 * Staff reading a store of 10,000 orders: the first page of the list, a
 * filtered and searched one, one order whole, the customer list; and moving
 * orders (each request a different paid order to `preparing`). The history
 * is written once, on first use.
 */
function orderScenarios(db: DrizzleDatabase): Scenario[] {
  let history: Promise<{ storeId: string; paidOrderIds: string[] }> | undefined;
  let loaded: { storeId: string; paidOrderIds: string[] } | undefined;
  const owner = async () => {
    loaded = await (history ??= seedOrderHistory(db));
    const staff = await demoOwner(db);
    const { accessToken } = await signAccessToken(jwtSecret, staff, [
      { id: loaded.storeId, slug: BENCH_ORDERS_SLUG, role: 'owner' },
    ]);
    return { authorization: `Bearer ${accessToken}`, ...JSON_HEADERS };
  };
  const admin = `/v1/admin/stores/${BENCH_ORDERS_SLUG}`;
  const orders = `${BENCH_ORDER_COUNT / 1000}k orders`;
  return [
    { name: `admin: order list, ${orders}`, path: `${admin}/orders`, headers: owner },
    {
      name: `admin: order list, status + search, ${orders}`,
      path: `${admin}/orders?status=delivered&q=customer-42%40`,
      headers: owner,
    },
    {
      name: `admin: order detail, ${orders}`,
      path: () => `${admin}/orders/${loaded!.paidOrderIds[0]}`,
      headers: owner,
    },
    { name: `admin: customer list, ${orders}`, path: `${admin}/customers?q=customer-7`, headers: owner },
    {
      name: 'admin: order status paid -> preparing',
      method: 'POST',
      path: '/',
      headers: owner,
      requestPath: () => `${admin}/orders/${loaded!.paidOrderIds.pop() ?? fail('the paid orders ran out')}/status`,
      body: () => JSON.stringify({ status: 'preparing' }),
    },
  ];
}

/**
 * A merchant setting up the demo store: changing its settings (each request
 * another reservation time, so each is a real change, audited, purging the
 * store's cached catalog), changing a shipping rate's amount, recording a
 * customer, and reading the audit log narrowed to one action family.
 */
function setupScenarios(db: DrizzleDatabase, ownerHeaders: () => Promise<Record<string, string>>): Scenario[] {
  const admin = '/v1/admin/stores/balsamoa';
  const owner = async () => ({ ...(await ownerHeaders()), ...JSON_HEADERS });
  let rateId: string | undefined;
  const rateOwner = async () => {
    const { rows } = await db.execute<{
      id: string;
    }>(sql`SELECT r.id FROM shipping_rates r JOIN stores s ON s.id = r.store_id
      WHERE s.slug = 'balsamoa' ORDER BY r.position LIMIT 1`);
    rateId = rows[0]!.id;
    return owner();
  };
  let n = 0;
  const run = uuidv7().slice(-8);
  return [
    {
      name: 'admin: store settings change',
      method: 'PATCH',
      path: admin,
      headers: owner,
      body: () => JSON.stringify({ settings: { reservationTtlMinutes: 30 + (n++ % 60) } }),
    },
    {
      name: 'admin: shipping rate change',
      method: 'PATCH',
      path: () => `${admin}/shipping-rates/${rateId}`,
      headers: rateOwner,
      body: () => JSON.stringify({ amount: 250_000 + (n++ % 1000) }),
    },
    {
      name: 'admin: customer create',
      method: 'POST',
      path: `${admin}/customers`,
      headers: owner,
      body: () => JSON.stringify({ email: `bench-${run}-${n++}@customers.test`, tags: ['bench'] }),
    },
    { name: 'admin: audit log, one action family', path: `${admin}/audit-log?action=store.*`, headers: ownerHeaders },
  ];
}

function fail(message: string): never {
  throw new Error(message);
}

function scenariosFor(db: DrizzleDatabase): Scenario[] {
  let nextUser = 0;
  const ownerToken = async () => {
    const owner = await demoOwner(db);
    const { accessToken } = await signAccessToken(jwtSecret, owner, [
      { id: owner.storeId, slug: owner.slug, role: 'owner' },
    ]);
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
    ...catalogScenarios(),
    ...marketScenarios(),
    ...checkoutScenarios(
      () => checkoutStock(db),
      () => seedBenchCode(db),
    ),
    ...campaignScenarios(db, () => checkoutStock(db)),
    ...paymentScenarios(db),
    ...orderScenarios(db),
    ...setupScenarios(db, ownerToken),
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
  /** CPU time per request sent, over the whole run (process-cpu.ts); null where not measured. */
  workerCpuMsPerRequest: number | null;
  proxyCpuMsPerRequest: number | null;
  postgresCpuMsPerRequest: number | null;
  /** The last request's statements under EXPLAIN ANALYZE (bench-explain.ts); null when it made none. */
  planningMsPerRequest: number | null;
  executionMsPerRequest: number | null;
  explainSkippedStatements: number | null;
}

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10' },
    delays: { type: 'string', default: '0,40' },
    only: { type: 'string' },
    postgres: { type: 'string' },
    'keep-sessions': { type: 'boolean', default: false },
  },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
const delays = values.delays.split(',').map(Number);

const WORKER_LOGS: Record<WorkerKind, string> = {
  cached: 'bench-results/wrangler.log',
  uncached: 'bench-results/wrangler-uncached.log',
  relaying: 'bench-results/wrangler-relaying.log',
};

/**
 * A `wrangler dev` of the given kind. Each keeps its local state (the Cache
 * API's entries) in a directory of its own, emptied first: entries left by an
 * earlier run were made from another database.
 */
async function startWorker(databaseUrl: string, kind: WorkerKind, vars: string[] = []) {
  const state = `bench-results/state/${kind}`;
  rmSync(state, { recursive: true, force: true });
  mkdirSync(state, { recursive: true });
  const log = openSync(WORKER_LOGS[kind], 'w');
  const port = await freePort();
  const child = spawnWranglerDev({
    port,
    databaseUrl,
    environment: 'bench',
    stdio: ['ignore', log, log],
    extraArgs: [
      '--log-level',
      'warn',
      '--var',
      `JWT_SECRET:${jwtSecret}`,
      '--var',
      `PAYMENT_SECRETS_KEY:${paymentSecretsKey}`,
      '--persist-to',
      state,
      ...(kind === 'uncached' ? ['--var', 'CATALOG_CACHE:off'] : []),
      ...(kind === 'relaying' ? [] : ['--var', 'WEBHOOK_RELAY_ON_RESPONSE:off']),
      ...vars,
    ],
  });
  if (await waitForHealth(`http://127.0.0.1:${port}`, child))
    return { child, port, baseUrl: `http://127.0.0.1:${port}` };
  await stopWorker(child);
  throw new Error(`wrangler dev did not become healthy; see ${WORKER_LOGS[kind]}`);
}

async function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** Lets requests that autocannon abandoned at its deadline finish before the counters are read or reset. */
function settle(delayMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 500 + 2 * delayMs));
}

const baseUrls = new Map<WorkerKind, string>();

async function run(scenario: Scenario, seconds = duration, worker: WorkerKind = scenario.worker ?? 'cached') {
  const { body, requestHeaders, requestPath } = scenario;
  const perRequest = body || requestHeaders || requestPath;
  const headers = await scenario.headers?.();
  return autocannon({
    url: baseUrls.get(worker) + (typeof scenario.path === 'function' ? scenario.path() : scenario.path),
    method: scenario.method ?? 'GET',
    headers,
    requests: perRequest
      ? [
          {
            setupRequest: (request) => {
              // Headers first: a signature header may make the body it signs.
              const headers = { ...request.headers, ...requestHeaders?.() };
              return { ...request, path: requestPath?.() ?? request.path, headers, body: body?.() ?? request.body };
            },
          },
        ]
      : undefined,
    connections,
    duration: seconds,
  });
}

const scratch = values.postgres ? await createScratchDatabase(values.postgres, 'commerce_bench') : undefined;
const db = await startLocalDb({
  backend: await openBackend({
    ...(scratch ? { kind: 'postgres', url: scratch.url } : { kind: 'pglite' }),
    keepSessions: values['keep-sessions'],
  }),
  port: 0,
});
const databaseLabel = scratch ? 'PostgreSQL' : 'PGlite';
const benchDb = drizzleDatabase(db.connectionString);
const allScenarios = scenariosFor(benchDb);
const onlyNames = values.only?.split(/,(?! )/);
/** Not a scenario of the table: the outbound webhook stage (bench-webhooks.ts), run after them, at 0 ms. */
const WEBHOOK_STAGE = 'webhooks';
const WEBHOOK_CHECKOUT = 'checkout, 1-3 of 300 variants';
const unknownNames =
  onlyNames?.filter((name) => name !== WEBHOOK_STAGE && !allScenarios.some((scenario) => scenario.name === name)) ?? [];
if (unknownNames.length) {
  await db.close();
  await scratch?.drop();
  throw new Error(`--only names no such scenario: ${unknownNames.join('; ')}`);
}
const scenarios = onlyNames ? allScenarios.filter((scenario) => onlyNames.includes(scenario.name)) : allScenarios;
await migrate(db.connectionString);
await seedDemoData(benchDb);
await seedBenchUsers(benchDb);
await seedBenchCatalogs(benchDb);
mkdirSync('bench-results', { recursive: true });

const round = (value: number, digits = 2) => Number(value.toFixed(digits));

/** CPU milliseconds per request between two readings; null without both. */
function cpuPerRequest(before: CpuTimes | null, after: CpuTimes | null, key: keyof CpuTimes, sent: number) {
  const start = before?.[key];
  const end = after?.[key];
  return start == null || end == null ? null : round((end - start) / sent);
}

const workers = new Map<WorkerKind, { child: ChildProcess; port: number }>();

/**
 * Checkouts for `duration` seconds against the checkout store, which has an
 * endpoint for `order.created` on a local receiver: each order's event goes
 * out through the relay after the response and the local queue. Waits for
 * every delivery made to arrive (30 s at most), then summarizes.
 */
async function benchWebhooks() {
  db.setDelay(0);
  const mailApiKey = 'bench-mail-key';
  const mailCatcher = await startMailCatcher({ port: 0, apiKey: mailApiKey, answerDelayMs: MAIL_API_DELAY_MS });
  if (!baseUrls.has('relaying')) {
    const mailVars = ['--var', `MAIL_API_URL:${mailCatcher.url}`, '--var', `MAIL_API_KEY:${mailApiKey}`];
    const { child, port, baseUrl } = await startWorker(db.connectionString, 'relaying', mailVars);
    workers.set('relaying', { child, port });
    baseUrls.set('relaying', baseUrl);
  }
  const receiver = await startBenchReceiver();
  try {
    const endpointId = await addBenchEndpoint(benchDb, BENCH_CHECKOUT_SLUG, receiver.url, paymentSecretsKey, [
      'order.created',
    ]);
    const checkouts = await run(
      allScenarios.find((scenario) => scenario.name === WEBHOOK_CHECKOUT)!,
      duration,
      'relaying',
    );
    const deadline = Date.now() + 30_000;
    for (;;) {
      const counts = await deliveryCounts(benchDb, endpointId);
      const mails = await mailCounts(benchDb, BENCH_CHECKOUT_SLUG);
      if (counts.succeeded === counts.made && receiver.arrivals.length >= counts.made && mails.sent === mails.made)
        break;
      if (Date.now() > deadline) {
        notes.push(`webhooks: ${counts.made - counts.succeeded} of ${counts.made} deliveries not done after 30 s`);
        notes.push(`mail: ${mails.made - mails.sent} of ${mails.made} order mails not accepted after 30 s`);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const mails = await mailCounts(benchDb, BENCH_CHECKOUT_SLUG);
    return {
      ...summarizeArrivals(receiver.arrivals),
      checkoutP50Ms: checkouts.latency.p50,
      checkoutP99Ms: checkouts.latency.p99,
      mails: mails.sent,
      mailP50Ms: mails.p50_ms,
      mailP99Ms: mails.p99_ms,
    };
  } finally {
    await receiver.close();
    await mailCatcher.close();
  }
}

/**
 * How long the bench's mail catcher takes to accept each mail: a distant
 * mail API's answer time (BENCH_MAIL_API_DELAY_MS; run it at two values to
 * see that the checkouts' latency does not follow it).
 */
const MAIL_API_DELAY_MS = Number(process.env.BENCH_MAIL_API_DELAY_MS ?? 300);

let webhooks: Awaited<ReturnType<typeof benchWebhooks>> | undefined;
const rows: Row[] = [];
const notes: string[] = [];
try {
  // Only the Workers that the chosen scenarios drive.
  for (const kind of new Set(scenarios.map((scenario) => scenario.worker ?? 'cached'))) {
    const { child, port, baseUrl } = await startWorker(db.connectionString, kind);
    workers.set(kind, { child, port });
    baseUrls.set(kind, baseUrl);
    // The first seconds after wrangler dev starts are slower than any later ones; keep them out of every scenario.
    await run({ name: 'warm-up', worker: kind, path: '/health' }, 3);
  }
  for (const delayMs of delays) {
    db.setDelay(delayMs);
    for (const scenario of scenarios) {
      await run(scenario, 1); // warm-up, not measured: isolate start, JIT, caches
      await settle(delayMs);
      db.resetStats();
      const worker = workers.get(scenario.worker ?? 'cached')!;
      const readCpu = () => cpuTimes(worker.child.pid!, worker.port);
      const cpuBefore = readCpu();
      const result = await run(scenario);
      await settle(delayMs);
      const stats = db.stats();
      const cpuAfter = readCpu();
      // Requests still in flight when autocannon stops reach the database all the same.
      const sent = result.requests.sent;
      const roundTrips = round(stats.requests / sent);
      // Only a request of this run: the counters were reset before it.
      const last = stats.requests > 0 ? db.lastRequest() : undefined;
      const explained = last ? await explainRequest(db.backend, last.statements) : undefined;
      const label = `${scenario.name} (${delayMs} ms)`;
      if (explained?.skipped) {
        const { skipped, firstFailure } = explained;
        notes.push(
          `${label}: ${skipped} of ${last!.statements.length} statements failed under EXPLAIN (${firstFailure})`,
        );
      }
      if (explained && roundTrips > 1)
        notes.push(`${label}: plan and exec are of the last of ${roundTrips} round trips per request only`);
      rows.push({
        scenario: scenario.name,
        delayMs,
        requestsPerSecond: Math.round(result.requests.average),
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        roundTripsPerRequest: roundTrips,
        statementsPerRequest: round(stats.statements / sent),
        non2xx: result.non2xx,
        workerCpuMsPerRequest: cpuPerRequest(cpuBefore, cpuAfter, 'workerMs', sent),
        proxyCpuMsPerRequest: cpuPerRequest(cpuBefore, cpuAfter, 'proxyMs', sent),
        // With PGlite the database runs inside this process: there is no Postgres process to read.
        postgresCpuMsPerRequest: scratch ? cpuPerRequest(cpuBefore, cpuAfter, 'postgresMs', sent) : null,
        planningMsPerRequest: explained ? round(explained.planningMs, 3) : null,
        executionMsPerRequest: explained ? round(explained.executionMs, 3) : null,
        explainSkippedStatements: explained?.skipped ?? null,
      });
    }
  }
  if (!onlyNames || onlyNames.includes(WEBHOOK_STAGE)) webhooks = await benchWebhooks();
} finally {
  await Promise.all([...workers.values()].map((worker) => stopWorker(worker.child)));
  await db.close();
  await scratch?.drop();
}

console.log(
  `\nbench: ${connections} connections, ${duration} s per scenario, local ${databaseLabel} behind the Neon-protocol server\n`,
);
console.table(
  rows.map((row) => ({
    scenario: row.scenario,
    'delay ms': row.delayMs,
    'req/s': row.requestsPerSecond,
    'p50 ms': row.p50Ms,
    'p99 ms': row.p99Ms,
    'round trips/req': row.roundTripsPerRequest,
    'statements/req': row.statementsPerRequest,
    non2xx: row.non2xx,
    'Worker CPU ms/req': row.workerCpuMsPerRequest ?? '-',
    'proxy CPU ms/req': row.proxyCpuMsPerRequest ?? '-',
    'PG CPU ms/req': row.postgresCpuMsPerRequest ?? '-',
    'PG plan ms/req': row.planningMsPerRequest ?? '-',
    'PG exec ms/req': row.executionMsPerRequest ?? '-',
  })),
);
if (webhooks) {
  console.log(
    `webhooks (${WEBHOOK_CHECKOUT}, 0 ms): ${webhooks.deliveries} deliveries, event committed to delivered p50 ${webhooks.p50Ms} ms, p99 ${webhooks.p99Ms} ms, ${webhooks.deliveriesPerSecond ?? '-'} deliveries/s`,
  );
  console.log(
    `mail (same run, the mail API answering in ${MAIL_API_DELAY_MS} ms): ${webhooks.mails} order mails, order committed to mail accepted p50 ${webhooks.mailP50Ms} ms, p99 ${webhooks.mailP99Ms} ms; the checkouts, relay and mail after their responses: p50 ${webhooks.checkoutP50Ms} ms, p99 ${webhooks.checkoutP99Ms} ms`,
  );
}
if (notes.length) console.log(`notes:\n${notes.map((note) => `  ${note}`).join('\n')}`);
writeFileSync(
  'bench-results/bench.json',
  JSON.stringify(
    { date: new Date().toISOString(), database: databaseLabel, connections, durationSeconds: duration, rows, webhooks },
    null,
    2,
  ),
);
console.log('written: bench-results/bench.json');
