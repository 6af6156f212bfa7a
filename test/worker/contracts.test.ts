import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { api, requestApp } from '../helpers/api';
import { createCatalogStore } from '../helpers/catalog';
import { createTestStore } from '../helpers/stores';
import { checkResponse } from '../helpers/contract';

/**
 * The response contract itself: `api()` checks every answer against the
 * app's OpenAPI document, so these take a real answer, change it the way
 * drifting SQL or a careless route would, and show the checker refusing it.
 */

/** A real product answer from the Worker, its request line, and its parsed body. */
async function realProduct() {
  const catalog = await createCatalogStore();
  const url = `https://api.test/v1/stores/${catalog.slug}/products/buzo-crop`;
  const response = await api(url);
  expect(response.status).toBe(200);
  const body = await response.json<Record<string, unknown> & { variants: Record<string, unknown>[] }>();
  return { request: { method: 'GET', url }, response, body };
}

/** `body` answered as `original` was: same status and headers unless told otherwise. */
function answer(original: Response, body: unknown, status = original.status): Response {
  return new Response(JSON.stringify(body), { status, headers: original.headers });
}

describe('the response contract', () => {
  it('passes a real answer, and leaves its body readable', async () => {
    const { request, response, body } = await realProduct();
    expect(body.name).toBeTruthy();
    await expect(checkResponse(request, answer(response, body))).resolves.toBeUndefined();
  });

  it('refuses a renamed key, naming the request, the operation, the status and the key both ways', async () => {
    const { request, response, body } = await realProduct();
    const { name, ...rest } = body;
    const renamed = { ...rest, title: name };
    const check = checkResponse(request, answer(response, renamed));
    await expect(check).rejects.toThrow(/GET \/v1\/stores\/[^ ]+\/products\/buzo-crop/);
    await expect(check).rejects.toThrow('(GET /v1/stores/{store}/products/{idOrSlug}), status 200');
    await expect(check).rejects.toThrow('#: Instance does not have required property "name"');
    await expect(check).rejects.toThrow('#/title: "title" is a key the document does not name');
  });

  it('refuses a key the document does not name, however deep', async () => {
    const { request, response, body } = await realProduct();
    const [first, ...others] = body.variants;
    const leaky = { ...body, variants: [{ ...first, onHand: 12 }, ...others] };
    const check = checkResponse(request, answer(response, leaky));
    await expect(check).rejects.toThrow('#/variants/0/onHand: "onHand" is a key the document does not name');
  });

  it('refuses a value of the wrong type or outside its enum', async () => {
    const { request, response, body } = await realProduct();
    const [first, ...others] = body.variants;
    const wrong = { ...body, featured: 'yes', variants: [{ ...first, availability: 'plenty' }, ...others] };
    const message = await checkResponse(request, answer(response, wrong)).then(
      () => '',
      (error: Error) => error.message,
    );
    expect(message).toContain('#/featured: Instance type "string" is invalid. Expected "boolean".');
    expect(message).toContain('#/variants/0/availability: Instance does not match any of');
    // A documented key whose value is wrong is not also called undocumented.
    expect(message).not.toContain('is a key the document does not name');
  });

  it('refuses a status the operation does not declare', async () => {
    const { request, response, body } = await realProduct();
    await expect(checkResponse(request, answer(response, body, 202))).rejects.toThrow(
      'status 202: the operation does not declare this status',
    );
  });

  it('refuses an answer to an unknown route that is not a problem', async () => {
    const unknown = { method: 'GET', url: 'https://api.test/v1/no/such/route' };
    const plain = new Response(JSON.stringify({ ok: true }), {
      status: 404,
      headers: { 'content-type': 'application/json' },
    });
    await expect(checkResponse(unknown, plain)).rejects.toThrow(
      'no operation, status 404: an unknown route must answer a problem',
    );
    const real = await api('/v1/no/such/route');
    expect(real.status).toBe(404);
    const { code, ...incomplete } = await real.json<Record<string, unknown>>();
    expect(code).toBe('not_found');
    const problem = new Response(JSON.stringify(incomplete), { status: 404, headers: real.headers });
    await expect(checkResponse(unknown, problem)).rejects.toThrow('required property "code"');
  });

  it('matches a literal path segment before a parameter', async () => {
    const lowStock = { method: 'GET', url: 'https://api.test/v1/admin/stores/any/inventory/low-stock' };
    const emptyPage = () =>
      new Response(JSON.stringify({ data: [], nextCursor: null }), { headers: { 'content-type': 'application/json' } });
    // As `/inventory/{variantId}` this page would be a variant's stock with every key missing.
    await expect(checkResponse(lowStock, emptyPage())).resolves.toBeUndefined();
    const teapot = new Response('{}', { status: 418, headers: { 'content-type': 'application/json' } });
    await expect(checkResponse(lowStock, teapot)).rejects.toThrow('(GET /v1/admin/stores/{store}/inventory/low-stock)');
    const oneVariant = { method: 'GET', url: `https://api.test/v1/admin/stores/any/inventory/${crypto.randomUUID()}` };
    await expect(checkResponse(oneVariant, emptyPage())).rejects.toThrow(
      '(GET /v1/admin/stores/{store}/inventory/{variantId})',
    );
  });

  it('fails the request itself when an app answers a renamed key, as api() does for the Worker', async () => {
    const store = await createTestStore();
    const real = await (await api(`/v1/stores/${store.slug}`)).json<Record<string, unknown>>();
    const { name, ...rest } = real;
    expect(name).toBe(store.name);
    const drifted = new Hono().get('/v1/stores/:store', (c) => c.json({ ...rest, storeName: name }));
    await expect(requestApp(drifted, `/v1/stores/${store.slug}`)).rejects.toThrow(
      /GET \/v1\/stores\/test-[^ ]+ → .*\(GET \/v1\/stores\/\{store\}\), status 200: the body does not match its schema:\n.*required property "name"/,
    );
  });
});
