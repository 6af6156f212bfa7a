import type { StoreSettings } from '../../db/schema';
import type { ViewJson } from '../../db/sql/views';

/** Cache tags: everything of a store, its product lists, one product's detail, its category tree, its shipping rates, its campaigns. */
export const catalogTags = {
  store: (storeId: string) => `store:${storeId}`,
  productLists: (storeId: string) => `store:${storeId}:products`,
  product: (productId: string) => `product:${productId}`,
  categories: (storeId: string) => `store:${storeId}:categories`,
  shippingRates: (storeId: string) => `store:${storeId}:shipping-rates`,
  campaigns: (storeId: string) => `store:${storeId}:campaigns`,
};

/** What a change to one product makes stale: the store's product lists and that product's page. */
export function productChangeTags(storeId: string, productId: string): string[] {
  return [catalogTags.productLists(storeId), catalogTags.product(productId)];
}

/**
 * A catalog read's answer as its service built it: the JSON text (typed by
 * the view that built it), whose store it is, and what it shows.
 */
export interface CatalogRead<Value = unknown> {
  body: ViewJson<Value>;
  storeId: string;
  settings: StoreSettings;
  /** Tags beyond the store's own. */
  tags: string[];
  /** Seconds until what it shows changes by itself (a scheduled price); no cache may keep it longer. */
  freshForSeconds?: number;
  /**
   * Whether the store has markets the shopper's country picks: an answer in
   * the market the request did not name then differs by country.
   */
  countryMarkets?: boolean;
  /** Caps on the store's cache lifetimes (seconds), for answers that must stay near live (campaign progress). */
  ceiling?: { maxAge: number; staleWhileRevalidate: number };
}
