import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { createdAt, currency, id, money, refuseDelete, timestamps, timestamptz, tsvector } from './columns';
import { optionKind, productStatus } from './enums';
import { storeId } from './tenancy';

/** Lower-case words joined by single hyphens, as in URLs. */
const SLUG_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$';

/**
 * A node of a store's category tree. Deleting a category moves its children
 * to the top level (parent SET NULL) and unlinks its products (the
 * product_categories rows cascade): seed 004's rule that deleting a category
 * leaves its products, applied to the tree as well. Cycles deeper than one
 * level are the service's to refuse.
 */
export const categories = pgTable(
  'categories',
  {
    id: id(),
    storeId: storeId(),
    parentId: uuid().references((): AnyPgColumn => categories.id, { onDelete: 'set null' }),
    slug: text().notNull(),
    name: text().notNull(),
    description: text(),
    position: integer().notNull().default(0),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('categories_store_slug_unique').on(t.storeId, t.slug),
    index('categories_store_parent_idx').on(t.storeId, t.parentId, t.position),
    index('categories_parent_idx').on(t.parentId),
    check('categories_slug_check', sql`${t.slug} ~ '${sql.raw(SLUG_PATTERN)}' AND char_length(${t.slug}) <= 100`),
    check('categories_parent_check', sql`${t.parentId} <> ${t.id}`),
  ],
);

/**
 * A product: what a shopper sees in a list. What they buy is a variant.
 * `archived` is the soft delete (seed 000/004): a product with order history
 * cannot be deleted, because order_items protect its variants.
 *
 * `search` is a generated full-text document (name weighted A, tags B,
 * description C) with a GIN index, so `?q=` is an index lookup. The 'simple'
 * configuration lower-cases without stemming, because stores write in many
 * languages (Spanish, Indonesian, English). A generated column must be
 * IMMUTABLE and `array_to_string` is only STABLE, so the tags go through
 * `immutable_array_to_string`, a one-line SQL wrapper created by the first
 * migration (drizzle/0000_search_function.sql); for text[] the result cannot
 * depend on any setting, so the IMMUTABLE label is honest.
 */
export const products = pgTable(
  'products',
  {
    id: id(),
    storeId: storeId(),
    slug: text().notNull(),
    name: text().notNull(),
    description: text(),
    status: productStatus().notNull().default('draft'),
    featured: boolean().notNull().default(false),
    tags: text().array().notNull().default(sql`'{}'::text[]`),
    metadata: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    /** Which tax rates apply to it: those of this class where the destination has any, else the general ones. */
    taxClass: text(),
    /**
     * The storefront's price-sort key, kept so that a price-sorted page walks
     * an index instead of pricing every product: the lowest current price of
     * the product's active variants as of `sortPriceAt` (null: none has a
     * price), valid until `sortPriceUntil`, when one of its prices starts or
     * ends (null: no change is scheduled). Catalog writes recompute it in their
     * batch (src/services/catalog/sort-prices.ts); a key never computed, or
     * past its time, is stale, and reads price that product on the fly until
     * the cron job recomputes it.
     */
    sortPrice: money(),
    sortPriceAt: timestamptz(),
    sortPriceUntil: timestamptz(),
    search: tsvector()
      .notNull()
      .generatedAlwaysAs(
        sql`setweight(to_tsvector('simple', coalesce("name", '')), 'A') || setweight(to_tsvector('simple', coalesce(immutable_array_to_string("tags", ' '), '')), 'B') || setweight(to_tsvector('simple', coalesce("description", '')), 'C')`,
      ),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('products_store_slug_unique').on(t.storeId, t.slug),
    // Storefront sorts walk these in order and stop at a page: newest first, and by name.
    index('products_store_status_created_idx').on(t.storeId, t.status, t.createdAt, t.id),
    index('products_store_status_name_idx').on(t.storeId, t.status, t.name, t.id),
    index('products_store_status_sort_price_idx').on(t.storeId, t.status, t.sortPrice, t.id),
    // Find the products whose sort key is stale, past its time or never computed: few, since the cron job refreshes them.
    index('products_sort_price_until_idx').on(t.sortPriceUntil).where(sql`${t.sortPriceUntil} IS NOT NULL`),
    index('products_store_sort_price_missing_idx').on(t.storeId).where(sql`${t.sortPriceAt} IS NULL`),
    index('products_store_featured_idx').on(t.storeId, t.createdAt).where(sql`${t.featured}`),
    index('products_search_idx').using('gin', t.search),
    index('products_tags_idx').using('gin', t.tags),
    check(
      'products_tax_class_check',
      sql`${t.taxClass} ~ '${sql.raw(SLUG_PATTERN)}' AND char_length(${t.taxClass}) <= 32`,
    ),
    check('products_slug_check', sql`${t.slug} ~ '${sql.raw(SLUG_PATTERN)}' AND char_length(${t.slug}) <= 100`),
  ],
);

/** Many-to-many link; deleting either side removes only the link. */
export const productCategories = pgTable(
  'product_categories',
  {
    productId: uuid()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    categoryId: uuid()
      .notNull()
      .references(() => categories.id, { onDelete: 'cascade' }),
    storeId: storeId(),
  },
  (t) => [
    primaryKey({ name: 'product_categories_pkey', columns: [t.productId, t.categoryId] }),
    index('product_categories_category_idx').on(t.categoryId),
    index('product_categories_store_idx').on(t.storeId),
  ],
);

/**
 * Ordered product photos; the lowest position is the main image. The admin
 * API allows at most 6 per product (seed 004); the service enforces that.
 * Positions are unique per product through the constraint
 * `product_images_product_position_unique`, which is DEFERRABLE (drizzle
 * cannot say so, hence drizzle/0002_deferrable_image_positions.sql): a
 * single UPDATE that permutes positions passes, and a batch may
 * `SET CONSTRAINTS product_images_product_position_unique DEFERRED` to reorder
 * over several statements. Its index also serves the product_id foreign key.
 */
export const productImages = pgTable(
  'product_images',
  {
    id: id(),
    storeId: storeId(),
    productId: uuid()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    url: text().notNull(),
    alt: text(),
    position: integer().notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    index('product_images_store_idx').on(t.storeId),
    check('product_images_position_check', sql`${t.position} >= 0`),
  ],
);

/** A store-wide option such as Size or Color (seed 004's talles and colores), shared by its products. */
export const optionTypes = pgTable(
  'option_types',
  {
    id: id(),
    storeId: storeId(),
    name: text().notNull(),
    kind: optionKind().notNull().default('text'),
    /** Display order among option types (Size before Color). */
    position: integer().notNull().default(0),
    ...timestamps(),
  },
  (t) => [uniqueIndex('option_types_store_name_unique').on(t.storeId, t.name)],
);

/**
 * One value of an option type (S, M, ... or Negro #1A1A1A). `position` is the
 * display order (sizes are never sorted alphabetically). A value used by a
 * variant cannot be deleted (variant_option_values restricts it); deleting
 * its option type therefore fails too while any variant uses it.
 */
export const optionValues = pgTable(
  'option_values',
  {
    id: id(),
    storeId: storeId(),
    optionTypeId: uuid()
      .notNull()
      .references(() => optionTypes.id, { onDelete: 'cascade' }),
    value: text().notNull(),
    /** CSS colour for swatches, so a storefront needs no lookup table. */
    hex: text(),
    position: integer().notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('option_values_type_value_unique').on(t.optionTypeId, t.value),
    index('option_values_store_idx').on(t.storeId),
    check('option_values_hex_check', sql`${t.hex} ~ '^#[0-9A-Fa-f]{6}$'`),
  ],
);

/**
 * The purchasable unit: one row per option combination of a product.
 * `optionKey` is the canonical form of that combination (src/lib/option-key.ts:
 * the option value ids, sorted, comma-joined; '' for a product without
 * options), so "one variant per combination" is a plain unique constraint.
 *
 * Stock lives here: `onHand` is physically in stock, `reserved` is held by
 * unpaid orders, available = onHand - reserved. `variants_stock_check` is the
 * last line of defence against overselling: a conditional UPDATE that loses a
 * race fails on it instead of going negative. Every change to either column
 * writes an inventory_movements row. `version` increments on each change for
 * optimistic concurrency from admin clients.
 */
export const variants = pgTable(
  'variants',
  {
    id: id(),
    storeId: storeId(),
    productId: uuid()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    sku: text().notNull(),
    barcode: text(),
    optionKey: text().notNull().default(''),
    costPrice: money(),
    onHand: integer().notNull().default(0),
    reserved: integer().notNull().default(0),
    reorderLevel: integer().notNull().default(0),
    active: boolean().notNull().default(true),
    position: integer().notNull().default(0),
    version: integer().notNull().default(1),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('variants_store_sku_unique').on(t.storeId, t.sku),
    uniqueIndex('variants_product_option_key_unique').on(t.productId, t.optionKey),
    index('variants_store_low_stock_idx')
      .on(t.storeId)
      .where(sql`${t.active} AND ${t.onHand} - ${t.reserved} <= ${t.reorderLevel}`),
    check('variants_stock_check', sql`${t.onHand} >= 0 AND ${t.reserved} >= 0 AND ${t.reserved} <= ${t.onHand}`),
    check('variants_reorder_level_check', sql`${t.reorderLevel} >= 0`),
    check('variants_cost_price_check', sql`${t.costPrice} >= 0`),
  ],
);

/**
 * Which option values make up a variant. An option value that variants (and
 * so orders) reference cannot be deleted (refuseDelete); the API answers 409.
 */
export const variantOptionValues = pgTable(
  'variant_option_values',
  {
    variantId: uuid()
      .notNull()
      .references(() => variants.id, { onDelete: 'cascade' }),
    optionValueId: uuid()
      .notNull()
      .references(() => optionValues.id, refuseDelete),
    storeId: storeId(),
  },
  (t) => [
    primaryKey({ name: 'variant_option_values_pkey', columns: [t.variantId, t.optionValueId] }),
    index('variant_option_values_option_value_idx').on(t.optionValueId),
    index('variant_option_values_store_idx').on(t.storeId),
  ],
);

/**
 * Versioned prices. A row prices either one variant or a whole product (the
 * fallback for its variants without a price of their own), never both. Prices
 * are never updated in place: a change inserts a row, and the current price
 * is the latest row whose window contains now:
 *   WHERE variant_id = $1 AND currency = $2 AND valid_from <= now()
 *     AND (valid_to IS NULL OR valid_to > now())
 *   ORDER BY valid_from DESC, id DESC LIMIT 1
 * which the (target, currency, valid_from DESC) indexes answer directly. Two
 * rows from the same moment (a correction to a scheduled price) are told
 * apart by id: ids are time-ordered, so the later one wins.
 * A compare-at price is shown struck through, so it must exceed the price.
 */
export const prices = pgTable(
  'prices',
  {
    id: id(),
    storeId: storeId(),
    variantId: uuid().references(() => variants.id, { onDelete: 'cascade' }),
    productId: uuid().references(() => products.id, { onDelete: 'cascade' }),
    currency: currency().notNull(),
    amount: money().notNull(),
    compareAtAmount: money(),
    validFrom: timestamptz().notNull().defaultNow(),
    validTo: timestamptz(),
    createdAt: createdAt(),
  },
  (t) => [
    index('prices_variant_current_idx').on(t.variantId, t.currency, t.validFrom.desc()),
    index('prices_product_current_idx').on(t.productId, t.currency, t.validFrom.desc()),
    // When the store's next scheduled price change is, which caps how long a catalog response may be cached.
    index('prices_store_valid_from_idx').on(t.storeId, t.validFrom),
    index('prices_store_valid_to_idx').on(t.storeId, t.validTo).where(sql`${t.validTo} IS NOT NULL`),
    check('prices_target_check', sql`num_nonnulls(${t.variantId}, ${t.productId}) = 1`),
    check('prices_amount_check', sql`${t.amount} >= 0`),
    check('prices_compare_at_check', sql`${t.compareAtAmount} IS NULL OR ${t.compareAtAmount} > ${t.amount}`),
    check('prices_validity_check', sql`${t.validTo} IS NULL OR ${t.validTo} > ${t.validFrom}`),
  ],
);
