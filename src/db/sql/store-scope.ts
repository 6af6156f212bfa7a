import { type SQL, sql } from 'drizzle-orm';
import { STORE_SETTING_BOUNDS } from '../../lib/store-settings';

/**
 * Store scoping: every statement acts for one store. A statement that
 * needs the store's currency, tax rate or settings starts with the `store`
 * CTE, and reads it through `store` below; fragments that need one of those
 * values take it as an argument, so what a fragment depends on is visible
 * where it is used.
 */

/**
 * The low-stock line that the settings of store alias `alias` give: available
 * stock at or below it is `low_stock`, for variants without a reorder level.
 */
export function lowStockThreshold(alias: 's' | 'stores'): SQL {
  const settings = sql`${sql.raw(alias)}.settings`;
  return sql`CASE WHEN jsonb_typeof(${settings} -> 'lowStockThreshold') = 'number'
    THEN greatest(floor((${settings} ->> 'lowStockThreshold')::numeric), 0)::int
    ELSE ${STORE_SETTING_BOUNDS.lowStockThreshold.default}::int END`;
}

/**
 * Which market a storefront request sells in (issue 22; the rule is in
 * docs/guide.md, "Markets"): a market's code, else a currency, else the
 * shopper's country; none of them is the home market, `default` (the
 * store's own currency and tax mode). `market` as SQL is a cart's or an
 * order's stored market, which is never refused: a market gone inactive, or
 * no row at all, falls back to the home market.
 */
export interface MarketChoice {
  market?: string | SQL;
  currency?: string;
  country?: string;
}

/** The market's code the request names, or none, as the problem's field. */
function refusedField(choice: MarketChoice): 'market' | 'currency' | undefined {
  if (typeof choice.market === 'string') return 'market';
  return choice.currency && !choice.market ? 'currency' : undefined;
}

/**
 * The market of store alias `s` that `choice` picks, as a LATERAL relation
 * (code, currency, tax_inclusive): candidates ranked, the home market among
 * them, the first taken; none when an explicit market or currency names
 * nothing the store sells in.
 */
function chosenMarket(choice: MarketChoice): SQL {
  const { market, currency, country } = choice;
  let filter: SQL;
  let home: SQL;
  let homeRank = 1;
  if (market !== undefined) {
    const lenient = typeof market !== 'string';
    const sameCurrency = currency ? sql` AND m.currency = ${currency}` : sql``;
    filter = sql`m.code = ${market}${lenient ? sql`` : sql` AND m.active`}${sameCurrency}`;
    home = lenient ? sql`true` : sql`${market} = 'default'${currency ? sql` AND s.currency = ${currency}` : sql``}`;
  } else if (currency) {
    filter = sql`m.active AND m.currency = ${currency}`;
    home = sql`s.currency = ${currency}`;
    homeRank = 0;
  } else if (country) {
    filter = sql`m.active AND EXISTS (SELECT 1 FROM market_countries mc WHERE mc.market_id = m.id AND mc.country = ${country})`;
    home = sql`true`;
  } else {
    filter = sql`false`;
    home = sql`true`;
  }
  return sql`(SELECT code, currency, tax_inclusive FROM (
      SELECT m.code, m.currency::text AS currency, m.tax_inclusive, 0 AS rank, m.position FROM markets m
      WHERE m.store_id = s.id AND ${filter}
      UNION ALL
      SELECT 'default', s.currency::text, s.prices_include_tax, ${homeRank}, 0 WHERE ${home}) c
    ORDER BY rank, position, code
    LIMIT 1)`;
}

/**
 * `store`: the active store of this slug, with the currency and tax mode of
 * the market `choice` picks (the home market when none is given), its tax
 * rate, settings and low-stock threshold. A market or currency the store
 * does not sell in stops the statement with a 422 on that field.
 */
export function storeCte(slug: string, choice: MarketChoice = {}): SQL {
  return storeCteWhere(sql`s.slug = ${slug} AND s.status = 'active'`, choice);
}

/** `store` for an admin read or write: the store the tenancy guard resolved, in its home market. */
export function storeByIdCte(storeId: string): SQL {
  return storeCteWhere(sql`s.id = ${storeId}`, {});
}

function storeCteWhere(condition: SQL, choice: MarketChoice): SQL {
  const field = refusedField(choice);
  const refuse = field
    ? sql`CASE WHEN m.code IS NULL THEN api_error('validation_failed',
        ${`This store sells in no such ${field === 'market' ? 'market' : 'currency'}; its markets are listed at /v1/stores/{store}/markets.`}, ${field}) END`
    : sql`NULL::boolean`;
  return sql`store AS (
    SELECT s.id, m.code AS market, m.currency, m.tax_inclusive, s.currency AS home_currency, s.tax_rate_bps, s.settings,
      ${lowStockThreshold('s')} AS low_stock_threshold, ${refuse} AS refused
    FROM stores s
    LEFT JOIN LATERAL ${chosenMarket(choice)} m ON true
    WHERE ${condition})`;
}

/** The `store` CTE's values, for statements that begin with `storeCte` or `storeByIdCte`. */
export const store = {
  id: sql`(SELECT id FROM store)`,
  /** The market's code (`default`: the home market). */
  market: sql`(SELECT market FROM store)`,
  /** The market's currency, which every price and total of the statement is in. */
  currency: sql`(SELECT currency FROM store)`,
  /** Whether the market's prices include tax (EU-style) rather than have it added (US-style). */
  taxInclusive: sql`(SELECT tax_inclusive FROM store)`,
  /** The store's flat rate, for destinations without tax rates of their own. */
  taxRateBps: sql`(SELECT tax_rate_bps FROM store)`,
  lowStockThreshold: sql`(SELECT low_stock_threshold FROM store)`,
} as const;
