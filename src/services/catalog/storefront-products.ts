import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { statement } from '../../db/sql/statement';
import { type MarketChoice, store, storeCte } from '../../db/sql/store-scope';
import { defineView, type Page, type ViewJson, type ViewValue } from '../../db/sql/views';
import { ApiError } from '../../lib/api-error';
import { type CursorPosition, encodeCursor } from '../../lib/cursor';
import { type ProductSort, StorefrontProductSummarySchema } from '../../schemas/storefront-catalog';
import { type CatalogRead, catalogTags } from './catalog-read';
import { sortPriceIsFresh } from './sort-prices';
import {
  type CatalogStore,
  productAvailability,
  runStorefrontRead,
  type StorefrontRow,
  secondsUntilNextPriceChange,
  storefrontRowColumns,
  visibleVariants,
} from './storefront-sql';

export interface ProductFilters {
  /** A category slug; its descendants' products count too. */
  category?: string;
  q?: string;
  featured?: boolean;
  minPrice?: number;
  maxPrice?: number;
  inStock?: boolean;
  /** Option name to accepted values, compared case-insensitively: `{size: ['M'], color: ['Negro', 'Blanco']}`. */
  options: Record<string, string[]>;
}

/** The columns a sort reads, named for where it is applied: over products while choosing candidates, over the chosen page after. */
interface SortColumns {
  id: SQL;
  createdAt: SQL;
  name: SQL;
  minPrice: SQL;
  relevance: SQL;
}

/**
 * How each sort orders products, the value a cursor keeps, and the keyset
 * condition that continues after it. Every order ends with the id, so it is
 * total and pages never repeat or skip a product.
 */
const sorts: Record<
  ProductSort,
  {
    orderBy: (c: SortColumns) => SQL;
    value: (c: SortColumns) => SQL;
    after: (c: SortColumns, value: string | number, id: string) => SQL;
    valueIsNumber: boolean;
  }
> = {
  newest: {
    orderBy: (c) => sql`${c.createdAt} DESC, ${c.id} DESC`,
    value: (c) => sql`${c.createdAt}::text`,
    after: (c, value, id) => sql`(${c.createdAt}, ${c.id}) < (${value}::timestamptz, ${id}::uuid)`,
    valueIsNumber: false,
  },
  price_asc: {
    orderBy: (c) => sql`${c.minPrice} ASC, ${c.id} ASC`,
    value: (c) => c.minPrice,
    after: (c, value, id) => sql`(${c.minPrice}, ${c.id}) > (${value}::bigint, ${id}::uuid)`,
    valueIsNumber: true,
  },
  price_desc: {
    orderBy: (c) => sql`${c.minPrice} DESC, ${c.id} DESC`,
    value: (c) => c.minPrice,
    after: (c, value, id) => sql`(${c.minPrice}, ${c.id}) < (${value}::bigint, ${id}::uuid)`,
    valueIsNumber: true,
  },
  name: {
    orderBy: (c) => sql`${c.name} ASC, ${c.id} ASC`,
    value: (c) => c.name,
    after: (c, value, id) => sql`(${c.name}, ${c.id}) > (${value}::text, ${id}::uuid)`,
    valueIsNumber: false,
  },
  relevance: {
    orderBy: (c) => sql`${c.relevance} DESC, ${c.id} DESC`,
    value: (c) => sql`${c.relevance}::text`,
    after: (c, value, id) => sql`(${c.relevance}, ${c.id}) < (${value}::numeric, ${id}::uuid)`,
    valueIsNumber: false,
  },
};

/** The page's columns, as the `candidates` CTE names them. */
const pageColumns: SortColumns = {
  id: sql`c.id`,
  createdAt: sql`c.created_at`,
  name: sql`c.name`,
  minPrice: sql`c.min_price`,
  relevance: sql`c.relevance`,
};

const TIMESTAMP_TEXT = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:\d{2})?|Z)$/;
const DECIMAL_TEXT = /^\d+(\.\d+)?$/;

/** The cursor's position if it was made for this sort; anything else is a 400. */
function positionFor(sort: ProductSort, position: CursorPosition | undefined) {
  if (!position) return undefined;
  const value = position.value;
  const fits =
    position.sort === sort &&
    (sorts[sort].valueIsNumber
      ? Number.isSafeInteger(value)
      : typeof value === 'string' &&
        (sort === 'newest' ? TIMESTAMP_TEXT.test(value) : sort === 'relevance' ? DECIMAL_TEXT.test(value) : true));
  if (!fits)
    throw new ApiError('bad_request', 'The cursor belongs to another listing; start again without it.', [
      { in: 'query', path: 'cursor', message: 'Cursor of another sort.' },
    ]);
  return { id: position.id, value: value! };
}

/**
 * A variant-level condition over visible variants `vv` for the filters that
 * pick variants: options (through the `wanted_values` and `wanted_types` of
 * optionFilterCtes), stock, price.
 */
function variantMatches(filters: ProductFilters, _vv: 'vv'): SQL | undefined {
  const conditions: SQL[] = [];
  const optionNames = Object.keys(filters.options);
  if (optionNames.length > 0) {
    // A variant matches when, for every filtered option, one of its values is among those asked for.
    conditions.push(sql`(
        SELECT count(DISTINCT wanted.option_type_id)
        FROM variant_option_values vov
        JOIN wanted_values wanted ON wanted.id = vov.option_value_id
        WHERE vov.variant_id = vv.id)
      = (SELECT count(*) FROM wanted_types)`);
  }
  if (filters.inStock) conditions.push(sql`vv.available > 0`);
  if (filters.minPrice !== undefined) conditions.push(sql`vv.amount >= ${filters.minPrice}`);
  if (filters.maxPrice !== undefined) conditions.push(sql`vv.amount <= ${filters.maxPrice}`);
  return conditions.length > 0 ? sql.join(conditions, sql` AND `) : undefined;
}

/** Option filters as rows (name, value); the statement resolves them to store `storeId`'s option values and refuses unknown names. */
function optionFilterCtes(filters: ProductFilters, storeId: SQL): SQL[] {
  const pairs = Object.entries(filters.options).flatMap(([name, values]) => values.map((value) => ({ name, value })));
  if (pairs.length === 0) return [];
  return [
    sql`wanted_pairs AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb) AS pair(name text, value text))`,
    // Names and values compare through the database's own lower(), on both sides, whatever its locale.
    sql`wanted_types AS (
      SELECT DISTINCT ot.id
      FROM option_types ot
      JOIN wanted_pairs pair ON lower(ot.name) = lower(pair.name)
      WHERE ot.store_id = ${storeId})`,
    sql`wanted_values AS (
      SELECT ov.id, ov.option_type_id
      FROM option_types ot
      JOIN option_values ov ON ov.option_type_id = ot.id
      JOIN wanted_pairs pair ON lower(ot.name) = lower(pair.name) AND lower(ov.value) = lower(pair.value)
      WHERE ot.store_id = ${storeId})`,
    // None while the store is missing, so that a missing store stays a 404.
    sql`unknown_options AS (
      SELECT DISTINCT pair.name
      FROM wanted_pairs pair
      WHERE ${storeId} IS NOT NULL
        AND NOT EXISTS (
          SELECT 1 FROM option_types ot
          WHERE ot.store_id = ${storeId} AND lower(ot.name) = lower(pair.name)))`,
  ];
}

/**
 * Refusals checked inside the statement: an option (unknown_options of
 * optionFilterCtes) or category (requested_category of categoryCtes) that
 * store `storeId` does not have. None while the store is missing: a 404.
 */
function filterChecks(filters: ProductFilters, storeId: SQL): SQL[] {
  const checks: SQL[] = [];
  if (Object.keys(filters.options).length > 0) {
    checks.push(
      sql`(SELECT bool_or(api_error('validation_failed', 'This store has no option called ''' || name || '''.', 'query.' || name))
        FROM unknown_options)`,
    );
  }
  if (filters.category !== undefined) {
    const refusal = `This store has no category '${filters.category}'.`;
    checks.push(sql`(SELECT api_error('validation_failed', ${refusal}, 'query.category')
      WHERE ${storeId} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM requested_category))`);
  }
  return checks;
}

/** `requested_category` (the filter's category of store `storeId`) and `category_tree` (it and its descendants). */
function categoryCtes(filters: ProductFilters, storeId: SQL): SQL[] {
  if (filters.category === undefined) return [];
  return [
    sql`requested_category AS (SELECT id FROM categories WHERE store_id = ${storeId} AND slug = ${filters.category})`,
    sql`category_tree AS (
      SELECT id FROM requested_category
      UNION SELECT c.id FROM categories c JOIN category_tree t ON c.parent_id = t.id)`,
  ];
}

/** The colour swatches of product `productId`'s visible variants, in display order: seed 004's `colores_hex`. */
function swatches(productId: SQL, shop: CatalogStore): SQL {
  return sql`coalesce((
    SELECT json_agg(json_build_object('value', s.value, 'hex', s.hex) ORDER BY s.type_position, s.position)
    FROM (
      SELECT DISTINCT ov.value, ov.hex, ot.position AS type_position, ov.position
      FROM (${visibleVariants(productId, shop)}) vv
      JOIN variant_option_values vov ON vov.variant_id = vv.id
      JOIN option_values ov ON ov.id = vov.option_value_id
      JOIN option_types ot ON ot.id = ov.option_type_id
      WHERE ot.kind = 'color' AND ov.hex IS NOT NULL) s), '[]')`;
}

/**
 * A product of the list, from candidate row `c` (a product with the price
 * range, compare-at range and availability of its visible variants), prices
 * in the store's currency.
 */
export const storefrontProductSummaryView = defineView(
  StorefrontProductSummarySchema,
  (_c: 'c', shop: CatalogStore) => sql`json_build_object(
    'id', c.id, 'slug', c.slug, 'name', c.name, 'featured', c.featured, 'tags', c.tags,
    'image', (
      SELECT json_build_object('url', i.url, 'alt', i.alt)
      FROM product_images i
      WHERE i.product_id = c.id
      ORDER BY i.position
      LIMIT 1),
    'priceRange', json_build_object('currency', ${shop.currency}, 'min', c.min_price, 'max', c.max_price),
    'compareAtPriceRange', CASE WHEN c.min_compare_at IS NULL THEN NULL
      ELSE json_build_object('min', c.min_compare_at, 'max', c.max_compare_at) END,
    'availability', c.availability,
    'swatches', ${swatches(sql`c.id`, shop)})`,
);

type ProductSummary = ViewValue<typeof storefrontProductSummaryView>;

type ListRow = StorefrontRow & {
  data: ViewJson<ProductSummary[]>;
  has_more: boolean;
  product_ids: string[] | null;
  last_id: string | null;
  last_value: string | number | null;
};

/** Whether the market the statement sells in prices in the store's own currency, the one sort keys are kept in. */
const inHomeCurrency = sql`(SELECT currency = home_currency FROM store)`;

/**
 * One page of a store's visible products in the market `market` picks
 * (prices, price filters and sorts in its currency; a product without a
 * price in it is not listed), filtered and sorted, in one statement.
 * Candidates are walked in the sort's index order and stop at the page, so a
 * page costs the same whatever the catalog's size. Price sorts walk the
 * products' kept sort keys (sort-prices.ts), which are in the store's own
 * currency; the few products whose key is stale (a scheduled price change
 * since it was computed) are priced on the fly and merged in, and so is
 * every product in a market of another currency.
 */
export async function listStorefrontProducts(
  db: Database,
  slug: string,
  market: MarketChoice,
  filters: ProductFilters,
  sort: ProductSort,
  page: { limit: number; position?: CursorPosition },
): Promise<CatalogRead<Page<ProductSummary>>> {
  const order = sorts[sort];
  const after = positionFor(sort, page.position);
  const matches = variantMatches(filters, 'vv');
  const query = filters.q === undefined ? undefined : sql`websearch_to_tsquery('simple', ${filters.q})`;
  // Rounded so that the value a cursor carries compares exactly.
  const relevance = query ? sql`round(ts_rank(p.search, ${query})::numeric, 6)` : sql`NULL::numeric`;
  const productColumns: SortColumns = {
    id: sql`p.id`,
    createdAt: sql`p.created_at`,
    name: sql`p.name`,
    minPrice: sql`summary.min_price`,
    relevance,
  };

  const where: SQL[] = [sql`p.store_id = ${store.id}`, sql`p.status = 'active'`, sql`summary.min_price IS NOT NULL`];
  if (filters.featured !== undefined) where.push(sql`p.featured = ${filters.featured}`);
  if (query) where.push(sql`p.search @@ ${query}`);
  if (filters.category !== undefined) {
    where.push(
      sql`EXISTS (
        SELECT 1 FROM product_categories pc
        WHERE pc.product_id = p.id AND pc.category_id IN (SELECT id FROM category_tree))`,
    );
  }
  if (matches) where.push(sql`summary.any_match`);

  /** Candidates in the sort's order, with the sort read from `columns`, past the cursor, under `extra` conditions. */
  const candidatesBy = (columns: SortColumns, extra: SQL[] = []) => {
    const conditions = [...where, ...extra, ...(after ? [order.after(columns, after.value, after.id)] : [])];
    return sql`
      SELECT p.id, p.slug, p.name, p.featured, p.tags, p.created_at, summary.*, ${relevance} AS relevance,
        ${order.value(columns)} AS sort_value
      FROM products p
      CROSS JOIN LATERAL (
        SELECT min(vv.amount) AS min_price, max(vv.amount) AS max_price,
          min(vv.compare_at_amount) AS min_compare_at, max(vv.compare_at_amount) AS max_compare_at,
          ${productAvailability('vv')} AS availability,
          ${matches ? sql`bool_or(${matches})` : sql`true`} AS any_match
        FROM (${visibleVariants(sql`p.id`, store)}) vv
      ) summary
      WHERE ${sql.join(conditions, sql` AND `)}
      ORDER BY ${order.orderBy(columns)}
      LIMIT ${page.limit + 1}`;
  };
  const byPrice = sort === 'price_asc' || sort === 'price_desc';
  // A fresh key equals the product's lowest price now, so the index on it gives the price order.
  const keyHolds = sql`(${inHomeCurrency} AND ${sortPriceIsFresh('p')})`;
  const candidates = byPrice
    ? sql`SELECT * FROM (
          (${candidatesBy({ ...productColumns, minPrice: sql`p.sort_price` }, [keyHolds])})
          UNION ALL (${candidatesBy(productColumns, [sql`NOT ${keyHolds}`])})) c
      ORDER BY ${order.orderBy(pageColumns)}
      LIMIT ${page.limit + 1}`
    : candidatesBy(productColumns);

  const ctes = [storeCte(slug, market), ...categoryCtes(filters, store.id), ...optionFilterCtes(filters, store.id)];
  const checks = filterChecks(filters, store.id);
  const pageOrder = order.orderBy(pageColumns);
  const read = statement<ListRow>(sql`WITH RECURSIVE ${sql.join(ctes, sql`, `)},
    candidates AS (${candidates}),
    page AS (SELECT * FROM candidates c ORDER BY ${pageOrder} LIMIT ${page.limit})
    SELECT ${storefrontRowColumns(secondsUntilNextPriceChange(store.id))},
      coalesce(${sql.join([...checks, sql`NULL`], sql`, `)}) AS refusals,
      coalesce((
        SELECT json_agg(${storefrontProductSummaryView.json('c', store)} ORDER BY ${pageOrder})
        FROM page c), '[]')::text AS data,
      (SELECT count(*) FROM candidates) > ${page.limit} AS has_more,
      (SELECT json_agg(id) FROM page) AS product_ids,
      (SELECT c.id FROM page c ORDER BY ${pageOrder} OFFSET ${page.limit - 1} LIMIT 1) AS last_id,
      (SELECT c.sort_value FROM page c ORDER BY ${pageOrder} OFFSET ${page.limit - 1} LIMIT 1) AS last_value`);

  const { row, storeId, settings, freshForSeconds, countryMarkets } = await runStorefrontRead(db, slug, read);
  const nextCursor =
    row.has_more && row.last_id
      ? encodeCursor(row.last_id, { sort, value: normaliseValue(row.last_value, order.valueIsNumber) })
      : null;
  return {
    body: `{"data":${row.data},"nextCursor":${JSON.stringify(nextCursor)}}`,
    storeId,
    settings,
    freshForSeconds,
    countryMarkets,
    tags: [catalogTags.productLists(storeId), ...(row.product_ids ?? []).map(catalogTags.product)],
  };
}

function normaliseValue(value: string | number | null, isNumber: boolean): string | number {
  return isNumber ? Number(value) : String(value);
}
