import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { prices, shippingRates, stores } from '../../src/db/schema';
import { uuidv7 } from '../../src/lib/ids';
import { api, countRoundTrips, jsonBody } from '../helpers/api';
import { bearer, createStoreWithTeam, createTestApiKey, registerThroughApi } from '../helpers/auth';
import { createCatalogStore } from '../helpers/catalog';
import { checkoutBody, postCheckout } from '../helpers/checkout';
import { adminCaller, ownerOf, placeOrder } from '../helpers/payments';
import { auditRowsOf, deleteStoreAfterTest, testDb } from '../helpers/stores';

type AnyJson = Record<string, any>;

const DEFAULT_SETTINGS = {
  paymentMethods: null,
  bankTransferInstructions: null,
  zelleInstructions: null,
  taxRateBps: 0,
  pricesIncludeTax: false,
  reservationTtlMinutes: 30,
  lowStockThreshold: 5,
  catalogCacheMaxAgeSeconds: 60,
  catalogCacheStaleWhileRevalidateSeconds: 600,
  vipTotalSpent: null,
  language: 'en',
  mailSenderName: null,
  mailReplyTo: null,
  storefrontUrl: null,
};

/** A store of its own (USD, no catalog) whose settings hold sealed Stripe keys, and its owner's admin calls. */
async function freshStore() {
  const team = await createStoreWithTeam();
  const stripe = { publishableKey: 'pk_test_kept', secretKeyCiphertext: 'sealed-secret-never-shown' };
  await testDb().update(stores).set({ settings: { stripe } }).where(eq(stores.id, team.store.id));
  return { team, stripe, call: adminCaller(team.store.slug, team.tokens.owner) };
}

async function storedSettings(storeId: string) {
  const [row] = await testDb().select().from(stores).where(eq(stores.id, storeId));
  return row!;
}

describe('GET /v1/admin/stores/{store}', () => {
  it('answers the profile, status and settings as they apply, never the Stripe keys, in one round trip', async () => {
    const { team, call } = await freshStore();
    const { requests, result } = await countRoundTrips(() => call('GET', ''));
    expect(result.status, await result.clone().text()).toBe(200);
    expect(requests).toBe(1);
    const body = await result.json<AnyJson>();
    expect(body).toEqual({
      id: team.store.id,
      slug: team.store.slug,
      name: team.store.name,
      description: null,
      currency: 'USD',
      taxRateBps: 0,
      timezone: 'UTC',
      logoUrl: null,
      coverUrl: null,
      contactEmail: null,
      contactPhone: null,
      address: null,
      channels: {},
      taxId: null,
      status: 'active',
      settings: DEFAULT_SETTINGS,
      paymentMethodsOffered: ['cod'],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(JSON.stringify(body)).not.toMatch(/sealed-secret|pk_test_kept|stripe/);
  });

  it('is a 404 with another store’s owner token or API key', async () => {
    const { team } = await freshStore();
    const other = await createStoreWithTeam();
    const key = await createTestApiKey(other.store, ['store:read', 'store:write']);
    for (const credential of [other.tokens.owner, key.secret]) {
      const call = adminCaller(team.store.slug, credential);
      expect((await call('GET', '')).status).toBe(404);
      expect((await call('PATCH', '', { name: 'Taken over' })).status).toBe(404);
    }
    expect((await storedSettings(team.store.id)).name).toBe(team.store.name);
  });
});

describe('PATCH /v1/admin/stores/{store}: the profile', () => {
  it('changes every profile field, trimmed, in one round trip; the storefront profile shows them; null clears them', async () => {
    const { team, call } = await freshStore();
    const change = {
      name: '  Tienda Nueva  ',
      description: 'Ropa urbana de algodón.',
      logoUrl: 'https://images.example.com/logo.png',
      coverUrl: 'http://images.example.com/cover.jpg',
      contactEmail: 'Hola@Tienda.Example',
      contactPhone: '+54 11 5555-0100',
      address: { line1: 'Av. Santa Fe 3253', line2: null, city: 'Buenos Aires', postalCode: 'C1425', country: 'AR' },
      timezone: 'America/Argentina/Buenos_Aires',
      taxId: '30-71754321-9',
      channels: { instagram: 'tienda.nueva', website: 'https://tienda.example' },
      currency: 'ARS',
    };
    const { requests, result } = await countRoundTrips(() => call('PATCH', '', change));
    expect(result.status, await result.clone().text()).toBe(200);
    expect(requests).toBe(1);
    const expected = { ...change, name: 'Tienda Nueva', contactEmail: 'hola@tienda.example' };
    expect(await result.json()).toMatchObject({ ...expected, settings: DEFAULT_SETTINGS });

    const { taxId: _private, ...shown } = expected;
    expect(await (await api(`/v1/stores/${team.store.slug}`)).json()).toMatchObject(shown);
    expect(JSON.stringify(await (await api(`/v1/stores/${team.store.slug}`)).json())).not.toContain('30-71754321-9');

    const clearing = {
      description: null,
      logoUrl: null,
      coverUrl: null,
      contactEmail: null,
      contactPhone: null,
      address: null,
      taxId: null,
      channels: {},
    };
    const cleared = await call('PATCH', '', clearing);
    expect(cleared.status, await cleared.clone().text()).toBe(200);
    expect(await cleared.json()).toMatchObject({
      ...clearing,
      name: 'Tienda Nueva',
      timezone: 'America/Argentina/Buenos_Aires',
    });
    expect(await auditRowsOf(team.store.id, 'store.updated')).toHaveLength(2);
  });

  it('refuses every malformed change with a 4xx problem, changing nothing and auditing nothing', async () => {
    const { team, call } = await freshStore();
    const before = await (await call('GET', '')).json<AnyJson>();
    const long = (length: number) => 'x'.repeat(length);
    const address = { line1: 'Calle 1', city: 'Rosario', country: 'AR' };
    const refused: [unknown, string?][] = [
      [{}],
      [{ unknownField: 1 }, 'unknownField'],
      [{ settings: { unknownSetting: 1 } }, 'unknownSetting'],
      [{ settings: { stripe: { publishableKey: 'pk_live_x' } } }, 'stripe'],
      [{ taxRateBps: 2100 }, 'taxRateBps'],
      [{ status: 'closed' }, 'status'],
      [{ slug: 'another-slug' }, 'slug'],
      [{ name: 5 }],
      [{ name: '' }],
      [{ name: '   ' }],
      [{ name: null }],
      [{ name: long(201) }],
      [{ description: long(5001) }],
      [{ description: '' }],
      [{ contactPhone: long(41) }],
      [{ taxId: long(51) }],
      [{ timezone: 'Mars/Olympus_Mons' }],
      [{ timezone: '+05:00' }],
      [{ timezone: 'Not a zone' }],
      [{ timezone: null }],
      [{ currency: 'usd' }],
      [{ currency: 'US' }],
      [{ currency: 'EURO' }],
      [{ currency: null }],
      [{ logoUrl: 'javascript:alert(1)' }],
      [{ logoUrl: 'ftp://images.example.com/logo.png' }],
      [{ coverUrl: 'not a url' }],
      [{ coverUrl: `https://images.example.com/${long(2048)}` }],
      [{ contactEmail: 'nobody' }],
      [{ address: { ...address, country: 'ARG' } }],
      [{ address: { ...address, country: 'ar' } }],
      [{ address: { city: 'Rosario', country: 'AR' } }],
      [{ address: { ...address, floor: 3 } }, 'floor'],
      [{ address: { ...address, line1: long(201) } }],
      [{ address: 'Calle 1, Rosario' }],
      [{ channels: { myspace: 'tienda' } }, 'myspace'],
      [{ channels: { website: 'javascript:alert(1)' } }],
      [{ channels: { instagram: long(101) } }],
      [{ channels: null }],
      [{ settings: null }],
      [{ settings: [] }],
      [{ settings: { taxRateBps: -1 } }],
      [{ settings: { taxRateBps: 10_001 } }],
      [{ settings: { taxRateBps: 21.5 } }],
      [{ settings: { taxRateBps: '2100' } }],
      [{ settings: { pricesIncludeTax: 'true' } }],
      [{ settings: { pricesIncludeTax: 1 } }],
      [{ pricesIncludeTax: true }, 'pricesIncludeTax'],
      [{ settings: { reservationTtlMinutes: 0 } }],
      [{ settings: { reservationTtlMinutes: 10_081 } }],
      [{ settings: { lowStockThreshold: -1 } }],
      [{ settings: { lowStockThreshold: 1e12 } }],
      [{ settings: { catalogCacheMaxAgeSeconds: 86_401 } }],
      [{ settings: { catalogCacheMaxAgeSeconds: -1 } }],
      [{ settings: { catalogCacheStaleWhileRevalidateSeconds: 1e9 } }],
      [{ settings: { vipTotalSpent: 0 } }],
      [{ settings: { vipTotalSpent: 2 ** 60 } }],
      [{ settings: { paymentMethods: [] } }],
      [{ settings: { paymentMethods: ['cod', 'cod'] } }],
      [{ settings: { paymentMethods: ['paypal'] } }],
      [{ settings: { paymentMethods: 'cod' } }],
      [{ settings: { bankTransferInstructions: '' } }],
      [{ settings: { zelleInstructions: long(2001) } }],
      [{ settings: { language: 'fr' } }],
      [{ settings: { language: 'ES' } }],
      [{ settings: { mailSenderName: 'Tienda "Oficial"' } }],
      [{ settings: { mailSenderName: 'Tienda <x@y.z>' } }],
      [{ settings: { mailSenderName: 'Line\nBreak' } }],
      [{ settings: { mailSenderName: long(101) } }],
      [{ settings: { mailReplyTo: 'not an email' } }],
      [{ settings: { storefrontUrl: 'javascript:alert(1)' } }],
    ];
    for (const [body, key] of refused) {
      const response = await call('PATCH', '', body);
      const problem = await response.json<AnyJson>();
      expect(response.status, JSON.stringify(body)).toBe(422);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(problem.code).toBe('validation_failed');
      if (key) expect(JSON.stringify(problem.errors), JSON.stringify(body)).toContain(key);
    }
    for (const raw of ['', '{"name":', 'null', '[]']) {
      const response = await api(`/v1/admin/stores/${team.store.slug}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${team.tokens.owner}`, 'content-type': 'application/json' },
        body: raw,
      });
      expect([400, 422], raw).toContain(response.status);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
    }
    expect(await (await call('GET', '')).json()).toEqual(before);
    expect(await auditRowsOf(team.store.id, 'store.updated')).toEqual([]);
  });
});

describe('PATCH /v1/admin/stores/{store}: settings', () => {
  it('merges: a key given replaces, null removes it (its default applies), the rest stays; the Stripe keys are untouched', async () => {
    const { team, stripe, call } = await freshStore();
    const mail = {
      language: 'id',
      mailSenderName: 'Toko Bella',
      mailReplyTo: 'halo@bella.example',
      storefrontUrl: 'https://shop.bella.example',
    };
    const first = await call('PATCH', '', {
      settings: { reservationTtlMinutes: 90, lowStockThreshold: 2, vipTotalSpent: 500_00, taxRateBps: 1_050, ...mail },
    });
    expect(first.status, await first.clone().text()).toBe(200);
    expect((await first.json<AnyJson>()).settings).toEqual({
      ...DEFAULT_SETTINGS,
      reservationTtlMinutes: 90,
      lowStockThreshold: 2,
      vipTotalSpent: 500_00,
      taxRateBps: 1_050,
      ...mail,
    });

    const second = await call('PATCH', '', {
      settings: { lowStockThreshold: null, taxRateBps: null, catalogCacheMaxAgeSeconds: 0 },
    });
    const answer = await second.json<AnyJson>();
    expect(answer.settings).toEqual({
      ...DEFAULT_SETTINGS,
      reservationTtlMinutes: 90,
      vipTotalSpent: 500_00,
      catalogCacheMaxAgeSeconds: 0,
      ...mail,
    });
    expect(answer.taxRateBps).toBe(0);
    const row = await storedSettings(team.store.id);
    expect(row.settings).toEqual({
      stripe,
      reservationTtlMinutes: 90,
      vipTotalSpent: 500_00,
      catalogCacheMaxAgeSeconds: 0,
      ...mail,
    });
    expect(row.taxRateBps).toBe(0);
  });

  it('sets the home market’s tax mode, pricesIncludeTax, in its column: null brings back false; audited, one round trip', async () => {
    const { team, call } = await freshStore();
    const inclusive = await countRoundTrips(() => call('PATCH', '', { settings: { pricesIncludeTax: true } }));
    expect(inclusive.result.status, await inclusive.result.clone().text()).toBe(200);
    expect(inclusive.requests).toBe(1);
    expect((await inclusive.result.json<AnyJson>()).settings).toEqual({ ...DEFAULT_SETTINGS, pricesIncludeTax: true });
    let row = await storedSettings(team.store.id);
    expect(row.pricesIncludeTax).toBe(true);
    expect(row.settings).not.toHaveProperty('pricesIncludeTax');

    // The same value again changes and audits nothing.
    await call('PATCH', '', { settings: { pricesIncludeTax: true } });
    const cleared = await call('PATCH', '', { settings: { pricesIncludeTax: null } });
    expect((await cleared.json<AnyJson>()).settings.pricesIncludeTax).toBe(false);
    row = await storedSettings(team.store.id);
    expect(row.pricesIncludeTax).toBe(false);
    const rows = await auditRowsOf(team.store.id, 'store.updated');
    expect(rows.slice(-2).map((audit) => [audit.before, audit.after])).toEqual([
      [{ settings: { pricesIncludeTax: false } }, { settings: { pricesIncludeTax: true } }],
      [{ settings: { pricesIncludeTax: true } }, { settings: { pricesIncludeTax: false } }],
    ]);
  });

  it('audits each change as store.updated with the changed fields only, never the Stripe keys; a change that changes nothing audits nothing', async () => {
    const { team, call } = await freshStore();
    await call('PATCH', '', { name: 'Primera', settings: { reservationTtlMinutes: 45 } });
    const updatedAt = (await (await call('GET', '')).json<AnyJson>()).updatedAt;
    const response = await call('PATCH', '', {
      name: 'Segunda',
      timezone: 'UTC',
      settings: { reservationTtlMinutes: null, taxRateBps: 2_100, zelleInstructions: 'zelle@tienda.example' },
    });
    expect(response.status).toBe(200);
    const rows = await auditRowsOf(team.store.id, 'store.updated');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({
      entityType: 'store',
      entityId: team.store.id,
      actorType: 'user',
      actorId: team.users.owner.id,
      before: { name: 'Primera', settings: { reservationTtlMinutes: 45, taxRateBps: 0, zelleInstructions: null } },
      after: {
        name: 'Segunda',
        settings: { reservationTtlMinutes: null, taxRateBps: 2_100, zelleInstructions: 'zelle@tienda.example' },
      },
    });
    expect(Object.keys(rows[1]!.before as object)).toEqual(expect.arrayContaining(['name', 'settings']));
    expect(Object.keys(rows[1]!.before as object)).toHaveLength(2);
    expect(JSON.stringify(rows)).not.toMatch(/sealed-secret|pk_test_kept/);
    expect(updatedAt).not.toBe((await (await call('GET', '')).json<AnyJson>()).updatedAt);

    const { requests, result } = await countRoundTrips(() =>
      call('PATCH', '', { name: 'Segunda', timezone: 'UTC', settings: { taxRateBps: 2_100, lowStockThreshold: null } }),
    );
    expect(result.status).toBe(200);
    expect(requests).toBe(1);
    const unchanged = await result.json<AnyJson>();
    expect(unchanged.name).toBe('Segunda');
    expect(await auditRowsOf(team.store.id, 'store.updated')).toHaveLength(2);
    expect((await (await call('GET', '')).json<AnyJson>()).updatedAt).toBe(unchanged.updatedAt);
  });

  it('costs one round trip after an API key’s own', async () => {
    const { team } = await freshStore();
    const key = await createTestApiKey(team.store, ['store:read', 'store:write']);
    const call = adminCaller(team.store.slug, key.secret);
    const { requests, result } = await countRoundTrips(() => call('PATCH', '', { settings: { lowStockThreshold: 1 } }));
    expect(result.status, await result.clone().text()).toBe(200);
    expect(requests).toBe(2);
    const [row] = await auditRowsOf(team.store.id, 'store.updated');
    expect(row).toMatchObject({ actorType: 'api_key', actorId: key.id });
  });
});

describe('PATCH /v1/admin/stores/{store}: the currency', () => {
  it('cannot change once the store has prices (409), and its own currency again is no change', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const { requests, result } = await countRoundTrips(() => call('PATCH', '', { currency: 'USD', name: 'Nuevo' }));
    expect(requests).toBe(1);
    expect(result.status).toBe(409);
    expect(await result.json()).toMatchObject({
      code: 'conflict',
      detail: 'This store already has prices or orders in ARS; its currency can no longer change.',
      errors: [{ path: 'currency' }],
    });
    const store = await (await call('GET', '')).json<AnyJson>();
    expect([store.currency, store.name]).toEqual(['ARS', 'Balsamoa']);
    expect((await call('PATCH', '', { currency: 'ARS' })).status).toBe(200);
    expect(await auditRowsOf(catalog.storeId, 'store.updated')).toEqual([]);
  });

  it('cannot change once the store has orders, even with no prices left (409)', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    await placeOrder(catalog, [['BAL-HOE-NEG-M', 1]]);
    await testDb().delete(prices).where(eq(prices.storeId, catalog.storeId));
    const response = await call('PATCH', '', { currency: 'USD' });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ code: 'conflict', errors: [{ path: 'currency' }] });
  });

  it('changes in a store with no prices or orders, and its shipping rates follow', async () => {
    const { team, call } = await freshStore();
    const rateId = uuidv7();
    await testDb()
      .insert(shippingRates)
      .values({ id: rateId, storeId: team.store.id, name: 'Envío', amount: 500, currency: 'USD' });
    const response = await call('PATCH', '', { currency: 'EUR' });
    expect(response.status, await response.clone().text()).toBe(200);
    expect((await response.json<AnyJson>()).currency).toBe('EUR');
    const [rate] = await testDb().select().from(shippingRates).where(eq(shippingRates.id, rateId));
    expect(rate).toMatchObject({ currency: 'EUR', amount: 500 });
    const [row] = await auditRowsOf(team.store.id, 'store.updated');
    expect(row).toMatchObject({ before: { currency: 'USD' }, after: { currency: 'EUR' } });
    expect(await (await api(`/v1/stores/${team.store.slug}/shipping-rates`)).json()).toMatchObject({
      data: [{ id: rateId }],
    });
  });
});

describe('settings at checkout and in the storefront', () => {
  it('refuses bank transfer without its instructions; with them, checkout offers it and shows them', async () => {
    const catalog = await createCatalogStore({ settings: {} });
    const call = await ownerOf(catalog);
    const order = (overrides: Record<string, unknown>) =>
      postCheckout(
        catalog.slug,
        checkoutBody(catalog, { items: [{ variantId: catalog.variant('BAL-HOE-NEG-M').id, quantity: 1 }] }, overrides),
      );

    const { requests, result } = await countRoundTrips(() =>
      call('PATCH', '', { settings: { paymentMethods: ['bank_transfer', 'cod'] } }),
    );
    expect(requests).toBe(1);
    expect(result.status).toBe(422);
    expect(await result.json()).toMatchObject({
      code: 'validation_failed',
      errors: [{ path: 'settings.paymentMethods' }],
    });
    const refused = await order({ paymentMethod: 'bank_transfer' });
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ errors: [{ path: 'paymentMethod' }] });

    const instructions = 'Transferí al alias TIENDA.PRUEBA e indicá el número de pedido.';
    const offered = await call('PATCH', '', {
      settings: { paymentMethods: ['bank_transfer', 'cod'], bankTransferInstructions: instructions },
    });
    expect(offered.status, await offered.clone().text()).toBe(200);
    expect(await offered.json()).toMatchObject({
      settings: { paymentMethods: ['bank_transfer', 'cod'], bankTransferInstructions: instructions },
      paymentMethodsOffered: ['cod', 'bank_transfer'],
    });
    const placed = await order({ paymentMethod: 'bank_transfer' });
    expect(placed.status, await placed.clone().text()).toBe(201);
    expect((await placed.json<AnyJson>()).payment).toMatchObject({
      method: 'bank_transfer',
      instructions: { text: instructions },
    });

    const removal = await call('PATCH', '', { settings: { bankTransferInstructions: null } });
    expect(removal.status).toBe(422);
    expect(await removal.json()).toMatchObject({ errors: [{ path: 'settings.bankTransferInstructions' }] });
    const unlisted = await call('PATCH', '', { settings: { paymentMethods: null, bankTransferInstructions: null } });
    expect(await unlisted.json()).toMatchObject({ paymentMethodsOffered: ['cod'] });
  });

  it('refuses zelle without instructions and card without a Stripe account', async () => {
    const { call } = await freshStore();
    for (const [methods, path] of [
      [['zelle'], 'settings.paymentMethods'],
      [['card', 'cod'], 'settings.paymentMethods'],
    ] as const) {
      const response = await call('PATCH', '', { settings: { paymentMethods: methods } });
      expect(response.status, methods.join()).toBe(422);
      expect(await response.json()).toMatchObject({ errors: [{ path }] });
    }
    const zelle = await call('PATCH', '', {
      settings: { paymentMethods: ['zelle'], zelleInstructions: 'Zelle a pagos@tienda.example' },
    });
    expect(await zelle.json()).toMatchObject({ paymentMethodsOffered: ['zelle'] });
  });

  it('applies the tax rate to a new checkout’s totals and the storefront profile', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    expect((await call('PATCH', '', { settings: { taxRateBps: 2_100 } })).status).toBe(200);
    expect(await (await api(`/v1/stores/${catalog.slug}`)).json()).toMatchObject({ taxRateBps: 2_100 });
    const order = await placeOrder(catalog, [['BAL-HOE-NEG-M', 1]]);
    const { subtotal, discount, shipping, tax, total } = order.totals;
    expect(tax).toBe(Math.floor(((subtotal - discount) * 2_100 + 5_000) / 10_000));
    expect(tax).toBeGreaterThan(0);
    expect(total).toBe(subtotal - discount + shipping + tax);
  });

  it('holds a new order’s stock for the reservation time set', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    expect((await call('PATCH', '', { settings: { reservationTtlMinutes: 15 } })).status).toBe(200);
    const order = await placeOrder(catalog, [['BAL-HOE-NEG-M', 1]]);
    const expected = Date.now() + 15 * 60_000;
    expect(Math.abs(Date.parse(order.reservationExpiresAt) - expected)).toBeLessThan(60_000);
  });

  it('serves the catalog with the new cache lifetimes at once, never a copy cached before the change', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const path = `/v1/stores/${catalog.slug}/products?limit=2`;
    await api(path);
    const cached = await api(path);
    expect(cached.headers.get('x-catalog-cache')).toBe('hit');
    expect(cached.headers.get('cache-control')).toBe(
      'public, max-age=60, stale-while-revalidate=600, stale-if-error=86400',
    );

    const settings = { catalogCacheMaxAgeSeconds: 300, catalogCacheStaleWhileRevalidateSeconds: 30 };
    expect((await call('PATCH', '', { settings })).status).toBe(200);
    const fresh = await api(path);
    expect(fresh.headers.get('x-catalog-cache')).toBe('miss');
    expect(fresh.headers.get('cache-control')).toBe(
      'public, max-age=300, stale-while-revalidate=30, stale-if-error=86400',
    );
    const again = await api(path);
    expect(again.headers.get('x-catalog-cache')).toBe('hit');
    expect(again.headers.get('cache-control')).toBe(fresh.headers.get('cache-control'));
  });
});

describe('POST /v1/stores with a profile', () => {
  it('takes the profile fields, validated as a change is, and answers the admin view', async () => {
    const session = await registerThroughApi();
    const slug = `shop-${uuidv7().slice(-12)}`;
    const profile = {
      description: 'Ropa urbana.',
      coverUrl: 'https://images.example.com/cover.jpg',
      contactPhone: '+54 11 5555-0100',
      address: { line1: 'Av. Santa Fe 3253', city: 'Buenos Aires', country: 'AR' },
      taxId: '30-71754321-9',
      channels: { instagram: 'tienda' },
      timezone: 'America/Argentina/Buenos_Aires',
    };
    const create = (body: unknown) => api('/v1/stores', bearer(session.accessToken, jsonBody(body)));
    const response = await create({ slug, name: 'Tienda', currency: 'ARS', ...profile });
    expect(response.status, await response.clone().text()).toBe(201);
    const { store } = await response.json<{ store: AnyJson }>();
    deleteStoreAfterTest(store.id);
    expect(store).toMatchObject({ ...profile, status: 'active', settings: DEFAULT_SETTINGS });

    const refused = await create({
      slug: `${slug}-2`,
      name: 'Tienda',
      currency: 'ARS',
      timezone: 'Mars/Olympus_Mons',
      logoUrl: 'javascript:alert(1)',
      address: { line1: 'x', city: 'y', country: 'ARG' },
    });
    expect(refused.status).toBe(422);
    const paths = (await refused.json<{ errors: { path: string }[] }>()).errors.map((error) => error.path).sort();
    expect(paths).toEqual(['address.country', 'logoUrl', 'timezone']);
  });
});
