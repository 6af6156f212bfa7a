import type { BatchItem } from 'drizzle-orm/batch';
import {
  categories,
  customers,
  marketCountries,
  markets,
  orders,
  prices,
  productCategories,
  products,
  promotionCodes,
  promotionCustomerUses,
  promotions,
  shippingRates,
  taxRates,
  variants,
} from '../../src/db/schema';
import { uuidv7 } from '../../src/lib/ids';
import type { SeededRandom } from './seeded-random';
import { createTestStore, testDb } from './stores';
import type { CustomerSegment, OracleCode, OracleCustomer, OraclePromotion, OracleTaxRate } from './totals-oracle';

/**
 * A random store that sells worldwide, for the totals property tests: a
 * home market and 0–2 others (currencies with 0 and 2 decimals), tax rates
 * (country-wide, regional, per tax class; some 0), products with a price in
 * some of the store's currencies, categories, shipping rates per currency,
 * promotions of every type and condition with their codes, and customers
 * (segments, earlier orders, per-customer uses). Written with drizzle, as
 * the admin APIs for these rows are built elsewhere, and answered as the
 * plain data the oracle (totals-oracle.ts) reads. The customers are a model
 * the test updates as its checkouts change them.
 */

const CURRENCIES = ['USD', 'EUR', 'JPY'] as const;
const COUNTRIES = ['US', 'CA', 'DE', 'FR', 'JP', 'AR', 'MX', 'ES'] as const;
export const REGIONS = ['BC', 'NY', 'ON'] as const;
const TAX_CLASSES = ['books', 'food', 'toys'] as const;
/** Rate names that every collation orders alike (capitalized, distinct first letters). */
const RATE_NAMES = ['Federal', 'Provincial', 'State'] as const;
const SEGMENTS: CustomerSegment[] = ['new', 'regular', 'vip'];
const DAY = 86_400_000;

export interface WorldMarket {
  code: string;
  currency: string;
  taxInclusive: boolean;
  /** The countries it lists; the home market serves the others. */
  countries: string[];
}

export interface WorldVariant {
  id: string;
  productId: string;
  taxClass: string | null;
  categoryIds: string[];
  /** Current price by currency; a currency missing: not sold in it. */
  prices: Record<string, number>;
}

export interface WorldCustomer extends OracleCustomer {
  email: string;
}

export interface World {
  storeId: string;
  slug: string;
  flatRateBps: number;
  /** The home market (`default`) first. */
  markets: WorldMarket[];
  taxRates: OracleTaxRate[];
  variants: WorldVariant[];
  shippingRates: { id: string; currency: string; amount: number; freeOverAmount: number | null }[];
  promotions: OraclePromotion[];
  codes: (OracleCode & { id: string })[];
  customers: WorldCustomer[];
}

/** Tie-friendly amounts (equal lines, halves) more often than chance would give them. */
function amount(rng: SeededRandom, currency: string): number {
  if (rng.chance(0.4))
    return rng.pick(currency === 'JPY' ? [100, 500, 1000, 1980] : [500, 999, 1000, 1500, 2500, 3333]);
  return rng.int(1, currency === 'JPY' ? 30_000 : 40_000);
}

function byCurrency(
  rng: SeededRandom,
  currencies: readonly string[],
  probability: number,
  value: (c: string) => number,
) {
  return Object.fromEntries(rng.subset(currencies, probability).map((currency) => [currency, value(currency)]));
}

export async function createSellingWorld(rng: SeededRandom, now: Date): Promise<World> {
  const db = testDb();
  const home = rng.pick(CURRENCIES);
  const store = await createTestStore({
    currency: home,
    taxRateBps: rng.pick([0, 1000, 1234, 2100, rng.int(0, 3000)]),
    pricesIncludeTax: rng.chance(0.5),
  });
  const storeId = store.id;
  const pool = [...COUNTRIES].sort(() => rng.next() - 0.5);
  const others = CURRENCIES.filter((currency) => currency !== home)
    .sort(() => rng.next() - 0.5)
    .slice(0, rng.int(0, 2));
  const extraMarkets: (WorldMarket & { id: string; position: number })[] = others.map((currency, index) => ({
    id: uuidv7(),
    code: `market-${currency.toLowerCase()}`,
    currency,
    taxInclusive: rng.chance(0.5),
    countries: pool.splice(0, rng.int(1, 2)),
    position: index,
  }));
  const worldMarkets: WorldMarket[] = [
    { code: 'default', currency: home, taxInclusive: store.pricesIncludeTax, countries: pool },
    ...extraMarkets,
  ];
  const currencies = worldMarkets.map((market) => market.currency);

  const rates = new Map<string, OracleTaxRate>();
  const addRate = (country: string, region: string | null, taxClass: string | null) => {
    const rate = {
      country,
      region,
      taxClass,
      name: rng.pick(RATE_NAMES),
      ratePpm: rng.chance(0.6) ? rng.pick([0, 50_000, 70_000, 88_750, 100_000, 123_457, 210_000]) : rng.int(0, 300_000),
    };
    rates.set(`${country}|${region}|${taxClass}|${rate.name}`, rate);
  };
  for (const country of COUNTRIES.filter(() => rng.chance(0.6))) {
    if (rng.chance(0.8)) addRate(country, null, null);
    if (rng.chance(0.3)) addRate(country, null, null);
    for (const region of rng.subset(REGIONS, 0.35)) addRate(country, region, null);
    for (const taxClass of rng.subset(TAX_CLASSES, 0.3))
      addRate(country, rng.chance(0.7) ? null : rng.pick(REGIONS), taxClass);
  }

  const categoryIds = [uuidv7(), uuidv7(), uuidv7()];
  const worldVariants: WorldVariant[] = Array.from({ length: 8 }, () => {
    const productId = uuidv7();
    return {
      id: uuidv7(),
      productId,
      taxClass: rng.chance(0.5) ? null : rng.pick(TAX_CLASSES),
      categoryIds: rng.subset(categoryIds, 0.35),
      prices: byCurrency(rng, currencies, 0.85, (currency) => amount(rng, currency)),
    };
  });
  const worldRates = currencies.flatMap((currency) =>
    Array.from({ length: rng.int(1, 2) }, () => ({
      id: uuidv7(),
      currency,
      amount: rng.chance(0.2) ? 0 : amount(rng, currency),
      freeOverAmount: rng.chance(0.6) ? null : rng.int(1000, 60_000),
    })),
  );

  const worldPromotions = Array.from({ length: rng.int(3, 7) }, (_, index) =>
    randomPromotion(rng, index, now, currencies, worldMarkets, worldVariants, categoryIds),
  );
  const codes = worldPromotions
    .filter((promotion) => promotion.method === 'code')
    .flatMap((promotion, index) =>
      Array.from({ length: rng.int(1, 2) }, (_, n) => {
        const usageLimit = rng.chance(0.3) ? 1 : null;
        return {
          id: uuidv7(),
          promotionId: promotion.id,
          code: `SAVE-${index}${n}${rng.pick(['', 'X', '_2'])}`,
          usageLimit,
          timesUsed: usageLimit !== null && rng.chance(0.3) ? 1 : 0,
        };
      }),
    );

  const earlierOrders: (typeof orders.$inferInsert)[] = [];
  const uses: (typeof promotionCustomerUses.$inferInsert)[] = [];
  const worldCustomers: (WorldCustomer & { id: string })[] = Array.from({ length: 3 }, (_, index) => {
    const customer = {
      id: uuidv7(),
      email: `buyer-${index}-${store.slug}@example.test`,
      segment: rng.pick(SEGMENTS),
      hasOtherOrders: false,
      uses: {} as Record<string, number>,
    };
    if (rng.chance(0.4)) {
      const status = rng.pick(['pending_payment', 'cancelled'] as const);
      customer.hasOtherOrders = status !== 'cancelled';
      earlierOrders.push({
        storeId,
        customerId: customer.id,
        email: customer.email,
        currency: home,
        subtotal: 0,
        total: 0,
        status,
      });
    }
    for (const promotion of worldPromotions.filter((p) => p.usageLimitPerCustomer !== null && rng.chance(0.5))) {
      const timesUsed = rng.int(0, promotion.usageLimitPerCustomer!);
      customer.uses[promotion.id] = timesUsed;
      uses.push({
        promotionId: promotion.id,
        customerId: customer.id,
        storeId,
        timesUsed,
        usageLimit: promotion.usageLimitPerCustomer!,
      });
    }
    return customer;
  });

  const statements: BatchItem<'pg'>[] = [];
  const insertAll = <T>(list: T[], insert: (list: T[]) => BatchItem<'pg'>) => {
    if (list.length > 0) statements.push(insert(list));
  };
  insertAll(categoryIds, (ids) =>
    db
      .insert(categories)
      .values(ids.map((id, index) => ({ id, storeId, slug: `category-${index}`, name: `Category ${index}` }))),
  );
  insertAll(worldVariants, (list) =>
    db.insert(products).values(
      list.map((variant, index) => ({
        id: variant.productId,
        storeId,
        slug: `product-${index}`,
        name: `Product ${index}`,
        status: 'active' as const,
        taxClass: variant.taxClass,
      })),
    ),
  );
  insertAll(worldVariants, (list) =>
    db.insert(variants).values(
      list.map((variant, index) => ({
        id: variant.id,
        storeId,
        productId: variant.productId,
        sku: `SKU-${index}`,
        onHand: 100_000,
      })),
    ),
  );
  insertAll(
    worldVariants.flatMap((variant) =>
      Object.entries(variant.prices).map(([currency, amount]) => ({
        storeId,
        variantId: variant.id,
        currency,
        amount,
        validFrom: new Date(now.getTime() - DAY),
      })),
    ),
    (list) => db.insert(prices).values(list),
  );
  insertAll(
    worldVariants.flatMap((variant) =>
      variant.categoryIds.map((categoryId) => ({ storeId, productId: variant.productId, categoryId })),
    ),
    (list) => db.insert(productCategories).values(list),
  );
  insertAll(worldRates, (list) =>
    db.insert(shippingRates).values(list.map((rate, index) => ({ ...rate, storeId, name: `Rate ${index}` }))),
  );
  insertAll([...rates.values()], (list) => db.insert(taxRates).values(list.map((rate) => ({ ...rate, storeId }))));
  insertAll(extraMarkets, (list) =>
    db.insert(markets).values(
      list.map(({ id, code, currency, taxInclusive, position }) => ({
        id,
        storeId,
        code,
        name: code,
        currency,
        taxInclusive,
        position,
      })),
    ),
  );
  insertAll(
    extraMarkets.flatMap((market) => market.countries.map((country) => ({ storeId, country, marketId: market.id }))),
    (list) => db.insert(marketCountries).values(list),
  );
  insertAll(worldCustomers, (list) =>
    db.insert(customers).values(list.map(({ id, email, segment }) => ({ id, storeId, email, segment }))),
  );
  insertAll(earlierOrders, (list) => db.insert(orders).values(list));
  insertAll(worldPromotions, (list) =>
    db.insert(promotions).values(
      list.map((promotion) => ({
        ...promotion,
        storeId,
        productIds: [...promotion.productIds],
        categoryIds: [...promotion.categoryIds],
        customerSegments: [...promotion.customerSegments],
        marketCodes: [...promotion.marketCodes],
      })),
    ),
  );
  insertAll(codes, (list) => db.insert(promotionCodes).values(list.map((code) => ({ ...code, storeId }))));
  insertAll(uses, (list) => db.insert(promotionCustomerUses).values(list));
  const [first, ...rest] = statements;
  await db.batch([first!, ...rest]);

  return {
    storeId,
    slug: store.slug,
    flatRateBps: store.taxRateBps,
    markets: worldMarkets,
    taxRates: [...rates.values()],
    variants: worldVariants,
    shippingRates: worldRates,
    promotions: worldPromotions,
    codes,
    customers: worldCustomers,
  };
}

function randomPromotion(
  rng: SeededRandom,
  index: number,
  now: Date,
  currencies: string[],
  worldMarkets: WorldMarket[],
  worldVariants: WorldVariant[],
  categoryIds: string[],
): OraclePromotion {
  const type = rng.pick(['percentage', 'fixed_amount', 'free_shipping'] as const);
  const startsAt = new Date(now.getTime() + (rng.chance(0.1) ? rng.int(1, 10) : -rng.int(1, 30)) * DAY);
  const window = rng.next();
  const endsAt =
    window < 0.65
      ? null
      : window < 0.85 || startsAt > now
        ? new Date(Math.max(now.getTime(), startsAt.getTime()) + rng.int(1, 10) * DAY)
        : new Date((startsAt.getTime() + now.getTime()) / 2);
  const usageLimit = rng.chance(0.2) ? rng.int(1, 3) : null;
  return {
    id: uuidv7(),
    name: `Promotion ${index}`,
    method: rng.chance(0.5) ? 'code' : 'automatic',
    type,
    percentageBps: type === 'percentage' ? rng.pick([1000, 1500, 2500, 3333, 5000, 10_000, rng.int(1, 10_000)]) : null,
    amounts:
      type === 'fixed_amount'
        ? byCurrency(rng, currencies, 0.8, (currency) => rng.pick([333, 1000, amount(rng, currency), 1_000_000]))
        : {},
    minSubtotals: rng.chance(0.25) ? byCurrency(rng, currencies, 0.7, () => rng.int(1000, 60_000)) : {},
    productIds: rng.chance(0.25) ? rng.subset(worldVariants, 0.4).map((variant) => variant.productId) : [],
    categoryIds: rng.chance(0.2) ? rng.subset(categoryIds, 0.5) : [],
    firstOrderOnly: rng.chance(0.15),
    customerSegments: rng.chance(0.2) ? rng.subset(SEGMENTS, 0.5) : [],
    marketCodes: rng.chance(0.2) ? rng.subset(worldMarkets, 0.5).map((market) => market.code) : [],
    startsAt,
    endsAt,
    usageLimit,
    usageLimitPerCustomer: rng.chance(0.15) ? rng.int(1, 2) : null,
    timesUsed: usageLimit !== null && rng.chance(0.3) ? usageLimit : 0,
    active: rng.chance(0.9),
  };
}
