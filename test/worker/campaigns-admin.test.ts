import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { campaignParticipants, campaigns, events } from '../../src/db/schema';
import { currentPrice } from '../../src/db/sql/prices';
import { uuidv7 } from '../../src/lib/ids';
import { accessTokenFor, createTestApiKey } from '../helpers/auth';
import { countRoundTrips, expectProblem } from '../helpers/api';
import { insertTestCampaign } from '../helpers/campaigns';
import { type CatalogStore, createCatalogStore } from '../helpers/catalog';
import { adminCaller, type AdminCall, ownerOf, placeOrder } from '../helpers/payments';
import { auditRowsOf, type TestStore, testDb } from '../helpers/stores';

type AnyJson = Record<string, any>;

const HOUR = 3_600_000;
const inHours = (hours: number) => new Date(Date.now() + hours * HOUR).toISOString();
/** A scheduled campaign's window, for insertTestCampaign: from an hour ahead, for an hour. */
const later = { startsAt: new Date(Date.now() + HOUR), endsAt: new Date(Date.now() + 2 * HOUR) };

/** The variant's current price in the store's currency, as the API reads it. */
async function currentPriceOf(variantId: string): Promise<number> {
  const { rows } = await testDb().execute<{ amount: string }>(
    sql`SELECT amount FROM (${currentPrice(
      sql`${variantId}::uuid`,
      sql`(SELECT product_id FROM variants WHERE id = ${variantId})`,
      sql`(SELECT s.currency FROM stores s JOIN variants v ON v.store_id = s.id WHERE v.id = ${variantId})`,
    )}) price`,
  );
  return Number(rows[0]!.amount);
}

/** A valid body for a campaign on the catalog's first variant: scheduled, starting in an hour for two days. */
async function campaignBody(catalog: CatalogStore, overrides: AnyJson = {}): Promise<AnyJson> {
  const variant = catalog.variants[0]!;
  return {
    variantId: variant.id,
    name: 'Compra grupal',
    price: Math.floor((await currentPriceOf(variant.id!)) / 2),
    minParticipants: 2,
    maxParticipants: 5,
    startsAt: inHours(1),
    endsAt: inHours(49),
    ...overrides,
  };
}

async function campaignCount(storeId: string): Promise<number> {
  const { rows } = await testDb().execute<{ count: string }>(
    sql`SELECT count(*) FROM campaigns WHERE store_id = ${storeId}`,
  );
  return Number(rows[0]!.count);
}

async function createCampaign(call: AdminCall, body: AnyJson): Promise<AnyJson> {
  const response = await call('POST', '/campaigns', body);
  expect(response.status, await response.clone().text()).toBe(201);
  return response.json<AnyJson>();
}

const asTestStore = (catalog: CatalogStore) => ({ id: catalog.storeId, slug: catalog.slug }) as TestStore;

describe('admin campaigns: create, read, list', () => {
  it('creates a campaign in one round trip: the staff view, its audit row and the created event', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const variant = catalog.variants[0]!;
    const original = await currentPriceOf(variant.id!);
    const body = await campaignBody(catalog, { description: 'Diez amigos, mitad de precio', unitsPerParticipant: 2 });

    const created = await countRoundTrips(() => call('POST', '/campaigns', body));
    expect(created.result.status, await created.result.clone().text()).toBe(201);
    expect(created.requests).toBe(1);
    const campaign = await created.result.json<AnyJson>();
    expect(campaign).toMatchObject({
      name: body.name,
      description: body.description,
      state: 'scheduled',
      price: body.price,
      originalPrice: original,
      currency: 'ARS',
      unitsPerParticipant: 2,
      minParticipants: 2,
      maxParticipants: 5,
      participants: 0,
      placesLeft: 5,
      settledAt: null,
      cancelReason: null,
      variant: {
        id: variant.id,
        sku: variant.sku,
        productId: variant.productId,
        productSlug: catalog.products.find((p) => p.id === variant.productId)!.slug,
      },
    });
    expect(typeof campaign.variant.label).toBe('string');
    expect(Date.parse(campaign.startsAt)).toBe(Date.parse(body.startsAt));
    expect(Date.parse(campaign.endsAt)).toBe(Date.parse(body.endsAt));

    const [audit] = await auditRowsOf(catalog.storeId, 'campaign.created');
    expect(audit).toMatchObject({ entityType: 'campaign', entityId: campaign.id, before: null });
    expect(audit!.after).toMatchObject({ variantId: variant.id, price: body.price, originalPrice: original });

    const [event] = await testDb()
      .select()
      .from(events)
      .where(and(eq(events.aggregateId, campaign.id), eq(events.type, 'group-commerce.campaign.created')));
    expect(event).toMatchObject({ storeId: catalog.storeId, aggregateType: 'campaign' });
    const payload = event!.payload as AnyJson;
    expect(Object.keys(payload).sort()).toEqual(
      [
        'campaignId',
        'variantId',
        'name',
        'price',
        'originalPrice',
        'currency',
        'unitsPerParticipant',
        'minParticipants',
        'maxParticipants',
        'startsAt',
        'endsAt',
      ].sort(),
    );
    const { name, price, originalPrice, currency, unitsPerParticipant, minParticipants, maxParticipants } = campaign;
    expect(payload).toMatchObject({ campaignId: campaign.id, variantId: variant.id, name, price, originalPrice });
    expect(payload).toMatchObject({ currency, unitsPerParticipant, minParticipants, maxParticipants });

    const read = await countRoundTrips(() => call('GET', `/campaigns/${campaign.id}`));
    expect(read.requests).toBe(1);
    expect(await read.result.json()).toEqual(campaign);
  });

  it('starts now without startsAt, and defaults to one unit per participant', async () => {
    const catalog = await createCatalogStore();
    const { startsAt: _, ...body } = await campaignBody(catalog);
    const campaign = await createCampaign(await ownerOf(catalog), body);
    expect(campaign).toMatchObject({ state: 'open', unitsPerParticipant: 1 });
    expect(Math.abs(Date.parse(campaign.startsAt) - Date.now())).toBeLessThan(60_000);
  });

  it('lists newest first with progress, filters by state, and pages', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const open = await insertTestCampaign(catalog, { maxParticipants: 10 });
    const scheduled = await insertTestCampaign(catalog, {
      startsAt: new Date(Date.now() + HOUR),
      endsAt: new Date(Date.now() + 2 * HOUR),
    });
    const ending = await insertTestCampaign(catalog, {
      startsAt: new Date(Date.now() - 2 * HOUR),
      endsAt: new Date(Date.now() - HOUR),
    });
    const failed = await insertTestCampaign(catalog);
    await testDb().execute(sql`UPDATE campaigns SET participant_count = 3 WHERE id = ${open.id}`);
    await testDb().execute(sql`UPDATE campaigns SET status = 'failed', settled_at = now() WHERE id = ${failed.id}`);

    const all = await countRoundTrips(() => call('GET', '/campaigns'));
    expect(all.requests).toBe(1);
    const page = await all.result.json<AnyJson>();
    // In id order, newest first for the API's time-ordered ids (the helper's rows have random ones).
    const inIdOrder = [
      [failed.id, 'failed'],
      [ending.id, 'ending'],
      [scheduled.id, 'scheduled'],
      [open.id, 'open'],
    ].sort(([a], [b]) => b!.localeCompare(a!));
    expect(page.data.map((row: AnyJson) => [row.id, row.state])).toEqual(inIdOrder);
    expect(page.data.find((row: AnyJson) => row.id === open.id)).toMatchObject({
      participants: 3,
      placesLeft: 7,
      minParticipants: 2,
      maxParticipants: 10,
    });
    expect(page.nextCursor).toBeNull();

    for (const [state, id] of [
      ['open', open.id],
      ['scheduled', scheduled.id],
      ['ending', ending.id],
      ['failed', failed.id],
    ] as const) {
      const filtered = await (await call('GET', `/campaigns?state=${state}`)).json<AnyJson>();
      expect(filtered.data.map((row: AnyJson) => row.id)).toEqual([id]);
    }
    expect((await (await call('GET', '/campaigns?state=cancelled')).json<AnyJson>()).data).toEqual([]);
    await expectProblem(await call('GET', '/campaigns?state=active'), 422, 'validation_failed');

    const first = await (await call('GET', '/campaigns?limit=3')).json<AnyJson>();
    expect(first.data).toHaveLength(3);
    const second = await (await call('GET', `/campaigns?limit=3&cursor=${first.nextCursor}`)).json<AnyJson>();
    expect(second.data.map((row: AnyJson) => row.id)).toEqual([inIdOrder[3]![0]]);
    expect(second.nextCursor).toBeNull();

    const older = await createCampaign(call, await campaignBody(catalog));
    const newer = await createCampaign(call, await campaignBody(catalog));
    const scheduledNow = await (await call('GET', '/campaigns?state=scheduled')).json<AnyJson>();
    const made = scheduledNow.data.map((row: AnyJson) => row.id).filter((id: string) => id !== scheduled.id);
    expect(made).toEqual([newer.id, older.id]);
  });

  it('lists participants with their order and payment, in one round trip', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const campaign = await insertTestCampaign(catalog);
    expect(await (await call('GET', `/campaigns/${campaign.id}/participants`)).json()).toEqual({
      data: [],
      nextCursor: null,
    });

    const order = await placeOrder(catalog, [[campaign.variant.sku!, 1]]);
    await testDb().insert(campaignParticipants).values({
      id: uuidv7(),
      storeId: catalog.storeId,
      campaignId: campaign.id,
      email: 'ana@example.com',
      quantity: 1,
      orderId: order.id,
    });
    await testDb().insert(campaignParticipants).values({
      id: uuidv7(),
      storeId: catalog.storeId,
      campaignId: campaign.id,
      email: 'no-order@example.com',
      quantity: 2,
    });
    const listed = await countRoundTrips(() => call('GET', `/campaigns/${campaign.id}/participants`));
    expect(listed.requests).toBe(1);
    const page = await listed.result.json<AnyJson>();
    expect(page.data).toEqual([
      expect.objectContaining({ email: 'no-order@example.com', quantity: 2, order: null, payment: null }),
      expect.objectContaining({
        email: 'ana@example.com',
        quantity: 1,
        order: { id: order.id, number: order.number, status: 'pending_payment' },
        payment: { method: 'bank_transfer', status: 'pending', authorized: false },
      }),
    ]);

    await testDb().execute(sql`UPDATE payments SET authorized_at = now() WHERE order_id = ${order.id}`);
    const again = await (await call('GET', `/campaigns/${campaign.id}/participants?limit=1`)).json<AnyJson>();
    expect(again.data).toHaveLength(1);
    const next = await (
      await call('GET', `/campaigns/${campaign.id}/participants?limit=1&cursor=${again.nextCursor}`)
    ).json<AnyJson>();
    expect(next.data[0].payment).toEqual({ method: 'bank_transfer', status: 'pending', authorized: true });
  });
});

describe('admin campaigns: refusals', () => {
  it('refuses each broken rule with a 422 naming the field, writing nothing', async () => {
    const catalog = await createCatalogStore();
    const other = await createCatalogStore();
    const call = await ownerOf(catalog);
    const original = await currentPriceOf(catalog.variants[0]!.id!);
    const tenHours = inHours(10);
    const cases: [AnyJson, string][] = [
      [{ variantId: other.variants[0]!.id }, 'variantId'],
      [{ variantId: '019caea2-54f8-701c-9714-e1edc07911a5' }, 'variantId'],
      [{ price: original }, 'price'],
      [{ price: original + 1 }, 'price'],
      [{ startsAt: tenHours, endsAt: tenHours }, 'endsAt'],
      [{ startsAt: inHours(10), endsAt: inHours(5) }, 'endsAt'],
      [{ startsAt: inHours(-5), endsAt: inHours(-1) }, 'endsAt'],
      [{ startsAt: inHours(24 * 370), endsAt: inHours(24 * 371) }, 'startsAt'],
      [{ startsAt: inHours(1), endsAt: inHours(1 + 7 * 24 + 1) }, 'endsAt'],
      [{ minParticipants: 5, maxParticipants: 4 }, 'maxParticipants'],
    ];
    for (const [overrides, field] of cases) {
      const response = await call('POST', '/campaigns', await campaignBody(catalog, overrides));
      await expectProblem(response, 422, 'validation_failed', field);
    }
    // Exactly seven days is allowed (both ends from one reading of the clock, which may tick between two).
    const start = Date.now() + HOUR;
    const sevenDays = {
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 7 * 24 * HOUR).toISOString(),
    };
    await createCampaign(call, await campaignBody(catalog, sevenDays));
    expect(await campaignCount(catalog.storeId)).toBe(1);
    expect(await auditRowsOf(catalog.storeId, 'campaign.created')).toHaveLength(1);
  });

  it('refuses bodies of every bad shape with a 422, writing nothing', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const valid = await campaignBody(catalog);
    const bodies: unknown[] = [
      {},
      [],
      'campaign',
      { ...valid, extra: true },
      { ...valid, variantId: 'not-a-uuid' },
      { ...valid, variantId: 42 },
      { ...valid, name: '' },
      { ...valid, name: '   ' },
      { ...valid, name: 'x'.repeat(201) },
      { ...valid, description: 'x'.repeat(2001) },
      { ...valid, price: -1 },
      { ...valid, price: 1.5 },
      { ...valid, price: '100' },
      { ...valid, price: 1e20 },
      { ...valid, minParticipants: 0 },
      { ...valid, maxParticipants: 10_001 },
      { ...valid, minParticipants: 10_001, maxParticipants: 10_001 },
      { ...valid, unitsPerParticipant: 0 },
      { ...valid, unitsPerParticipant: 101 },
      { ...valid, endsAt: 'tomorrow' },
      { ...valid, endsAt: '2026-13-45T00:00:00Z' },
      { ...valid, startsAt: 1767225600000 },
      { ...valid, endsAt: null },
    ];
    for (const body of bodies) {
      const response = await call('POST', '/campaigns', body);
      expect(response.status, JSON.stringify(body).slice(0, 200)).toBe(422);
    }
    expect(await campaignCount(catalog.storeId)).toBe(0);
  });

  it('allows at most 100 campaigns not yet settled per store (409); settled ones do not count', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const variant = catalog.variants[0]!;
    await testDb().execute(sql`INSERT INTO campaigns (store_id, variant_id, name, min_participants, max_participants,
        price, original_price, currency, starts_at, ends_at, status)
      SELECT ${catalog.storeId}, ${variant.id}, 'Filler ' || n, 1, 2, 1, 2, 'ARS', now(), now() + interval '1 hour',
        CASE WHEN n <= 100 THEN 'active' ELSE 'successful' END::campaign_status
      FROM generate_series(1, 105) n`);
    await expectProblem(await call('POST', '/campaigns', await campaignBody(catalog)), 409, 'conflict');
    await testDb().execute(sql`UPDATE campaigns SET status = 'cancelled'
      WHERE id = (SELECT id FROM campaigns WHERE store_id = ${catalog.storeId} AND status = 'active' LIMIT 1)`);
    // Room for one: of two creations at once, the store's campaign lock lets one through.
    const body = await campaignBody(catalog);
    const statuses = await Promise.all([call('POST', '/campaigns', body), call('POST', '/campaigns', body)]);
    expect(statuses.map((response) => response.status).sort()).toEqual([201, 409]);
    expect(await campaignCount(catalog.storeId)).toBe(106);
  });
});

describe('admin campaigns: changes', () => {
  it('changes a scheduled campaign in one round trip, audited with what changed', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const campaign = await createCampaign(call, await campaignBody(catalog));
    const endsAt = inHours(30);
    const changed = await countRoundTrips(() =>
      call('PATCH', `/campaigns/${campaign.id}`, { name: 'Renamed', maxParticipants: 8, endsAt, description: 'Más' }),
    );
    expect(changed.result.status, await changed.result.clone().text()).toBe(200);
    expect(changed.requests).toBe(1);
    const after = await changed.result.json<AnyJson>();
    expect(after).toMatchObject({ name: 'Renamed', maxParticipants: 8, placesLeft: 8, description: 'Más' });
    expect(Date.parse(after.endsAt)).toBe(Date.parse(endsAt));
    expect(after.originalPrice).toBe(campaign.originalPrice);

    const [audit] = await auditRowsOf(catalog.storeId, 'campaign.updated');
    expect(audit).toMatchObject({ entityType: 'campaign', entityId: campaign.id });
    expect(Object.keys(audit!.after as AnyJson).sort()).toEqual(['description', 'endsAt', 'maxParticipants', 'name']);
    expect(audit!.before).toMatchObject({ name: 'Compra grupal', maxParticipants: 5, description: null });

    // Clearing the description; the same values again change nothing and audit nothing.
    expect(await (await call('PATCH', `/campaigns/${campaign.id}`, { description: null })).json()).toMatchObject({
      description: null,
    });
    expect((await call('PATCH', `/campaigns/${campaign.id}`, { name: 'Renamed' })).status).toBe(200);
    expect(await auditRowsOf(catalog.storeId, 'campaign.updated')).toHaveLength(2);
  });

  it('checks a new price against the variant’s current one, which becomes the original price', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const variant = catalog.variants[0]!;
    const campaign = await createCampaign(call, await campaignBody(catalog));
    await testDb().execute(sql`INSERT INTO prices (store_id, variant_id, currency, amount)
      VALUES (${catalog.storeId}, ${variant.id}, 'ARS', 1000)`);
    expect(await currentPriceOf(variant.id!)).toBe(1000);

    await expectProblem(
      await call('PATCH', `/campaigns/${campaign.id}`, { price: 1000 }),
      422,
      'validation_failed',
      'price',
    );
    // A change that leaves the price keeps the original it was set against.
    expect(await (await call('PATCH', `/campaigns/${campaign.id}`, { name: 'Otro' })).json()).toMatchObject({
      price: campaign.price,
      originalPrice: campaign.originalPrice,
    });
    const repriced = await (await call('PATCH', `/campaigns/${campaign.id}`, { price: 900 })).json<AnyJson>();
    expect(repriced).toMatchObject({ price: 900, originalPrice: 1000 });
    const audits = await auditRowsOf(catalog.storeId, 'campaign.updated');
    expect(audits.at(-1)!.after).toEqual({ price: 900, originalPrice: 1000 });
  });

  it('checks the rules on the values as they will be', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const campaign = await createCampaign(call, await campaignBody(catalog));
    const cases: [AnyJson, string][] = [
      [{ endsAt: inHours(1 + 7 * 24 + 1) }, 'endsAt'],
      [{ endsAt: inHours(0.5) }, 'endsAt'],
      [{ startsAt: inHours(60) }, 'endsAt'],
      [{ minParticipants: 6 }, 'maxParticipants'],
      [{ maxParticipants: 1 }, 'maxParticipants'],
      [{ startsAt: inHours(24 * 370), endsAt: inHours(24 * 371) }, 'startsAt'],
    ];
    for (const [change, field] of cases) {
      await expectProblem(await call('PATCH', `/campaigns/${campaign.id}`, change), 422, 'validation_failed', field);
    }
    for (const body of [{}, { variantId: catalog.variants[1]!.id }, { price: -5 }, { name: 'x'.repeat(201) }]) {
      expect((await call('PATCH', `/campaigns/${campaign.id}`, body)).status, JSON.stringify(body)).toBe(422);
    }
    expect(await (await call('GET', `/campaigns/${campaign.id}`)).json()).toEqual(campaign);
    expect(await auditRowsOf(catalog.storeId, 'campaign.updated')).toEqual([]);
  });

  it('refuses changes once a campaign is open or settled (409 invalid_transition)', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const open = await insertTestCampaign(catalog);
    const problem = await expectProblem(
      await call('PATCH', `/campaigns/${open.id}`, { name: 'Late' }),
      409,
      'invalid_transition',
    );
    expect(problem.detail).toContain('open');
    const settled = await insertTestCampaign(catalog, later);
    await testDb().execute(sql`UPDATE campaigns SET status = 'cancelled', settled_at = now() WHERE id = ${settled.id}`);
    const cancelled = await expectProblem(
      await call('PATCH', `/campaigns/${settled.id}`, { name: 'Late' }),
      409,
      'invalid_transition',
    );
    expect(cancelled.detail).toContain('cancelled');
    const [row] = await testDb().select().from(campaigns).where(eq(campaigns.id, open.id));
    expect(row!.name).toBe(open.name);
  });
});

describe('admin campaigns: access', () => {
  it('is another store’s campaign a 404 on every route, and a malformed id a 422', async () => {
    const catalog = await createCatalogStore();
    const other = await createCatalogStore();
    const theirs = await insertTestCampaign(other, later);
    const call = await ownerOf(catalog);
    for (const id of [theirs.id, '019caea2-54f8-701c-9714-e1edc07911a5']) {
      await expectProblem(await call('GET', `/campaigns/${id}`), 404, 'not_found');
      await expectProblem(await call('PATCH', `/campaigns/${id}`, { name: 'Mine' }), 404, 'not_found');
      await expectProblem(await call('GET', `/campaigns/${id}/participants`), 404, 'not_found');
      await expectProblem(await call('POST', `/campaigns/${id}/cancel`, {}), 404, 'not_found');
    }
    await expectProblem(await call('GET', '/campaigns/not-a-uuid'), 422, 'validation_failed');
    await expectProblem(await call('POST', '/campaigns/not-a-uuid/cancel', {}), 422, 'validation_failed');
    expect((await (await call('GET', '/campaigns')).json<AnyJson>()).data).toEqual([]);
    const [row] = await testDb().select().from(campaigns).where(eq(campaigns.id, theirs.id));
    expect(row!.name).toBe(theirs.name);
  });

  it('is refused to staff, and to API keys without the scope', async () => {
    const catalog = await createCatalogStore();
    const campaign = await insertTestCampaign(catalog, later);
    const body = await campaignBody(catalog);
    const staff = adminCaller(
      catalog.slug,
      await accessTokenFor({ id: catalog.owner.id!, email: catalog.owner.email }, [
        { id: catalog.storeId, slug: catalog.slug, role: 'staff' },
      ]),
    );
    const readOnly = adminCaller(
      catalog.slug,
      (await createTestApiKey(asTestStore(catalog), ['campaigns:read'])).secret,
    );
    const unrelated = adminCaller(catalog.slug, (await createTestApiKey(asTestStore(catalog), ['orders:read'])).secret);
    for (const caller of [staff, unrelated]) {
      expect((await caller('GET', '/campaigns')).status).toBe(403);
      expect((await caller('GET', `/campaigns/${campaign.id}`)).status).toBe(403);
      expect((await caller('GET', `/campaigns/${campaign.id}/participants`)).status).toBe(403);
    }
    for (const caller of [staff, unrelated, readOnly]) {
      expect((await caller('POST', '/campaigns', body)).status).toBe(403);
      expect((await caller('PATCH', `/campaigns/${campaign.id}`, { name: 'No' })).status).toBe(403);
    }
    expect((await readOnly('GET', `/campaigns/${campaign.id}`)).status).toBe(200);
    expect(await campaignCount(catalog.storeId)).toBe(1);

    const key = await createTestApiKey(asTestStore(catalog), ['campaigns:read', 'campaigns:write']);
    const writer = adminCaller(catalog.slug, key.secret);
    const created = await countRoundTrips(() => writer('POST', '/campaigns', body));
    expect(created.result.status, await created.result.clone().text()).toBe(201);
    expect(created.requests).toBe(2);
    const [audit] = await auditRowsOf(catalog.storeId, 'campaign.created');
    expect(audit).toMatchObject({ actorType: 'api_key', actorId: key.id });
  });
});
