import type { OrderTaxLine } from '../../src/db/schema/selling';
import { prices, promotionCodes, promotions, shippingRates, taxRates } from '../../src/db/schema';
import { api, jsonBody } from './api';
import { addMarket, addShippingRateIn } from './markets';
import type { CatalogStore } from './catalog';
import { testDb } from './stores';

/**
 * Rows of issue 22 (markets, tax rates, promotions, prices in another
 * currency) written straight to the database, for the pricing engine's
 * tests: the admin APIs are built elsewhere.
 */

type PromotionRow = typeof promotions.$inferInsert;

/** A promotion of the store (a 10 % automatic one unless told), with its codes when given. */
export async function addPromotion(
  catalog: CatalogStore,
  fields: Partial<PromotionRow> = {},
  codes: Omit<typeof promotionCodes.$inferInsert, 'storeId' | 'promotionId'>[] = [],
) {
  const [row] = await testDb()
    .insert(promotions)
    .values({
      storeId: catalog.storeId,
      name: fields.name ?? 'Promotion',
      method: codes.length ? 'code' : 'automatic',
      type: 'percentage',
      percentageBps: fields.type && fields.type !== 'percentage' ? null : 1000,
      startsAt: new Date(Date.now() - 60_000),
      ...fields,
    })
    .returning();
  if (codes.length) {
    await testDb()
      .insert(promotionCodes)
      .values(codes.map((code) => ({ storeId: catalog.storeId, promotionId: row!.id, ...code })));
  }
  return row!;
}

export async function addTaxRate(catalog: CatalogStore, fields: Omit<typeof taxRates.$inferInsert, 'storeId'>) {
  const [row] = await testDb()
    .insert(taxRates)
    .values({ storeId: catalog.storeId, ...fields })
    .returning();
  return row!;
}

/**
 * A market (markets.ts's `addMarket`) with a shipping rate in its currency
 * and prices there for `variantIds` (`amount` each). Answers the rate's id.
 */
export async function addPricedMarket(
  catalog: CatalogStore,
  market: { code: string; currency: string; countries: string[]; taxInclusive?: boolean },
  priced: { variantIds: string[]; amount: number },
) {
  await addMarket(catalog, { ...market, taxInclusive: market.taxInclusive ?? false });
  await testDb()
    .insert(prices)
    .values(
      priced.variantIds.map((variantId) => ({
        storeId: catalog.storeId,
        variantId,
        currency: market.currency,
        amount: priced.amount,
        validFrom: new Date(Date.now() - 60_000),
      })),
    );
  return { rateId: await addShippingRateIn(catalog, market.currency, 500) };
}

/** A shipping rate of the store's home currency that serves every country. */
export async function addWorldwideRate(catalog: CatalogStore, amount = 1_000_00) {
  const [rate] = await testDb()
    .insert(shippingRates)
    .values({ storeId: catalog.storeId, name: 'Worldwide', currency: 'ARS', amount })
    .returning();
  return rate!;
}

export interface PricedCart {
  id: string;
  token: string;
  market: string;
  currency: string;
  country: string | null;
  region: string | null;
  taxInclusive: boolean;
  items: { id: string; variantId: string; lineTotal: number; discount: number; purchasable: boolean }[];
  promotionCode: { code: string; applies: boolean; reason: string | null } | null;
  promotions: {
    promotionId: string;
    name: string;
    code: string | null;
    type: string;
    amount: number;
    shippingAmount: number;
  }[];
  taxLines: OrderTaxLine[];
  totals: { subtotal: number; discount: number; shipping: number; tax: number; taxIncluded: number; total: number };
}

/** A guest cart of `items` (query: `?market=` and the like), answered as created. */
export async function createPricedCart(
  catalog: CatalogStore,
  body: Record<string, unknown>,
  query = '',
  headers: Record<string, string> = {},
): Promise<PricedCart> {
  const response = await api(`/v1/stores/${catalog.slug}/carts${query}`, jsonBody(body, { headers }));
  if (response.status !== 201) throw new Error(`cart: ${response.status} ${await response.text()}`);
  return response.json<PricedCart>();
}

/** A request on guest cart `cart` (path after the cart's, e.g. `/promotion-code`). */
export function onCart(catalog: CatalogStore, cart: PricedCart, method: string, path: string, body?: unknown) {
  const init = { method, headers: { 'x-cart-token': cart.token } };
  return api(`/v1/stores/${catalog.slug}/carts/${cart.id}${path}`, body === undefined ? init : jsonBody(body, init));
}
