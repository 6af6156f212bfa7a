import { marketCountries, markets, prices, shippingRates } from '../../src/db/schema';
import { uuidv7 } from '../../src/lib/ids';
import type { CatalogStore } from './catalog';
import { testDb } from './stores';

/**
 * A market of `catalog` written straight to the database, for tests of
 * reads that need one: `eu` in EUR by default, tax included, serving ES and
 * FR. Answers its id.
 */
export async function addMarket(
  catalog: CatalogStore,
  market: {
    code?: string;
    currency?: string;
    countries?: string[];
    taxInclusive?: boolean;
    active?: boolean;
    position?: number;
  } = {},
): Promise<string> {
  const id = uuidv7();
  const {
    code = 'eu',
    currency = 'EUR',
    countries = ['ES', 'FR'],
    taxInclusive = true,
    active = true,
    position = 0,
  } = market;
  await testDb().insert(markets).values({
    id,
    storeId: catalog.storeId,
    code,
    name: code.toUpperCase(),
    currency,
    taxInclusive,
    active,
    position,
  });
  if (countries.length > 0)
    await testDb()
      .insert(marketCountries)
      .values(countries.map((country) => ({ storeId: catalog.storeId, country, marketId: id })));
  return id;
}

/** Prices in `currency` for the variants of the products with these slugs: `amount(index)` for the n-th variant. */
export async function priceProductsIn(
  catalog: CatalogStore,
  currency: string,
  productAmounts: Record<string, number>,
): Promise<void> {
  const rows = Object.entries(productAmounts).flatMap(([slug, amount]) => {
    const product = catalog.product(slug);
    return catalog.variants
      .filter((variant) => variant.productId === product.id)
      .map((variant, index) => ({
        id: uuidv7(),
        storeId: catalog.storeId,
        variantId: variant.id,
        currency,
        amount: amount + index * 100,
      }));
  });
  await testDb().insert(prices).values(rows);
}

/** A shipping rate of `catalog` in `currency`, offered everywhere. Answers its id. */
export async function addShippingRateIn(catalog: CatalogStore, currency: string, amount = 9_90): Promise<string> {
  const id = uuidv7();
  await testDb()
    .insert(shippingRates)
    .values({ id, storeId: catalog.storeId, name: `Shipping in ${currency}`, currency, amount, countries: [] });
  return id;
}
