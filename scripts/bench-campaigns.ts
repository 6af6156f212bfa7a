/**
 * What the campaign join scenario of `npm run bench` needs: one open
 * campaign in the checkout store, on a variant whose stock no run exhausts,
 * with places for every join a run makes (10,000). Every join counts on the
 * campaign's one row, so the scenario measures that hot row as well as the
 * checkout it shares.
 */
import { sql } from 'drizzle-orm';
import type { DrizzleDatabase } from '../src/db/drizzle.ts';
import { BENCH_CHECKOUT_SLUG } from './bench-catalog.ts';

export const BENCH_CAMPAIGN_PLACES = 10_000;

/** Writes the campaign (open from a minute ago for a day, at half the variant's price) and answers its id. */
export async function seedBenchCampaign(db: DrizzleDatabase, variantId: string): Promise<string> {
  const { rows } = await db.execute<{ id: string }>(sql`
    INSERT INTO campaigns (id, store_id, variant_id, name, min_participants, max_participants, units_per_participant,
      price, original_price, currency, starts_at, ends_at)
    SELECT uuid_v7(), s.id, v.id, 'Bench campaign', 2, ${BENCH_CAMPAIGN_PLACES}, 1, p.amount / 2, p.amount, s.currency,
      now() - interval '1 minute', now() + interval '1 day'
    FROM stores s
    JOIN variants v ON v.store_id = s.id AND v.id = ${variantId}
    CROSS JOIN LATERAL (
      SELECT amount FROM prices WHERE variant_id = v.id OR product_id = v.product_id ORDER BY valid_from DESC LIMIT 1) p
    WHERE s.slug = ${BENCH_CHECKOUT_SLUG}
    RETURNING id`);
  return rows[0]!.id;
}
