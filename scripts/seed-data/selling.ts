/**
 * A demo store's selling beyond its home market: markets with their
 * countries, prices and shipping rates in the market's currency, products'
 * tax classes and promotions with their codes, as rows in one transaction;
 * then tax rates through the admin service, as staff add them (audited).
 * Run after the store's orders and campaigns, whose totals stay as placed.
 */
import { eq, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { DrizzleDatabase } from '../../src/db/drizzle.ts';
import {
  marketCountries,
  markets,
  prices,
  products,
  promotionCodes,
  promotions,
  shippingRates,
  users,
} from '../../src/db/schema/index.ts';
import { uuidv7 } from '../../src/lib/ids.ts';
import type { AuditContext } from '../../src/services/audit.ts';
import { refreshSortPrices } from '../../src/services/catalog/sort-prices.ts';
import { createTaxRate } from '../../src/services/taxes/tax-rates.ts';
import type { storeRows } from './rows.ts';
import type { SeedMarket, SeedPromotion, SeedStore } from './types.ts';

type StoreRows = ReturnType<typeof storeRows>;

/** A market's rows: itself, its countries, a price for every variant of each priced product, its shipping rates. */
function marketStatements(db: DrizzleDatabase, rows: StoreRows, market: SeedMarket, position: number) {
  const { storeId } = rows;
  const marketId = uuidv7();
  const priced = rows.variants.flatMap((variant) => {
    const product = rows.products.find((row) => row.id === variant.productId)!;
    const amount = market.prices[product.slug];
    return amount === undefined
      ? []
      : [{ id: uuidv7(), storeId, variantId: variant.id!, currency: market.currency, amount }];
  });
  const { prices: _prices, shippingRates: rates, countries, ...fields } = market;
  return [
    db.insert(markets).values({ id: marketId, storeId, ...fields, position }),
    db.insert(marketCountries).values(countries.map((country) => ({ storeId, country, marketId }))),
    db.insert(prices).values(priced),
    db.insert(shippingRates).values(
      rates.map((rate, index) => ({
        id: uuidv7(),
        storeId,
        ...rate,
        currency: market.currency,
        position: 10 + index,
      })),
    ),
  ];
}

/** A promotion's row and its codes; its categories found by slug. */
function promotionStatements(db: DrizzleDatabase, rows: StoreRows, promotion: SeedPromotion) {
  const { storeId } = rows;
  const id = uuidv7();
  const { categories: slugs = [], codes = [], ...fields } = promotion;
  const categoryIds = rows.categories.filter((category) => slugs.includes(category.slug)).map((row) => row.id);
  if (categoryIds.length !== slugs.length) throw new Error(`seed: ${promotion.name} names an unknown category`);
  const statements: BatchItem<'pg'>[] = [db.insert(promotions).values({ id, storeId, ...fields, categoryIds })];
  if (codes.length > 0) {
    statements.push(
      db.insert(promotionCodes).values(codes.map((code) => ({ id: uuidv7(), storeId, promotionId: id, code }))),
    );
  }
  return statements;
}

/** Writes `data.selling` in the store just written from `rows`. */
export async function seedSelling(db: DrizzleDatabase, data: SeedStore, rows: StoreRows): Promise<void> {
  const selling = data.selling;
  if (!selling) return;
  const { storeId } = rows;
  const statements: BatchItem<'pg'>[] = [
    ...(selling.markets ?? []).flatMap((market, position) => marketStatements(db, rows, market, position)),
    ...Object.entries(selling.taxClasses ?? {}).map(([slug, taxClass]) =>
      db.update(products).set({ taxClass }).where(sql`${products.storeId} = ${storeId} AND ${products.slug} = ${slug}`),
    ),
    ...(selling.promotions ?? []).flatMap((promotion) => promotionStatements(db, rows, promotion)),
    db.execute(refreshSortPrices(sql`p.store_id = ${storeId}`)),
  ];
  const [first, ...rest] = statements;
  await db.batch([first!, ...rest]);

  if (!selling.taxRates?.length) return;
  const [owner] = await db.select({ id: users.id }).from(users).where(eq(users.email, data.owner.email));
  if (!owner) throw new Error(`seed: no owner ${data.owner.email}`);
  const staff: AuditContext = { storeId, actor: { type: 'user', id: owner.id }, requestId: 'seed' };
  for (const rate of selling.taxRates) await createTaxRate(db, staff, rate);
}
