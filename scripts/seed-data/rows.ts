/**
 * A demo store's rows, all ids made here, and the inserts that write them:
 * shared by the seed (scripts/seed.ts) and the tests that need a whole
 * catalog. No Node-only imports, so it runs inside workerd too.
 */
import { sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { DrizzleDatabase } from '../../src/db/drizzle.ts';
import {
  categories,
  customers,
  inventoryMovements,
  optionTypes,
  optionValues,
  prices,
  productCategories,
  productImages,
  products,
  shippingRates,
  storeMembers,
  stores,
  users,
  variantOptionValues,
  variants,
} from '../../src/db/schema/index.ts';
import { uuidv7 } from '../../src/lib/ids.ts';
import { optionKey } from '../../src/lib/option-key.ts';
import { refreshSortPrices } from '../../src/services/catalog/sort-prices.ts';
import type { SeedStore } from './types.ts';

function lookup(ids: Map<string, string>, key: string, what: string): string {
  const id = ids.get(key);
  if (!id) throw new Error(`seed data names an unknown ${what}: ${key}`);
  return id;
}

/** One store's demo data as rows for each table, with all ids assigned. */
export function storeRows(data: SeedStore, passwordHash: string) {
  const storeId = uuidv7();
  const store: typeof stores.$inferInsert = {
    id: storeId,
    slug: data.slug,
    name: data.name,
    currency: data.currency,
    taxRateBps: data.taxRateBps,
    timezone: data.timezone,
    contactEmail: data.contactEmail,
    contactPhone: data.contactPhone,
    channels: data.channels ?? {},
    logoUrl: data.logoUrl,
    settings: data.settings ?? {},
  };
  const owner: typeof users.$inferInsert = {
    id: uuidv7(),
    email: data.owner.email,
    name: data.owner.name,
    passwordHash,
    emailVerified: true,
  };

  const categoryRows = data.categories.map((category, position) => ({ id: uuidv7(), storeId, ...category, position }));
  const categoryIds = new Map(categoryRows.map((row) => [row.slug, row.id]));

  const optionTypeRows: (typeof optionTypes.$inferInsert)[] = [];
  const optionValueRows: (typeof optionValues.$inferInsert)[] = [];
  const optionValueIds = new Map<string, string>();
  data.optionTypes.forEach((type, typePosition) => {
    const optionTypeId = uuidv7();
    optionTypeRows.push({ id: optionTypeId, storeId, name: type.name, kind: type.kind, position: typePosition });
    type.values.forEach(({ value, hex }, position) => {
      const id = uuidv7();
      optionValueIds.set(`${type.name}=${value}`, id);
      optionValueRows.push({ id, storeId, optionTypeId, value, hex, position });
    });
  });

  const productRows: (typeof products.$inferInsert)[] = [];
  const productCategoryRows: (typeof productCategories.$inferInsert)[] = [];
  const imageRows: (typeof productImages.$inferInsert)[] = [];
  const variantRows: (typeof variants.$inferInsert)[] = [];
  const variantOptionRows: (typeof variantOptionValues.$inferInsert)[] = [];
  const priceRows: (typeof prices.$inferInsert)[] = [];
  const movementRows: (typeof inventoryMovements.$inferInsert)[] = [];

  for (const product of data.products) {
    const productId = uuidv7();
    productRows.push({
      id: productId,
      storeId,
      slug: product.slug,
      name: product.name,
      description: product.description,
      status: 'active',
      featured: product.featured ?? false,
      tags: product.tags ?? [],
    });
    for (const slug of product.categories) {
      productCategoryRows.push({ productId, categoryId: lookup(categoryIds, slug, 'category'), storeId });
    }
    product.images?.forEach((image, position) => {
      imageRows.push({ id: uuidv7(), storeId, productId, url: image.url, alt: image.alt, position });
    });
    product.variants.forEach((variant, position) => {
      const variantId = uuidv7();
      const valueIds = Object.entries(variant.options ?? {}).map(([type, value]) =>
        lookup(optionValueIds, `${type}=${value}`, 'option value'),
      );
      variantRows.push({
        id: variantId,
        storeId,
        productId,
        sku: variant.sku,
        optionKey: optionKey(valueIds),
        costPrice: variant.costPrice,
        onHand: variant.onHand,
        reorderLevel: variant.reorderLevel,
        position,
      });
      for (const optionValueId of valueIds) variantOptionRows.push({ variantId, optionValueId, storeId });
      priceRows.push({
        id: uuidv7(),
        storeId,
        variantId,
        currency: data.currency,
        amount: variant.price,
        compareAtAmount: variant.compareAtPrice,
      });
      // Stock enters through the ledger, so on_hand equals the sum of its movements.
      if (variant.onHand > 0) {
        movementRows.push({
          id: uuidv7(),
          storeId,
          variantId,
          type: 'inbound',
          onHandDelta: variant.onHand,
          onHandBefore: 0,
          onHandAfter: variant.onHand,
          reservedBefore: 0,
          reservedAfter: 0,
          referenceType: 'seed',
          reason: 'Opening stock',
          actorType: 'system',
        });
      }
    });
  }

  const shippingRateRows = data.shippingRates.map((rate, position) => ({
    id: uuidv7(),
    storeId,
    ...rate,
    currency: data.currency,
    position,
  }));
  const customerRows = (data.customers ?? []).map((customer) => ({ id: uuidv7(), storeId, ...customer }));

  return {
    storeId,
    store,
    owner,
    membershipId: uuidv7(),
    categories: categoryRows,
    optionTypes: optionTypeRows,
    optionValues: optionValueRows,
    products: productRows,
    productCategories: productCategoryRows,
    productImages: imageRows,
    variants: variantRows,
    variantOptionValues: variantOptionRows,
    prices: priceRows,
    inventoryMovements: movementRows,
    shippingRates: shippingRateRows,
    customers: customerRows,
  };
}

type StoreRows = ReturnType<typeof storeRows>;

/**
 * The inserts for one store, parents before children. The owner may already
 * exist (a user of another deployment's seed, or one who registered with that
 * email), so the user insert yields on conflict and the membership finds the
 * user by email.
 */
export function storeStatements(db: DrizzleDatabase, rows: StoreRows): BatchItem<'pg'>[] {
  const statements: BatchItem<'pg'>[] = [
    db.insert(stores).values(rows.store),
    db.insert(users).values(rows.owner).onConflictDoNothing({ target: users.email }),
    db.insert(storeMembers).values({
      id: rows.membershipId,
      storeId: rows.storeId,
      userId: sql`(SELECT id FROM users WHERE email = ${rows.owner.email})`,
      role: 'owner',
    }),
  ];
  const insertAll = <T>(list: T[], insert: (list: T[]) => BatchItem<'pg'>) => {
    if (list.length > 0) statements.push(insert(list));
  };
  insertAll(rows.categories, (list) => db.insert(categories).values(list));
  insertAll(rows.optionTypes, (list) => db.insert(optionTypes).values(list));
  insertAll(rows.optionValues, (list) => db.insert(optionValues).values(list));
  insertAll(rows.products, (list) => db.insert(products).values(list));
  insertAll(rows.productCategories, (list) => db.insert(productCategories).values(list));
  insertAll(rows.productImages, (list) => db.insert(productImages).values(list));
  insertAll(rows.variants, (list) => db.insert(variants).values(list));
  insertAll(rows.variantOptionValues, (list) => db.insert(variantOptionValues).values(list));
  insertAll(rows.prices, (list) => db.insert(prices).values(list));
  insertAll(rows.inventoryMovements, (list) => db.insert(inventoryMovements).values(list));
  insertAll(rows.shippingRates, (list) => db.insert(shippingRates).values(list));
  insertAll(rows.customers, (list) => db.insert(customers).values(list));
  statements.push(db.execute(refreshSortPrices(sql`p.store_id = ${rows.storeId}`)));
  return statements;
}
