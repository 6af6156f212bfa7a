import { type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database } from '../../db/client';
import { statement } from '../../db/sql/statement';
import { type MarketChoice, store, storeCte } from '../../db/sql/store-scope';
import { defineView, type ViewJson, type ViewValue } from '../../db/sql/views';
import {
  type CategoryNodeShape,
  type CategoryTreeSchema,
  StorefrontShippingRateSchema,
} from '../../schemas/storefront-catalog';
import { type CatalogRead, catalogTags } from './catalog-read';
import { runStorefrontRead, type StorefrontRow, storefrontRowColumns } from './storefront-sql';

/** A category as the tree's statement answers it: flat, with its parent. */
interface CategoryRow {
  id: string;
  parentId: string | null;
  slug: string;
  name: string;
  description: string | null;
}

type CategoryTree = z.output<typeof CategoryTreeSchema>;

/** Nests rows that arrive in display order under their parents; the order holds at every level. */
export function categoryTree(rows: CategoryRow[]): CategoryNodeShape[] {
  const nodes = new Map<string, CategoryNodeShape>(
    rows.map(({ parentId: _, ...row }) => [row.id, { ...row, children: [] }]),
  );
  const roots: CategoryNodeShape[] = [];
  for (const row of rows) {
    const node = nodes.get(row.id)!;
    const parent = row.parentId ? nodes.get(row.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** The tree as JSON text. Nested here, in the Worker: SQL cannot aggregate a tree of any depth in one statement. */
function categoryTreeJson(rows: CategoryRow[]): ViewJson<CategoryTree> {
  return JSON.stringify({ data: categoryTree(rows) });
}

/**
 * A store's category tree, in display order at every level. One statement:
 * the categories come flat, as JSON the driver parses, and are nested here.
 */
export async function getStorefrontCategories(db: Database, slug: string): Promise<CatalogRead<CategoryTree>> {
  const read = statement<StorefrontRow & { categories: CategoryRow[] | null }>(sql`WITH ${storeCte(slug)}
    SELECT ${storefrontRowColumns(sql`NULL`)},
      (SELECT json_agg(json_build_object('id', id, 'parentId', parent_id, 'slug', slug, 'name', name, 'description', description)
          ORDER BY position, name, id)
        FROM categories
        WHERE store_id = ${store.id}) AS categories`);
  const { row, storeId, settings } = await runStorefrontRead(db, slug, read);
  return {
    body: categoryTreeJson(row.categories ?? []),
    storeId,
    settings,
    tags: [catalogTags.categories(storeId)],
  };
}

/** Shipping rate alias `r` as shoppers see it. */
export const shippingRateView = defineView(
  StorefrontShippingRateSchema,
  (_r: 'r') => sql`json_build_object(
    'id', r.id, 'name', r.name, 'description', r.description, 'countries', r.countries,
    'amount', r.amount, 'currency', r.currency, 'freeOverAmount', r.free_over_amount,
    'minDeliveryDays', r.min_delivery_days, 'maxDeliveryDays', r.max_delivery_days)`,
);

type ShippingRate = ViewValue<typeof shippingRateView>;

/**
 * The shipping rates a store offers in the market `market` picks (those in
 * its currency), in display order; with a country (ISO 3166-1 alpha-2),
 * only those that ship there. One statement.
 */
export async function getStorefrontShippingRates(
  db: Database,
  slug: string,
  market: MarketChoice,
  country?: string,
): Promise<CatalogRead<{ data: ShippingRate[] }>> {
  const ships: SQL = country ? sql`AND (cardinality(r.countries) = 0 OR ${country} = ANY (r.countries))` : sql``;
  const read = statement<StorefrontRow & { rates: ViewJson<ShippingRate[]> }>(sql`WITH ${storeCte(slug, market)}
    SELECT ${storefrontRowColumns(sql`NULL`)},
      coalesce((
        SELECT json_agg(${shippingRateView.json('r')} ORDER BY r.position, r.name, r.id)
        FROM shipping_rates r
        WHERE r.store_id = ${store.id} AND r.active AND r.currency = ${store.currency} ${ships}), '[]')::text AS rates`);
  const { row, storeId, settings, countryMarkets } = await runStorefrontRead(db, slug, read);
  return {
    body: `{"data":${row.rates}}`,
    storeId,
    settings,
    countryMarkets,
    tags: [catalogTags.shippingRates(storeId)],
  };
}
