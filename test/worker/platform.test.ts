import { dereference, type Schema, validate } from '@cfworker/json-schema';
import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import { env } from 'cloudflare:workers';
import { describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/app';
import { drizzleDatabase } from '../../src/db/drizzle';
import { EVENT_TYPES } from '../../src/lib/event-topics';
import { api, countRoundTrips, jsonBody, requestApp } from '../helpers/api';
import { checkResponse, dropExamples, type RequestLine } from '../helpers/contract';
import { createTestStore } from '../helpers/stores';

/** The real app plus routes that fail on purpose, to pin how failures are answered. */
function appWithFailingRoutes() {
  const app = createApp();
  const echo = createRoute({
    method: 'post',
    path: '/__test/echo',
    request: {
      body: {
        content: {
          'application/json': { schema: z.object({ name: z.string().min(1), quantity: z.number().int() }).strict() },
        },
      },
    },
    responses: { 200: { description: 'echo' } },
  });
  app.openapi(echo, (c) => c.json(c.req.valid('json'), 200));
  app.get('/__test/boom', () => {
    throw new Error('secret detail: SELECT * FROM users at /src/app.ts:1');
  });
  app.get('/__test/throw-string', () => {
    throw 'a string, not an Error';
  });
  // Through drizzle's client, whose failed query wraps the driver's error (the handler unwraps both kinds).
  app.get('/__test/query-failure', async (c) => {
    await drizzleDatabase(c.env.DATABASE_URL).execute(sql`SELECT ${'secret-token-value'}::text, 1 / 0`);
    return c.text('unreachable');
  });
  app.get('/__test/sql-error', async (c) => {
    const db = drizzleDatabase(c.env.DATABASE_URL);
    await db.batch([
      db.execute(sql`CREATE TEMP TABLE probe (id int PRIMARY KEY) ON COMMIT DROP`),
      db.execute(sql`INSERT INTO probe VALUES (1), (1)`),
    ]);
    return c.text('unreachable');
  });
  return { request: (path: string, init?: RequestInit) => requestApp(app, path, init, env) };
}

async function expectProblem(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const problem = await response.json<Record<string, unknown>>();
  expect(problem).toMatchObject({ status, code, type: `/docs#problem-${code}` });
  expect(problem.instance).toBe(`urn:request:${response.headers.get('x-request-id')}`);
  return problem;
}

describe('GET /health', () => {
  it('reports the database reachable, in one round trip, never cached', async () => {
    const { result: response, requests } = await countRoundTrips(() => api('/health'));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await response.json<{ status: string; database: { reachable: boolean; latencyMs: number } }>();
    expect(body.status).toBe('ok');
    expect(body.database.reachable).toBe(true);
    expect(body.database.latencyMs).toBeGreaterThanOrEqual(0);
    expect(requests).toBe(1);
  });

  it('answers 503 degraded when the database cannot be reached', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const unreachable = { ...env, DATABASE_URL: 'postgres://local:local@127.0.0.1:9/commerce' };
    const response = await requestApp(createApp(), '/health', {}, unreachable);
    logged.mockRestore();
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: 'degraded', database: { reachable: false } });
  });
});

describe('GET /', () => {
  it('names the API and links to its reference, its OpenAPI document and its health', async () => {
    const response = await api('/');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      name: 'Edge Commerce API',
      version: '0.1.0',
      links: { docs: '/docs', openapi: '/openapi.json', health: '/health' },
    });
  });
});

describe('request ids', () => {
  it('gives each response a fresh UUIDv7 id', async () => {
    const [first, second] = await Promise.all([api('/health'), api('/health')]);
    const ids = [first!.headers.get('x-request-id'), second!.headers.get('x-request-id')];
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it('keeps a sane incoming X-Request-Id and replaces an unsafe one', async () => {
    const kept = await api('/health', { headers: { 'x-request-id': 'trace-1234-abcd' } });
    expect(kept.headers.get('x-request-id')).toBe('trace-1234-abcd');
    const replaced = await api('/health', { headers: { 'x-request-id': '<script>alert(1)</script>' } });
    expect(replaced.headers.get('x-request-id')).not.toContain('<');
  });
});

describe('problem+json errors', () => {
  it('answers an unknown route with a 404 problem', async () => {
    const problem = await expectProblem(await api('/no/such/route'), 404, 'not_found');
    expect(problem.detail).toContain('/no/such/route');
  });

  it('answers a malformed JSON body with a 400 problem', async () => {
    const response = await appWithFailingRoutes().request('/__test/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name": ',
    });
    await expectProblem(response, 400, 'bad_request');
  });

  it('answers a body that fails validation with 422 and field errors', async () => {
    const response = await appWithFailingRoutes().request(
      '/__test/echo',
      jsonBody({ name: '', quantity: 'many', extra: true }),
    );
    const problem = await expectProblem(response, 422, 'validation_failed');
    const paths = (problem.errors as { path: string; in: string }[]).map((error) => error.path).sort();
    expect(paths).toEqual(['', 'name', 'quantity']);
  });

  it('refuses a NUL character anywhere in what a request gives, naming its field, which the database could not', async () => {
    const echo = await appWithFailingRoutes().request('/__test/echo', jsonBody({ name: 'a\u0000b', quantity: 1 }));
    const problem = await expectProblem(echo, 422, 'validation_failed');
    expect(problem.errors).toEqual([expect.objectContaining({ in: 'json', path: 'name' })]);

    const store = await createTestStore();
    const search = await api(`/v1/stores/${store.slug}/products?q=hood%00ie`);
    expect((await expectProblem(search, 422, 'validation_failed')).errors).toEqual([
      expect.objectContaining({ in: 'query', path: 'q' }),
    ]);
  });

  it('answers an unknown failure with a generic 500 that leaks nothing, and logs it with the request id', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const response = await appWithFailingRoutes().request('/__test/boom');
    const problem = await expectProblem(response, 500, 'internal_error');
    expect(JSON.stringify(problem)).not.toMatch(/secret|stack|select|\.ts|at /i);
    const entry = JSON.parse(String(logged.mock.calls[0]?.[0]));
    logged.mockRestore();
    expect(entry).toMatchObject({
      level: 'error',
      requestId: response.headers.get('x-request-id'),
      message: expect.stringContaining('secret detail'),
    });
  });

  it('answers a thrown non-Error with the same generic 500', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const response = await appWithFailingRoutes().request('/__test/throw-string');
    logged.mockRestore();
    await expectProblem(response, 500, 'internal_error');
  });

  it('logs a failed query with its SQL and database error but never its parameters', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const response = await appWithFailingRoutes().request('/__test/query-failure');
    const lines = logged.mock.calls.map((call) => String(call[0]));
    logged.mockRestore();
    await expectProblem(response, 500, 'internal_error');
    const entry = JSON.parse(lines.at(-1)!);
    expect(entry).toMatchObject({
      requestId: response.headers.get('x-request-id'),
      query: expect.stringContaining('1 / 0'),
      cause: { code: '22012' },
    });
    expect(lines.join('\n')).not.toContain('secret-token-value');
  });

  it('maps a database error to a problem without SQL', async () => {
    const response = await appWithFailingRoutes().request('/__test/sql-error');
    const problem = await expectProblem(response, 409, 'conflict');
    expect(JSON.stringify(problem)).not.toMatch(/select|insert|constraint|pg_/i);
  });
});

/** A media type object: its schema and its whole-body example, or examples by name. */
interface MediaType {
  schema: Schema;
  example?: unknown;
  examples?: Record<string, { summary?: string; value: unknown }>;
}

interface OpenApiOperation {
  operationId?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; schema?: unknown; style?: string; explode?: boolean }[];
  requestBody?: { content: Record<string, MediaType> };
  responses?: Record<string, { content?: Record<string, MediaType> }>;
}

/** The examples of a media type, by name (`example` when there is a single one). */
function examplesOf(media: MediaType): [string, unknown][] {
  if (media.examples) return Object.entries(media.examples).map(([name, example]) => [name, example.value]);
  return media.example === undefined ? [] : [['example', media.example]];
}

/**
 * Takes the whole-body examples out of `document`, each with where it is
 * and what it must match, and names the operations whose JSON request body
 * has none, and the 2xx JSON answers (`operationId status`) that have none.
 * Out, as the contract check takes them (`dropExamples`), because they are
 * data: `dereference` would read the `id` of an example as a schema's id.
 */
function takeExamples(document: OpenApiDocument) {
  const requests: { where: string; value: unknown; schema: Schema }[] = [];
  const responses: { where: string; value: unknown; request: RequestLine; status: number; type: string }[] = [];
  const bodiesWithout: string[] = [];
  const answersWithout: string[] = [];
  for (const [template, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const name = operation.operationId ?? `${method} ${template}`;
      const body = operation.requestBody?.content['application/json'];
      if (body && examplesOf(body).length === 0) bodiesWithout.push(name);
      for (const [example, value] of body ? examplesOf(body) : []) {
        requests.push({ where: `${name} request body, ${example}`, value, schema: body!.schema });
      }
      const request = { method: method.toUpperCase(), url: `https://api.test${template}` };
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const json = response.content?.['application/json'];
        if (status.startsWith('2') && json && examplesOf(json).length === 0) answersWithout.push(`${name} ${status}`);
        for (const [type, media] of Object.entries(response.content ?? {})) {
          for (const [example, value] of examplesOf(media)) {
            responses.push({
              where: `${name} ${status} ${type}, ${example}`,
              value,
              request,
              status: Number(status),
              type,
            });
          }
        }
      }
    }
  }
  dropExamples(document);
  return { requests, responses, bodiesWithout, answersWithout };
}

interface OpenApiDocument {
  servers: { url: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, Partial<Record<'get' | 'post' | 'put' | 'patch' | 'delete', OpenApiOperation>>>;
  components: { schemas: Record<string, unknown> };
}

describe('OpenAPI and docs', () => {
  it('serves an OpenAPI 3.1 document generated from the routes', async () => {
    const response = await api('/openapi.json', { headers: { origin: 'https://editor.example' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const document = await response.json<{
      openapi: string;
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    }>();
    expect(document.openapi).toBe('3.1.0');
    expect(document.paths['/health']).toBeDefined();
    expect(document.components.schemas.Problem).toBeDefined();
    expect(Object.keys((document.components as { securitySchemes?: object }).securitySchemes ?? {}).sort()).toEqual([
      'apiKey',
      'userToken',
    ]);
    expect(Object.keys(document.paths).some((path) => path.startsWith('/__test'))).toBe(false);
  });

  it('names, tags and secures every operation, and types what clients send', async () => {
    const document = await (await api('/openapi.json')).json<OpenApiDocument>();
    const operations = Object.values(document.paths).flatMap((item) => Object.values(item));
    const ids = operations.map((operation) => operation.operationId);
    expect(
      ids.every((id) => /^[a-z][A-Za-z]+$/.test(id ?? '')),
      'camelCase operationIds',
    ).toBe(true);
    expect(new Set(ids).size).toBe(operations.length);
    expect(operations.every((operation) => Array.isArray(operation.security))).toBe(true);
    const declared = new Set(document.tags.map((tag) => tag.name));
    expect(operations.flatMap((operation) => operation.tags ?? []).every((tag) => declared.has(tag))).toBe(true);
    expect(document.tags.every((tag) => tag.description.length > 0)).toBe(true);
    expect(document.servers).toEqual([expect.objectContaining({ url: '/' })]);

    const list = document.paths['/v1/stores/{store}/products']!.get!;
    expect(list.security).toEqual([]);
    const parameter = (name: string) => list.parameters?.find((p) => p.name === name);
    expect(parameter('inStock')?.schema).toMatchObject({ type: 'boolean' });
    expect(parameter('featured')?.schema).toMatchObject({ type: 'boolean' });
    expect(parameter('options')).toMatchObject({ in: 'query', style: 'form', explode: true });

    const checkout = document.components.schemas.Checkout as { allOf: { oneOf?: { required: string[] }[] }[] };
    const choices = checkout.allOf.flatMap((part) => (part.oneOf ? [part.oneOf.map((one) => one.required[0])] : []));
    expect(choices).toEqual([
      ['cartId', 'items'],
      ['shippingAddress', 'shippingAddressId'],
    ]);
    expect(document.paths['/v1/stores/{store}/checkout']!.post!.security).toEqual([{}, { userToken: [] }]);
  });

  it('shows a whole example of every JSON request body and 2xx JSON answer, and every example keeps to its schema', async () => {
    const document = await (await api('/openapi.json')).json<OpenApiDocument>();
    const { requests, responses, bodiesWithout, answersWithout } = takeExamples(document);
    expect(bodiesWithout, 'JSON request bodies without an example').toEqual([]);
    expect(answersWithout, '2xx JSON answers without an example').toEqual([]);
    expect(responses.length, 'response examples').toBeGreaterThanOrEqual(30);

    // The whole document is one schema resource, so `#/components/...` refs resolve wherever they appear.
    const lookup = dereference(
      document as unknown as Schema,
      Object.create(null),
      new URL('https://api.test/openapi.json'),
    );
    const broken: string[] = [];
    for (const { where, value, schema } of requests) {
      const result = validate(value, schema, '2020-12', lookup, false);
      if (!result.valid)
        broken.push(`${where}: ${result.errors.map((e) => `${e.instanceLocation} ${e.error}`).join(' ')}`);
    }
    // A response example passes the check every real answer passes: no key the document does not name.
    for (const { where, value, request, status, type } of responses) {
      const answer = new Response(JSON.stringify(value), { status, headers: { 'content-type': type } });
      await checkResponse(request, answer).catch((error: Error) => broken.push(`${where}: ${error.message}`));
    }
    expect(broken).toEqual([]);
  });

  it('documents every event topic as a webhook: the Standard Webhooks headers and a body with the topic’s payload', async () => {
    type JsonSchema = { required?: string[]; properties?: Record<string, unknown> };
    const document = await (await api('/openapi.json')).json<{
      webhooks: Record<
        string,
        { post: { parameters: { name: string }[]; requestBody: { content: Record<string, { schema: JsonSchema }> } } }
      >;
    }>();
    expect(Object.keys(document.webhooks).sort()).toEqual([...EVENT_TYPES].sort());
    for (const [topic, item] of Object.entries(document.webhooks)) {
      expect(item.post.parameters.map((parameter) => parameter.name)).toEqual([
        'webhook-id',
        'webhook-timestamp',
        'webhook-signature',
      ]);
      const body = item.post.requestBody.content['application/json']!.schema;
      expect(body.required).toEqual(['type', 'timestamp', 'data']);
      expect(body.properties?.type).toEqual({ type: 'string', enum: [topic] });
      expect(body.properties?.data).toMatchObject({ type: 'object' });
    }
  });

  it('lists every problem type in the introduction, where a problem’s /docs#problem-<code> lands', async () => {
    const document = await (await api('/openapi.json')).json<{ info: { description: string }; servers: object[] }>();
    expect(document.info.description).toContain('## Problem types');
    expect(document.info.description).toContain('| `insufficient_stock` | 409 | Insufficient stock |');
    // Relative, so the reference's try-it sends its requests to the origin that served it.
    expect(document.servers).toEqual([{ url: '/', description: 'This deployment' }]);
  });

  it('serves the reference at /docs from static assets, which load nothing from another origin', async () => {
    // SELF and exports.default.fetch reach the Worker alone: here the asset router answers only through ASSETS.
    expect((await api('/docs')).status).toBe(404);
    const page = await env.ASSETS.fetch('https://api.test/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('<script src="/docs/scalar/standalone.js"></script>');
    expect(html).toContain("url: '/openapi.json'");
    expect(html).toContain('withDefaultFonts: false');
    expect(html).not.toMatch(/https?:|\/\/[a-z]/i);
    const withSlash = await env.ASSETS.fetch('https://api.test/docs/', { redirect: 'manual' });
    expect(withSlash.status).toBe(307);
    expect(new URL(withSlash.headers.get('location')!, 'https://api.test/').pathname).toBe('/docs');
  });
});
