/**
 * The bench's catalog stores: `bench-10` and `bench-1000`, alike but for
 * their number of products, so that the bench can compare a list page of a
 * small catalog with one of a large one. Each product has three sizes (one
 * SKU, price and stock each), an image and a category.
 */
import { sql } from 'drizzle-orm';
import type { DrizzleDatabase } from '../src/db/drizzle.ts';
import { isDatabaseUnavailable } from '../src/db/sql/errors.ts';
import { hashPassword } from '../src/lib/password.ts';
import { storeRows, storeStatements } from './seed-data/rows.ts';
import type { SeedProduct, SeedStore } from './seed-data/types.ts';

export const BENCH_CATALOG_SIZES = [10, 1_000] as const;
export const benchCatalogSlug = (size: number) => `bench-${size}`;
/** The product every detail scenario reads; every catalog has it. */
export const BENCH_PRODUCT_SLUG = 'product-0001';

const SIZES = ['S', 'M', 'L'];
const CATEGORIES = ['tops', 'bottoms', 'outerwear', 'shoes', 'accessories'];

function benchProduct(n: number, stock?: number): SeedProduct {
  const code = String(n).padStart(4, '0');
  // Spread over 10.00 to 999.99, in no order related to n, so that a price sort has work to do.
  const basePrice = 10_00 + ((n * 7_919) % 99_000);
  return {
    slug: `product-${code}`,
    name: `Bench Product ${code}`,
    description: `Product ${code} of the bench catalog.`,
    featured: n % 10 === 0,
    tags: ['bench'],
    categories: [CATEGORIES[n % CATEGORIES.length]!],
    images: [{ url: `https://images.example.com/bench/product-${code}.jpg`, alt: `Bench Product ${code}` }],
    variants: SIZES.map((size, index) => ({
      sku: `BENCH-${code}-${size}`,
      options: { Size: size },
      price: basePrice + index * 5_00,
      onHand: stock ?? 5 + ((n + index) % 20),
      reorderLevel: 2,
    })),
  };
}

/** A store of `size` products, as the demo seed describes one. */
export function benchCatalog(size: number): SeedStore {
  const slug = benchCatalogSlug(size);
  return {
    slug,
    name: `Bench ${size}`,
    currency: 'USD',
    taxRateBps: 0,
    timezone: 'UTC',
    // Long enough that no cached entry expires during a bench run, so a hit scenario measures hits only.
    settings: { catalogCacheMaxAgeSeconds: 3_600 },
    owner: { email: `owner@${slug}.test`, name: `Bench ${size} Owner` },
    categories: CATEGORIES.map((category) => ({ slug: category, name: category })),
    optionTypes: [{ name: 'Size', kind: 'size', values: SIZES.map((value) => ({ value })) }],
    products: Array.from({ length: size }, (_, index) => benchProduct(index + 1)),
    shippingRates: [],
  };
}

export const BENCH_CHECKOUT_SLUG = 'bench-checkout';

/**
 * The checkout scenarios' store: 100 products (300 variants) with stock that
 * no bench run can exhaust, one shipping rate, cash on delivery, 10 % tax.
 */
export function benchCheckoutStore(): SeedStore {
  return {
    ...benchCatalog(100),
    slug: BENCH_CHECKOUT_SLUG,
    name: 'Bench checkout',
    taxRateBps: 1_000,
    settings: { paymentMethods: ['cod'] },
    owner: { email: `owner@${BENCH_CHECKOUT_SLUG}.test`, name: 'Bench checkout owner' },
    products: Array.from({ length: 100 }, (_, index) => benchProduct(index + 1, 1_000_000)),
    shippingRates: [{ name: 'Standard', countries: [], amount: 5_00, freeOverAmount: 100_00 }],
  };
}

export const BENCH_ORDERS_SLUG = 'bench-orders';

/** The order scenarios' store: a small catalog whose history bench-orders.ts writes. */
export function benchOrdersStore(): SeedStore {
  return {
    ...benchCatalog(10),
    slug: BENCH_ORDERS_SLUG,
    name: 'Bench orders',
    owner: { email: `owner@${BENCH_ORDERS_SLUG}.test`, name: 'Bench orders owner' },
  };
}

export const BENCH_MARKET_SLUG = 'bench-market';
/** The second market of the market scenarios' store: euros, for shoppers of Spain, France and Germany. */
export const BENCH_MARKET = 'eu';

/** The market scenarios' store: a catalog of 1,000 products like bench-1000's, in USD at home. */
function benchMarketStore(): SeedStore {
  return {
    ...benchCatalog(1_000),
    slug: BENCH_MARKET_SLUG,
    name: 'Bench market',
    owner: { email: `owner@${BENCH_MARKET_SLUG}.test`, name: 'Bench market owner' },
  };
}

/**
 * Gives the market store its EUR market and a EUR price for every variant,
 * in an order of its own (not the USD one), so that a price sort in euros
 * cannot follow the kept USD sort keys.
 */
async function seedBenchMarket(db: DrizzleDatabase): Promise<void> {
  await db.execute(sql`WITH s AS (SELECT id FROM stores WHERE slug = ${BENCH_MARKET_SLUG}),
      m AS (
        INSERT INTO markets (store_id, code, name, currency, tax_inclusive)
        SELECT id, ${BENCH_MARKET}, 'Europe', 'EUR', true FROM s
        RETURNING id, store_id)
    INSERT INTO market_countries (store_id, country, market_id)
    SELECT m.store_id, country, m.id FROM m, unnest(ARRAY['DE', 'ES', 'FR']) AS country`);
  await db.execute(sql`INSERT INTO prices (store_id, variant_id, currency, amount)
    SELECT v.store_id, v.id, 'EUR', 500 + (hashtext(v.sku) & 65535) * 10
    FROM variants v JOIN stores s ON s.id = v.store_id
    WHERE s.slug = ${BENCH_MARKET_SLUG}`);
}

/**
 * Writes the bench stores, each in one batch as the demo seed does. A batch
 * whose connection the local server dropped (a large store's upload on a
 * loaded machine can outlast its keep-alive) is sent once more: it did not
 * commit, and one that had would fail the second time on its ids.
 */
export async function seedBenchCatalogs(db: DrizzleDatabase): Promise<void> {
  const passwordHash = await hashPassword('bench-catalog-password');
  const benchStores = [
    ...BENCH_CATALOG_SIZES.map(benchCatalog),
    benchCheckoutStore(),
    benchOrdersStore(),
    benchMarketStore(),
  ];
  for (const store of benchStores) {
    const [first, ...rest] = storeStatements(db, storeRows(store, passwordHash));
    await db.batch([first!, ...rest]).catch((error: unknown) => {
      if (!isDatabaseUnavailable(error)) throw error;
      return db.batch([first!, ...rest]);
    });
  }
  await seedBenchMarket(db);
}
