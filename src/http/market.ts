import type { Context } from 'hono';
import type { AppEnv } from '../env';
import type { MarketQueryValue } from '../schemas/market-query';

/** Cloudflare's codes for an unknown country and for Tor, which name no market. */
const NO_COUNTRY = new Set(['XX', 'T1']);

/**
 * The shopper's country (ISO 3166-1 alpha-2) as the edge saw it: the
 * `CF-IPCountry` header Cloudflare sets (a local client may send it, to
 * act as a shopper from elsewhere), else `request.cf.country`; none when
 * unknown.
 */
export function shopperCountry(c: Context<AppEnv>): string | undefined {
  const cf = (c.req.raw as { cf?: { country?: unknown } }).cf;
  const country = (c.req.header('cf-ipcountry') ?? (typeof cf?.country === 'string' ? cf.country : '')).toUpperCase();
  return /^[A-Z]{2}$/.test(country) && !NO_COUNTRY.has(country) ? country : undefined;
}

/**
 * The market a storefront request asks for: `?market=`, `?currency=`, else
 * the shopper's country; services take it as the `MarketChoice` of
 * db/sql/store-scope.ts (middleware does not import the database layer).
 */
export interface RequestedMarket {
  market?: string;
  currency?: string;
  country?: string;
}

export function marketChoice(c: Context<AppEnv>, query: MarketQueryValue): RequestedMarket {
  return { market: query.market, currency: query.currency, country: shopperCountry(c) };
}
