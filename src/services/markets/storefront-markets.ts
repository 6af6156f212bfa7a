import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { statement } from '../../db/sql/statement';
import { type MarketChoice, store, storeCte } from '../../db/sql/store-scope';
import { defineView, type ViewJson, type ViewValue } from '../../db/sql/views';
import { HOME_MARKET, StorefrontMarketsSchema } from '../../schemas/markets';
import type { CatalogRead } from '../catalog/catalog-read';
import { runStorefrontRead, type StorefrontRow, storefrontRowColumns } from '../catalog/storefront-sql';

/**
 * Where a store sells, as a storefront's market picker shows it: the home
 * market first (named as the store, serving every country no market lists),
 * then the active markets in order, each with its countries; the market the
 * request sells in, and the shopper's country.
 */
const storefrontMarketsView = defineView(
  StorefrontMarketsSchema,
  (country: string | null) => sql`json_build_object(
    'data', (
      SELECT json_agg(market ORDER BY rank, position, code)
      FROM (
        SELECT json_build_object('code', ${HOME_MARKET}::text, 'name', s.name, 'currency', s.currency,
            'countries', '[]'::json, 'taxInclusive', s.prices_include_tax) AS market,
          0 AS rank, 0 AS position, ''::text AS code
        FROM stores s
        WHERE s.id = ${store.id}
        UNION ALL
        SELECT json_build_object('code', m.code, 'name', m.name, 'currency', m.currency,
            'countries', coalesce((
              SELECT json_agg(mc.country ORDER BY mc.country) FROM market_countries mc WHERE mc.market_id = m.id), '[]'),
            'taxInclusive', m.tax_inclusive),
          1, m.position, m.code
        FROM markets m
        WHERE m.store_id = ${store.id} AND m.active) markets),
    'current', ${store.market},
    'country', ${country}::text)`,
);

type StorefrontMarkets = ViewValue<typeof storefrontMarketsView>;

/** The store's markets and the one `market` picks for this request, in one statement. */
export async function getStorefrontMarkets(
  db: Database,
  slug: string,
  market: MarketChoice,
): Promise<CatalogRead<StorefrontMarkets>> {
  const read = statement<
    StorefrontRow & { markets: ViewJson<StorefrontMarkets> | null }
  >(sql`WITH ${storeCte(slug, market)}
    SELECT ${storefrontRowColumns(sql`NULL`)},
      (${storefrontMarketsView.json(market.country ?? null)})::text AS markets`);
  const { row, ...answer } = await runStorefrontRead(db, slug, read);
  return { ...answer, body: row.markets!, tags: [] };
}
