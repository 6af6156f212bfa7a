import { env } from 'cloudflare:workers';
import { describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/app';
import { api, countRoundTrips, requestApp } from '../helpers/api';
import { accessTokenFor, bearer, createTestUser } from '../helpers/auth';
import { createCatalogStore } from '../helpers/catalog';
import { createTestStore } from '../helpers/stores';

interface AccessLine {
  level: string;
  message: string;
  requestId: string;
  method: string;
  path: string;
  route: string | null;
  status: number;
  durationMs: number;
  store: string | null;
  roundTrips: number;
  cacheHit: boolean | null;
}

/** Runs one request and answers its response with the access lines logged meanwhile (there should be one). */
async function logged(request: () => Promise<Response>): Promise<{ response: Response; lines: AccessLine[] }> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    const response = await request();
    const lines = log.mock.calls
      .map(([line]) => (typeof line === 'string' && line.startsWith('{') ? JSON.parse(line) : undefined))
      .filter((line): line is AccessLine => line?.message === 'request');
    return { response, lines };
  } finally {
    log.mockRestore();
  }
}

describe('access log', () => {
  it('writes one line per catalog read: a miss with its round trip, then a hit with none', async () => {
    const catalog = await createCatalogStore();
    const path = `/v1/stores/${catalog.slug}/products?limit=2`;
    const miss = await countRoundTrips(() => logged(() => api(path)));
    const hit = await countRoundTrips(() => logged(() => api(path)));

    expect(miss.result.lines).toEqual([
      {
        level: 'info',
        message: 'request',
        requestId: miss.result.response.headers.get('x-request-id'),
        method: 'GET',
        path: `/v1/stores/${catalog.slug}/products`,
        route: '/v1/stores/:store/products',
        status: 200,
        durationMs: expect.any(Number),
        store: catalog.slug,
        roundTrips: 1,
        cacheHit: false,
      },
    ]);
    expect(miss.requests).toBe(miss.result.lines[0]!.roundTrips);
    expect(hit.result.lines).toHaveLength(1);
    expect(hit.result.lines[0]).toMatchObject({ status: 200, roundTrips: 0, cacheHit: true, store: catalog.slug });
    expect(hit.requests).toBe(0);
  });

  it('logs an unknown route with no route, store or round trip', async () => {
    const { response, lines } = await logged(() => api('/v1/stores/some-store/no-such-thing'));
    expect(response.status).toBe(404);
    expect(lines).toEqual([
      expect.objectContaining({
        requestId: response.headers.get('x-request-id'),
        path: '/v1/stores/some-store/no-such-thing',
        route: null,
        status: 404,
        store: null,
        roundTrips: 0,
        cacheHit: null,
      }),
    ]);
  });

  it('logs an admin request with its store and the round trips it made', async () => {
    const store = await createTestStore();
    const token = await accessTokenFor(await createTestUser(), [{ id: store.id, slug: store.slug, role: 'owner' }]);
    const { result, requests } = await countRoundTrips(() =>
      logged(() => api(`/v1/admin/stores/${store.slug}/products`, bearer(token))),
    );
    expect(result.response.status).toBe(200);
    expect(result.lines).toEqual([
      expect.objectContaining({
        route: '/v1/admin/stores/:store/products',
        status: 200,
        store: store.slug,
        roundTrips: requests,
        cacheHit: null,
      }),
    ]);
    expect(requests).toBe(1);
  });

  it('writes the access line of a failed request too, beside its error line, with the same request id', async () => {
    const app = createApp();
    app.get('/__test/boom', () => {
      throw new Error('boom');
    });
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { response, lines } = await logged(() => requestApp(app, '/__test/boom', {}, env));
    const errorLine = JSON.parse(String(errors.mock.calls[0]?.[0]));
    errors.mockRestore();
    const requestId = response.headers.get('x-request-id');
    expect(response.status).toBe(500);
    expect(errorLine).toMatchObject({ level: 'error', requestId });
    expect(lines).toEqual([expect.objectContaining({ requestId, route: '/__test/boom', status: 500, roundTrips: 0 })]);
  });
});
