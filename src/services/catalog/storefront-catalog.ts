import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { catalogTags, type CatalogRead } from './catalog-read';
import { runStorefrontRead, type StorefrontRow } from './storefront-sql';
import { storeCte } from '../../db/sql/store-scope';

interface CategoryRow {
  id: string;
  parentId: string | null;
  slug: string;
  name: string;
  description: string | null;
}

export interface CategoryNode extends Omit<CategoryRow, 'parentId'> {
  children: CategoryNode[];
}

/** Nests rows that arrive in display order under their parents; the order holds at every level. */
export function categoryTree(rows: CategoryRow[]): CategoryNode[] {
  const nodes = new Map(rows.map(({ parentId: _, ...row }) => [row.id, { ...row, children: [] as CategoryNode[] }]));
  const roots: CategoryNode[] = [];
  for (const row of rows) {
    const node = nodes.get(row.id)!;
    const parent = row.parentId ? nodes.get(row.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** A store's category tree, in display order at every level. One statement. */
export async function getStorefrontCategories(db: Database, slug: string): Promise<CatalogRead> {
  const { row, storeId, settings } = await runStorefrontRead<StorefrontRow & { categories: CategoryRow[] | null }>(
    db,
    slug,
    sql`WITH ${storeCte(slug)}
      SELECT (SELECT id FROM store) AS store_id, (SELECT settings FROM store) AS settings, NULL AS fresh_for_seconds,
        (SELECT json_agg(json_build_object('id', id, 'parentId', parent_id, 'slug', slug, 'name', name, 'description', description) ORDER BY position, name, id)
          FROM categories WHERE store_id = (SELECT id FROM store)) AS categories`,
  );
  return {
    body: JSON.stringify({ data: categoryTree(row.categories ?? []) }),
    storeId,
    settings,
    tags: [catalogTags.categories(storeId)],
  };
}

/**
 * The shipping rates a store offers, in display order; with a country
 * (ISO 3166-1 alpha-2), only those that ship there. One statement.
 */
export async function getStorefrontShippingRates(db: Database, slug: string, country?: string): Promise<CatalogRead> {
  const ships = country ? sql`AND (cardinality(countries) = 0 OR ${country} = ANY (countries))` : sql``;
  const { row, storeId, settings } = await runStorefrontRead<StorefrontRow & { rates: string }>(
    db,
    slug,
    sql`WITH ${storeCte(slug)}
      SELECT (SELECT id FROM store) AS store_id, (SELECT settings FROM store) AS settings, NULL AS fresh_for_seconds,
        coalesce((SELECT json_agg(json_build_object('id', id, 'name', name, 'description', description, 'countries', countries,
            'amount', amount, 'currency', currency, 'freeOverAmount', free_over_amount) ORDER BY position, name, id)
          FROM shipping_rates WHERE store_id = (SELECT id FROM store) AND active ${ships}), '[]')::text AS rates`,
  );
  return { body: `{"data":${row.rates}}`, storeId, settings, tags: [catalogTags.shippingRates(storeId)] };
}
