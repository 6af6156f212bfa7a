import { describe, expect, it } from 'vitest';
import { api, countRoundTrips } from '../helpers/api';
import { createTestStore } from '../helpers/stores';

describe('GET /v1/stores/{store}', () => {
  it('answers the public profile of an active store in one round trip', async () => {
    const store = await createTestStore({
      name: 'Tienda Prueba',
      currency: 'ARS',
      taxRateBps: 2100,
      channels: { whatsapp: '+5491100000000' },
      settings: { stripe: { secretKeyCiphertext: 'never-shown' }, lowStockThreshold: 3 },
    });
    const { result: response, requests } = await countRoundTrips(() => api(`/v1/stores/${store.slug}`));
    expect(response.status).toBe(200);
    const body = await response.json<Record<string, unknown>>();
    expect(body).toEqual({
      id: store.id,
      slug: store.slug,
      name: 'Tienda Prueba',
      description: null,
      currency: 'ARS',
      taxRateBps: 2100,
      timezone: 'UTC',
      logoUrl: null,
      coverUrl: null,
      address: null,
      contactEmail: null,
      contactPhone: null,
      channels: { whatsapp: '+5491100000000' },
    });
    expect(JSON.stringify(body)).not.toContain('never-shown');
    expect(requests).toBe(1);
  });

  it('is a 404 problem for an unknown, malformed, suspended or closed store', async () => {
    const suspended = await createTestStore({ status: 'suspended' });
    const closed = await createTestStore({ status: 'closed' });
    for (const slug of ['no-such-store', 'NOT%20A%20SLUG', suspended.slug, closed.slug, 'x'.repeat(64)]) {
      const response = await api(`/v1/stores/${slug}`);
      expect(response.status, slug).toBe(slug.length > 63 ? 422 : 404);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
    }
  });
});
