import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  orders,
  promotionCodes,
  promotionCustomerUses,
  promotionRedemptions,
  promotions,
  variants,
} from '../../src/db/schema';
import { expectProblem } from '../helpers/api';
import { createCatalogStore } from '../helpers/catalog';
import { checkoutBody, postCheckout, stockOf } from '../helpers/checkout';
import { beginHeld } from '../helpers/held-transactions';
import { ownerOf } from '../helpers/payments';
import { addPromotion } from '../helpers/selling';
import { testDb } from '../helpers/stores';

const onPostgres = env.TEST_DATABASE_BACKEND === 'postgres';
if (!onPostgres) {
  console.info(
    '[skipped] promotion concurrency tests need real PostgreSQL (TEST_DATABASE_URL): PGlite runs one batch at a time, so nothing would race.',
  );
}

/** A store whose hoodie has stock to spare: only the promotion's limits may refuse a checkout. */
async function setup() {
  const catalog = await createCatalogStore();
  const hoodie = catalog.variant('BAL-HOE-NEG-M');
  await testDb().update(variants).set({ onHand: 10_000 }).where(eq(variants.id, hoodie.id!));
  return { catalog, items: [{ variantId: hoodie.id!, quantity: 1 }] };
}

/** Runs `count` checkouts at once with `code` (by email `emailOf(i)`), and answers their statuses and problem codes. */
async function race(
  setupResult: Awaited<ReturnType<typeof setup>>,
  code: string,
  count: number,
  emailOf: (i: number) => string,
) {
  const { catalog, items } = setupResult;
  const responses = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      postCheckout(catalog.slug, checkoutBody(catalog, { items }, { promotionCode: code, email: emailOf(i) })),
    ),
  );
  const placed = responses.filter((response) => response.status === 201);
  const refused = responses.filter((response) => response.status !== 201);
  const problems = await Promise.all(refused.map((response) => response.json<{ code: string }>()));
  return {
    placed: await Promise.all(placed.map((response) => response.json<{ totals: { discount: number } }>())),
    refusedStatuses: new Set(refused.map((response) => response.status)),
    refusedCodes: new Set(problems.map((problem) => problem.code)),
    refusedCount: refused.length,
  };
}

describe.runIf(onPostgres)('promotion limits under concurrency (real PostgreSQL only; skipped on PGlite)', () => {
  it('places exactly 10 orders out of 100 concurrent checkouts with a code limited to 10 uses', async () => {
    const state = await setup();
    const promotion = await addPromotion(state.catalog, { usageLimit: 10 }, [{ code: 'TEN-ONLY' }]);
    const outcome = await race(state, 'TEN-ONLY', 100, (i) => `buyer-${i}@example.com`);
    expect(outcome.placed).toHaveLength(10);
    expect(outcome.placed.every((order) => order.totals.discount > 0)).toBe(true);
    expect(outcome.refusedCount).toBe(90);
    expect(outcome.refusedStatuses).toEqual(new Set([409]));
    expect(outcome.refusedCodes).toEqual(new Set(['promotion_used_up']));
    const db = testDb();
    const [row] = await db.select().from(promotions).where(eq(promotions.id, promotion.id));
    expect(row!.timesUsed).toBe(10);
    expect(
      await db.select().from(promotionRedemptions).where(eq(promotionRedemptions.promotionId, promotion.id)),
    ).toHaveLength(10);
    expect(await db.select().from(orders).where(eq(orders.storeId, state.catalog.storeId))).toHaveLength(10);
  });

  it('lets one customer use a once-per-customer code exactly once out of 10 concurrent checkouts', async () => {
    const state = await setup();
    const promotion = await addPromotion(state.catalog, { usageLimitPerCustomer: 1 }, [{ code: 'ONCE-EACH' }]);
    const outcome = await race(state, 'ONCE-EACH', 10, () => 'same@example.com');
    expect(outcome.placed).toHaveLength(1);
    expect(outcome.refusedCodes).toEqual(new Set(['promotion_used_up']));
    const uses = await testDb()
      .select()
      .from(promotionCustomerUses)
      .where(eq(promotionCustomerUses.promotionId, promotion.id));
    expect(uses.map((use) => use.timesUsed)).toEqual([1]);
  });

  it('redeems a single-use (bulk) code exactly once out of 10 concurrent checkouts', async () => {
    const state = await setup();
    const promotion = await addPromotion(state.catalog, {}, [{ code: 'BULK-XYZ123', usageLimit: 1 }]);
    const outcome = await race(state, 'BULK-XYZ123', 10, (i) => `bulk-${i}@example.com`);
    expect(outcome.placed).toHaveLength(1);
    expect(outcome.refusedCodes).toEqual(new Set(['promotion_used_up']));
    const [code] = await testDb().select().from(promotionCodes).where(eq(promotionCodes.promotionId, promotion.id));
    expect(code!.timesUsed).toBe(1);
  });

  it('answers 404, never a bare conflict, to a code added or made while the promotion is being deleted', async () => {
    const { catalog } = await setup();
    const call = await ownerOf(catalog);
    const promotion = await addPromotion(catalog, {}, [{ code: 'GOING' }]);
    const held = await beginHeld();
    await held.query('DELETE FROM promotions WHERE id = $1', [promotion.id]);
    const add = call('POST', `/promotions/${promotion.id}/codes`, { code: 'LATE-ONE' });
    const batch = call('POST', `/promotions/${promotion.id}/codes/batch`, { count: 5 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await held.commit();
    await expectProblem(await add, 404, 'not_found');
    await expectProblem(await batch, 404, 'not_found');
    expect(await testDb().select().from(promotionCodes).where(eq(promotionCodes.storeId, catalog.storeId))).toEqual([]);
  });

  it('refuses a checkout whose promotion or code is deleted as it is placed with a 409 that says so, ordering nothing', async () => {
    const state = await setup();
    const { catalog, items } = state;
    const stock = await stockOf(items[0]!.variantId);
    for (const table of ['promotions', 'promotion_codes']) {
      const promotion = await addPromotion(catalog, {}, [{ code: 'GOING' }]);
      const held = await beginHeld();
      await held.query(`DELETE FROM ${table} WHERE ${table === 'promotions' ? 'id' : 'promotion_id'} = $1`, [
        promotion.id,
      ]);
      const checkout = postCheckout(catalog.slug, checkoutBody(catalog, { items }, { promotionCode: 'going' }));
      await new Promise((resolve) => setTimeout(resolve, 300));
      await held.commit();
      const problem = await expectProblem(await checkout, 409, 'conflict');
      expect(problem.detail, table).toContain('was deleted as the order was placed');
      await testDb().delete(promotions).where(eq(promotions.id, promotion.id));
    }
    expect(await testDb().select().from(orders).where(eq(orders.storeId, catalog.storeId))).toEqual([]);
    expect(await stockOf(items[0]!.variantId)).toEqual(stock);
  });
});
