import { NeonDbError } from '@neondatabase/serverless';
import { and, eq } from 'drizzle-orm';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { describe, expect, it, vi } from 'vitest';
import { orders, stores } from '../../src/db/schema';
import { databaseProblem, isDatabaseUnavailable } from '../../src/db/sql/errors';
import { uuidv7 } from '../../src/lib/ids';
import { api } from '../helpers/api';
import { createCatalogStore } from '../helpers/catalog';
import { checkoutBody, expectLedgerReconciles, postCheckout, stockOf, type PlacedOrder } from '../helpers/checkout';
import { armDatabaseFault, clearDatabaseFault } from '../helpers/faults';
import { testDb } from '../helpers/stores';

/**
 * The API while its database is away: the local server's fault switch
 * refuses requests (503), resets connections (the driver's fetch throws), or
 * runs a request and drops its answer after COMMIT (the ambiguous failure).
 */

type Problem = { status: number; code: string; detail: string; instance: string };

/** The 503 an outage answers: problem+json, retry advice, nothing of the database in it. */
async function expectUnavailable(response: Response): Promise<Problem> {
  const text = await response.text();
  expect(response.status, text).toBe(503);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  expect(response.headers.get('retry-after')).toBe('5');
  const problem = JSON.parse(text) as Problem;
  expect(problem).toMatchObject({ status: 503, code: 'service_unavailable' });
  expect(problem.instance).toBe(`urn:request:${response.headers.get('x-request-id')}`);
  expect(text).not.toMatch(/select|insert|update|from |\$\d|postgres|neon|127\.0\.0\.1|\/sql|at /i);
  return problem;
}

async function ordersUnderKey(storeId: string, key: string) {
  return testDb()
    .select({ id: orders.id, number: orders.number })
    .from(orders)
    .where(and(eq(orders.storeId, storeId), eq(orders.idempotencyKey, key)));
}

// The first checkout of a run took 4 to 6 s on this machine, on either database (later ones take tens of ms): room for it.
describe('checkout while the database is unavailable', { timeout: 20_000 }, () => {
  it('answers 503 with Retry-After when the database refuses or drops the connection, and writes nothing', async () => {
    const catalog = await createCatalogStore();
    const hoodie = catalog.variant('BAL-HOE-NEG-M');
    const before = await stockOf(hoodie.id!);
    const body = checkoutBody(catalog, { items: [{ variantId: hoodie.id, quantity: 2 }] });
    const key = `outage-${uuidv7()}`;

    for (const mode of ['refuse', 'reset'] as const) {
      await armDatabaseFault({ mode, count: 1 });
      await expectUnavailable(await postCheckout(catalog.slug, body, { key }));
    }
    expect(await ordersUnderKey(catalog.storeId, key)).toEqual([]);
    expect(await stockOf(hoodie.id!)).toEqual(before);

    // Back: the retry with the same key places the order, once.
    const retried = await postCheckout(catalog.slug, body, { key });
    expect(retried.status, await retried.clone().text()).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    expect(await ordersUnderKey(catalog.storeId, key)).toHaveLength(1);
    await expectLedgerReconciles(catalog.storeId);
  });

  it('logs the outage as one JSON line with the request id, naming no query', async () => {
    const catalog = await createCatalogStore();
    const body = checkoutBody(catalog, { items: [{ variantId: catalog.variant('BAL-HOE-NEG-M').id, quantity: 1 }] });
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      await armDatabaseFault({ mode: 'refuse', count: 1 });
      const response = await postCheckout(catalog.slug, body);
      await expectUnavailable(response);
      const lines = logged.mock.calls.map(([line]) => String(line));
      const entry = lines.map((line) => JSON.parse(line)).find((line) => line.code === 'service_unavailable');
      expect(entry).toMatchObject({
        level: 'error',
        requestId: response.headers.get('x-request-id'),
        method: 'POST',
        message: 'database unavailable',
      });
      expect(lines.join('\n')).not.toMatch(/insert into|select /i);
    } finally {
      logged.mockRestore();
    }
  });

  it('gives exactly one order when the answer was lost after COMMIT and the checkout is retried with its key', async () => {
    const catalog = await createCatalogStore();
    const hoodie = catalog.variant('BAL-HOE-NEG-M');
    const before = await stockOf(hoodie.id!);
    const body = checkoutBody(catalog, { items: [{ variantId: hoodie.id, quantity: 2 }] });
    const key = `ambiguous-${uuidv7()}`;

    await armDatabaseFault({ mode: 'drop-answer', count: 1 });
    await expectUnavailable(await postCheckout(catalog.slug, body, { key }));
    // The transaction committed although nobody heard it.
    const [committed, ...others] = await ordersUnderKey(catalog.storeId, key);
    expect(committed).toBeDefined();
    expect(others).toEqual([]);

    const retried = await postCheckout(catalog.slug, body, { key });
    expect(retried.status, await retried.clone().text()).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    const order = await retried.json<PlacedOrder>();
    expect([order.id, order.number]).toEqual([committed!.id, committed!.number]);
    expect(await ordersUnderKey(catalog.storeId, key)).toHaveLength(1);
    const after = await stockOf(hoodie.id!);
    expect(after.reserved).toBe(before.reserved + 2);
    await expectLedgerReconciles(catalog.storeId);
  });
});

describe('storefront catalog while the database is unavailable', () => {
  it('keeps serving pages cached before the outage, marked stale, and answers 503 for pages never cached', async () => {
    // Max-age 0: every cached page is past its max-age, so only the outage makes the cache answer.
    const catalog = await createCatalogStore({ settings: { catalogCacheMaxAgeSeconds: 0 } });
    const list = `/v1/stores/${catalog.slug}/products?limit=5`;
    const detail = `/v1/stores/${catalog.slug}/products/buzo-crop`;
    const cached = new Map<string, { body: string; etag: string | null }>();
    for (const path of [list, detail]) {
      const response = await api(path);
      expect(response.status).toBe(200);
      expect(response.headers.get('x-catalog-cache')).toBe('miss');
      expect(response.headers.get('cache-control')).toBe(
        'public, max-age=0, stale-while-revalidate=600, stale-if-error=86400',
      );
      cached.set(path, { body: await response.text(), etag: response.headers.get('etag') });
    }

    await armDatabaseFault({ mode: 'reset' });
    for (const path of [list, detail]) {
      const stale = await api(path);
      expect(stale.status, path).toBe(200);
      expect(stale.headers.get('x-catalog-cache')).toBe('stale');
      expect(Number(stale.headers.get('age'))).toBeGreaterThan(0);
      expect(stale.headers.get('cache-control')).toContain('stale-if-error=86400');
      expect(stale.headers.get('etag')).toBe(cached.get(path)!.etag);
      expect(await stale.text()).toBe(cached.get(path)!.body);
      // A storefront revalidating its copy gets a 304, stale or not.
      const revalidated = await api(path, { headers: { 'if-none-match': cached.get(path)!.etag! } });
      expect(revalidated.status).toBe(304);
      expect(revalidated.headers.get('x-catalog-cache')).toBe('stale');
      expect(Number(revalidated.headers.get('age'))).toBeGreaterThan(0);
    }
    await expectUnavailable(await api(`/v1/stores/${catalog.slug}/products/hoodie-oversize-essential`));
    await expectUnavailable(await api(`/v1/stores/${catalog.slug}/products?limit=6`));

    await clearDatabaseFault();
    for (const path of [list, detail]) {
      const fresh = await api(path);
      expect(fresh.status).toBe(200);
      expect(fresh.headers.get('x-catalog-cache')).toBe('miss');
      expect(fresh.headers.get('age')).toBeNull();
    }
    expect((await api(`/v1/stores/${catalog.slug}/products/hoodie-oversize-essential`)).status).toBe(200);
  });

  it('answers a fresh page from the cache as before, outage or not', async () => {
    const catalog = await createCatalogStore();
    const path = `/v1/stores/${catalog.slug}/categories`;
    await api(path);
    await armDatabaseFault({ mode: 'refuse' });
    const hit = await api(path);
    expect(hit.status).toBe(200);
    expect(hit.headers.get('x-catalog-cache')).toBe('hit');
    expect(Number(hit.headers.get('age') ?? 0)).toBeLessThanOrEqual(60);
  });

  it('serves nothing stale for an error that is not an outage', async () => {
    const catalog = await createCatalogStore({ settings: { catalogCacheMaxAgeSeconds: 0 } });
    const path = `/v1/stores/${catalog.slug}/products/buzo-crop`;
    expect((await api(path)).status).toBe(200);
    // The store goes away: the database answers, and its answer is a 404.
    await testDb().update(stores).set({ status: 'suspended' }).where(eq(stores.id, catalog.storeId));
    expect((await api(path)).status).toBe(404);
  });
});

describe('what counts as the database being unavailable', () => {
  /** The neon driver's error as it builds one: a Postgres answer (HTTP 400 with fields), another status, or a failed fetch. */
  function driverError(message: string, fields: { code?: string; sourceError?: Error } = {}): NeonDbError {
    return Object.assign(new NeonDbError(message), fields);
  }

  it('is an outage when the endpoint is unreachable, answers a retryable status, or Postgres drops or refuses the connection', () => {
    const outages = [
      driverError('Error connecting to database: TypeError: fetch failed', {
        sourceError: new TypeError('fetch failed'),
      }),
      driverError('Server error (HTTP status 500): could not connect to compute'),
      driverError('Server error (HTTP status 502): bad gateway'),
      driverError('Server error (HTTP status 503): refused'),
      driverError('Server error (HTTP status 429): too many requests'),
      ...['57P01', '57P02', '57P03', '53300', '08000', '08003', '08006', '08001', '08004', '08007'].map((code) =>
        driverError('connection trouble', { code }),
      ),
    ];
    for (const error of outages) {
      expect(isDatabaseUnavailable(error), `${error.message} ${error.code ?? ''}`).toBe(true);
      // As drizzle's db.execute reports it, with the driver's error on `cause`.
      expect(isDatabaseUnavailable(new DrizzleQueryError('SELECT 1', [], error))).toBe(true);
    }
  });

  it('is no outage when the request or the data is wrong, and constraint errors keep their mapping', () => {
    const others = [
      driverError('duplicate key value violates unique constraint', { code: '23505' }),
      driverError('relation does not exist', { code: '42P01' }),
      driverError('could not serialize access', { code: '40001' }),
      driverError('protocol violation', { code: '08P01' }),
      driverError('request body is not valid JSON'),
      driverError('Server error (HTTP status 404): no route'),
      driverError('Server error (HTTP status 507): response is too large'),
      new Error('Connection terminated'),
      new TypeError('x is undefined'),
    ];
    for (const error of others) expect(isDatabaseUnavailable(error), error.message).toBe(false);
    expect(isDatabaseUnavailable('not an error')).toBe(false);
    expect(databaseProblem(new DrizzleQueryError('INSERT', [], driverError('dup', { code: '23505' })))).toMatchObject({
      code: 'conflict',
    });
    expect(databaseProblem(driverError('terminating connection', { code: '57P01' }))).toBeUndefined();
  });
});
