import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { statement } from '../../db/sql/statement';
import { store, storeCte } from '../../db/sql/store-scope';
import type { ViewJson, ViewValue } from '../../db/sql/views';
import { ApiError } from '../../lib/api-error';
import { type CatalogRead, catalogTags } from '../catalog/catalog-read';
import { runStorefrontRead, type StorefrontRow, storefrontRowColumns } from '../catalog/storefront-sql';
import { NO_CAMPAIGN, secondsUntilNextCampaignChange, storefrontCampaignView } from './campaign-view';

/**
 * Campaigns as shoppers browse them, through the catalog cache but never
 * for long: progress moves with every join, which purges nothing, so an
 * answer is kept at most CAMPAIGN_CACHE_CEILING (and never past the moment
 * one of its campaigns opens or ends).
 */

export const CAMPAIGN_CACHE_CEILING = { maxAge: 10, staleWhileRevalidate: 20 } as const;

type StorefrontCampaign = ViewValue<typeof storefrontCampaignView>;

/** What a shopper may find in a list: campaigns not yet over, on a variant they could buy. */
const joinable = sql`c.status = 'active' AND c.ends_at > now() AND EXISTS (
    SELECT 1 FROM variants v JOIN products p ON p.id = v.product_id
    WHERE v.id = c.variant_id AND v.active AND p.status = 'active')`;

/**
 * The store's scheduled and open campaigns, soonest ending first, on one
 * variant or one product's when asked: unpaged, a store having at most
 * MAX_OPEN_CAMPAIGNS not settled. One statement.
 */
export async function listStorefrontCampaigns(
  db: Database,
  slug: string,
  filter: { variantId?: string; productId?: string },
): Promise<CatalogRead<{ data: StorefrontCampaign[] }>> {
  const conditions: SQL[] = [sql`c.store_id = ${store.id}`, joinable];
  if (filter.variantId) conditions.push(sql`c.variant_id = ${filter.variantId}`);
  if (filter.productId) {
    conditions.push(sql`c.variant_id IN (SELECT id FROM variants WHERE product_id = ${filter.productId})`);
  }
  const picked = sql`campaigns c WHERE ${sql.join(conditions, sql` AND `)}`;
  const read = statement<StorefrontRow & { campaigns: ViewJson<StorefrontCampaign[]> }>(sql`WITH ${storeCte(slug)}
    SELECT ${storefrontRowColumns(secondsUntilNextCampaignChange(picked))},
      coalesce((SELECT json_agg(${storefrontCampaignView.json('c')} ORDER BY c.ends_at, c.id) FROM ${picked}), '[]')::text
        AS campaigns`);
  const { row, ...answer } = await runStorefrontRead(db, slug, read);
  return campaignRead(answer, `{"data":${row.campaigns}}`);
}

/**
 * One campaign of the store in any state, so that a shopper following a
 * link sees how it ended; another store's is a 404.
 * One statement.
 */
export async function getStorefrontCampaign(
  db: Database,
  slug: string,
  campaignId: string,
): Promise<CatalogRead<StorefrontCampaign>> {
  const picked = sql`campaigns c WHERE c.id = ${campaignId} AND c.store_id = ${store.id}`;
  const read = statement<StorefrontRow & { campaign: ViewJson<StorefrontCampaign> | null }>(sql`WITH ${storeCte(slug)}
    SELECT ${storefrontRowColumns(secondsUntilNextCampaignChange(picked))},
      (SELECT ${storefrontCampaignView.json('c')} FROM ${picked})::text AS campaign`);
  const { row, ...answer } = await runStorefrontRead(db, slug, read);
  if (!row.campaign) throw new ApiError('not_found', NO_CAMPAIGN);
  return campaignRead(answer, row.campaign);
}

/** A campaign read for the cache: tagged for admin writes to purge, and kept briefly. */
function campaignRead<Value>(answer: Omit<CatalogRead, 'body' | 'tags'>, body: ViewJson<Value>): CatalogRead<Value> {
  return { ...answer, body, tags: [catalogTags.campaigns(answer.storeId)], ceiling: CAMPAIGN_CACHE_CEILING };
}
