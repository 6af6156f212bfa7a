import { env } from 'cloudflare:workers';
import { inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { campaigns } from '../../src/db/schema';
import { settleDueCampaigns } from '../../src/services/campaigns/settle';
import { stripeSettings } from '../../src/services/payments/stripe-api';
import { insertTestCampaign, joinThroughCheckout, type TestCampaign } from '../helpers/campaigns';
import { createCatalogStore } from '../helpers/catalog';
import { expectLedgerReconciles, stockOf } from '../helpers/checkout';
import { ownerOf } from '../helpers/payments';
import { testDb } from '../helpers/stores';

const onPostgres = env.TEST_DATABASE_BACKEND === 'postgres';
if (!onPostgres) {
  console.info(
    '[skipped] campaign settlement concurrency tests need real PostgreSQL (TEST_DATABASE_URL): PGlite runs one batch at a time, so nothing would race.',
  );
}

const SKU = 'BAL-BBA-NEG-M';
const settle = () => settleDueCampaigns(testDb(), stripeSettings(env), new Date());

/** Campaigns of the store whose end has come, with `joins[i]` participants each (minimum 2). */
async function endedCampaigns(catalog: Awaited<ReturnType<typeof createCatalogStore>>, joins: number[]) {
  const made: TestCampaign[] = [];
  for (const count of joins) {
    const campaign = await insertTestCampaign(catalog, {
      sku: SKU,
      minParticipants: 2,
      startsAt: new Date(Date.now() - 7_200_000),
    });
    for (let i = 0; i < count; i++) await joinThroughCheckout(catalog, campaign);
    made.push(campaign);
  }
  await testDb().execute(sql`UPDATE campaigns SET ends_at = now() - interval '1 second'
    WHERE id IN (${sql.join(
      made.map((campaign) => sql`${campaign.id}::uuid`),
      sql`, `,
    )})`);
  return made;
}

/** The settlement events of the campaigns, by campaign id. */
async function settlementEvents(ids: string[]) {
  const { rows } = await testDb().execute<{ aggregate_id: string; type: string }>(
    sql`SELECT aggregate_id, type FROM events WHERE aggregate_type = 'campaign' AND aggregate_id IN (${sql.join(
      ids.map((id) => sql`${id}::uuid`),
      sql`, `,
    )}) ORDER BY id`,
  );
  return rows;
}

describe.runIf(onPostgres)('campaign settlement under concurrency (real PostgreSQL only; skipped on PGlite)', () => {
  it('two runs at once over several due campaigns settle each once', async () => {
    const catalog = await createCatalogStore();
    const joins = [2, 1, 3, 0, 2, 1];
    const made = await endedCampaigns(catalog, joins);
    const ids = made.map((campaign) => campaign.id);

    const runs = await Promise.all([settle(), settle(), settle()]);
    const sum = (field: 'successful' | 'failed') => runs.reduce((total, run) => total + run[field], 0);
    expect([sum('successful'), sum('failed')]).toEqual([3, 3]);

    const rows = await testDb().select().from(campaigns).where(inArray(campaigns.id, ids));
    for (const [index, campaign] of made.entries()) {
      const row = rows.find((candidate) => candidate.id === campaign.id)!;
      expect(row.status, `campaign ${index}`).toBe(joins[index]! >= 2 ? 'successful' : 'failed');
    }
    const settled = await settlementEvents(ids);
    expect(settled).toHaveLength(made.length);
    expect(new Set(settled.map((row) => row.aggregate_id)).size).toBe(made.length);
    // Failed campaigns released their orders' stock; successful ones keep it reserved.
    expect((await stockOf(catalog.variant(SKU).id!)).reserved).toBe(2 + 3 + 2);
    await expectLedgerReconciles(catalog.storeId);
  });

  it('staff cancelling while the cron settles: one of them acts, once', async () => {
    const catalog = await createCatalogStore();
    const made = await endedCampaigns(catalog, [1, 2, 1, 2]);
    const call = await ownerOf(catalog);

    const [answers] = await Promise.all([
      Promise.all(made.map((campaign) => call('POST', `/campaigns/${campaign.id}/cancel`, { reason: 'Called off' }))),
      settle(),
    ]);
    const rows = await testDb()
      .select()
      .from(campaigns)
      .where(
        inArray(
          campaigns.id,
          made.map((campaign) => campaign.id),
        ),
      );
    for (const [index, campaign] of made.entries()) {
      const row = rows.find((candidate) => candidate.id === campaign.id)!;
      const answer = answers[index]!;
      // The cancel came first (200, cancelled) or the cron did (409, settled as it found it).
      if (answer.status === 200) expect(row.status).toBe('cancelled');
      else {
        expect(answer.status, await answer.text()).toBe(409);
        expect(row.status).toBe(index % 2 === 0 ? 'failed' : 'successful');
      }
    }
    const settled = await settlementEvents(made.map((campaign) => campaign.id));
    expect(settled).toHaveLength(made.length);
    await expectLedgerReconciles(catalog.storeId);
  });
});
