import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { events, inventoryReservations } from '../../src/db/schema';
import { accessTokenFor, createTestUser } from '../helpers/auth';
import { campaignRow, insertTestCampaign, joinBody, ordersOf, participantsOf, postJoin } from '../helpers/campaigns';
import { createCatalogStore } from '../helpers/catalog';
import { expectLedgerReconciles, type PlacedOrder, stockOf } from '../helpers/checkout';
import { testDb } from '../helpers/stores';

const onPostgres = env.TEST_DATABASE_BACKEND === 'postgres';
if (!onPostgres) {
  console.info(
    '[skipped] campaign join concurrency tests need real PostgreSQL (TEST_DATABASE_URL): PGlite runs one batch at a time, so nothing would race.',
  );
}

/** The answers' codes: 201, or the problem's code. */
async function outcomes(responses: Response[]): Promise<string[]> {
  return Promise.all(
    responses.map(async (response) =>
      response.status === 201 ? '201' : `${response.status} ${(await response.json<{ code: string }>()).code}`,
    ),
  );
}

const count = (list: string[], value: string) => list.filter((item) => item === value).length;

describe.runIf(onPostgres)('campaign joins under concurrency (real PostgreSQL only; skipped on PGlite)', () => {
  it('lets exactly 20 of 100 concurrent joins in on a maximum of 20: the rest are campaign_full, and the 20th settles it once', async () => {
    const catalog = await createCatalogStore();
    const variant = catalog.variant('BAL-RPA-BLA-M'); // 30 on hand
    const campaign = await insertTestCampaign(catalog, { sku: variant.sku, minParticipants: 5, maxParticipants: 20 });
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, n) =>
        postJoin(catalog.slug, campaign.id, joinBody(catalog, { email: `joiner-${n}@example.com` })),
      ),
    );
    const answers = await outcomes(responses);
    expect(count(answers, '201'), answers.join(', ')).toBe(20);
    expect(count(answers, '409 campaign_full'), answers.join(', ')).toBe(80);

    expect(await campaignRow(campaign.id)).toMatchObject({ participantCount: 20, status: 'successful' });
    expect(await participantsOf(campaign.id)).toHaveLength(20);
    expect(await ordersOf(catalog)).toHaveLength(20);
    expect(await stockOf(variant.id!)).toMatchObject({ onHand: 30, reserved: 20 });
    const held = await testDb()
      .select()
      .from(inventoryReservations)
      .where(eq(inventoryReservations.variantId, variant.id!));
    expect(held.reduce((sum, row) => sum + row.quantity, 0)).toBe(20);
    const log = await testDb().select().from(events).where(eq(events.aggregateId, campaign.id));
    expect(
      count(
        log.map((event) => event.type),
        'group-commerce.campaign.joined',
      ),
    ).toBe(20);
    expect(
      count(
        log.map((event) => event.type),
        'group-commerce.campaign.successful',
      ),
    ).toBe(1);
    await expectLedgerReconciles(catalog.storeId);
  });

  it('places one order for a customer joining twice at once under two keys: the other is already_joined', async () => {
    const catalog = await createCatalogStore();
    const campaign = await insertTestCampaign(catalog, { sku: 'BAL-RPA-BLA-M', maxParticipants: 100 });
    const user = await createTestUser();
    const signedIn = { headers: { authorization: `Bearer ${await accessTokenFor(user, [])}` } };
    // Five guests, each by one email twice; and one signed-in customer under two emails.
    const pairs = [
      ...Array.from({ length: 5 }, (_, n) => {
        const body = joinBody(catalog, { email: `twice-${n}@example.com` });
        return [postJoin(catalog.slug, campaign.id, body), postJoin(catalog.slug, campaign.id, body)];
      }),
      [
        postJoin(catalog.slug, campaign.id, joinBody(catalog, { email: 'first@example.com' }), signedIn),
        postJoin(catalog.slug, campaign.id, joinBody(catalog, { email: 'second@example.com' }), signedIn),
      ],
    ];
    for (const pair of pairs) {
      expect((await outcomes(await Promise.all(pair))).sort()).toEqual(['201', '409 already_joined']);
    }
    expect(await ordersOf(catalog)).toHaveLength(6);
    expect(await participantsOf(campaign.id)).toHaveLength(6);
    expect((await campaignRow(campaign.id)).participantCount).toBe(6);
    await expectLedgerReconciles(catalog.storeId);
  });

  it('takes joins until the campaign’s end and none after: each is placed or campaign_not_active, never half', async () => {
    const catalog = await createCatalogStore();
    const campaign = await insertTestCampaign(catalog, {
      sku: 'BAL-RPA-BLA-M',
      maxParticipants: 100,
      endsAt: new Date(Date.now() + 1_500),
    });
    // One join every 75 ms for 3 s: the first half before the end, the rest after.
    const responses = await Promise.all(
      Array.from({ length: 40 }, async (_, n) => {
        await new Promise((resolve) => setTimeout(resolve, n * 75));
        return postJoin(catalog.slug, campaign.id, joinBody(catalog, { email: `late-${n}@example.com` }));
      }),
    );
    const answers = await outcomes(responses);
    const placed = count(answers, '201');
    expect(placed + count(answers, '409 campaign_not_active'), answers.join(', ')).toBe(40);
    expect(placed, answers.join(', ')).toBeGreaterThan(0);
    expect(placed, answers.join(', ')).toBeLessThan(40);

    expect((await campaignRow(campaign.id)).participantCount).toBe(placed);
    const participants = await participantsOf(campaign.id);
    expect(participants).toHaveLength(placed);
    const placedOrders = await Promise.all(
      responses.filter((response) => response.status === 201).map((response) => response.json<PlacedOrder>()),
    );
    const stored = await ordersOf(catalog);
    // No order of a refused join exists: the store's orders are exactly the placed ones, each a participant's.
    expect(stored.map((order) => order.id).sort()).toEqual(placedOrders.map((order) => order.id).sort());
    expect(participants.map((row) => row.orderId).sort()).toEqual(stored.map((order) => order.id).sort());
    expect(await stockOf(catalog.variant('BAL-RPA-BLA-M').id!)).toMatchObject({ reserved: placed });
    await expectLedgerReconciles(catalog.storeId);
  });
});
