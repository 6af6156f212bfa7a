import { createRoute, OpenAPIHono, type z } from '@hono/zod-openapi';
import type { AppEnv } from '../env';
import { publicAccess } from '../http/security';
import { serveCatalogRead } from '../http/catalog-cache';
import { marketChoice } from '../http/market';
import { cursorPosition } from '../http/pagination';
import { ApiError } from '../lib/api-error';
import { validationHook } from '../http/validation';
import { jsonContent, problemResponses } from '../schemas/common';
import { pageSchema } from '../schemas/pagination';
import {
  CategoryTreeSchema,
  PRODUCT_LIST_PARAMETERS,
  ProductListQuery,
  ProductParams,
  ShippingRatesQuery,
  StorefrontShippingRatesSchema,
} from '../schemas/storefront-catalog';
import { examples, documenting } from '#examples';
import { MarketQuery } from '../schemas/market-query';
import { StoreParams } from '../schemas/stores';
import { getStorefrontCategories, getStorefrontShippingRates } from '../services/catalog/storefront-catalog';
import { getStorefrontProduct, storefrontProductView } from '../services/catalog/storefront-product';
import {
  listStorefrontProducts,
  type ProductFilters,
  storefrontProductSummaryView,
} from '../services/catalog/storefront-products';

const tags = documenting && ['Storefront catalog'];
const CACHING =
  documenting &&
  'Cached at the edge: `Cache-Control` from the store’s settings, an `ETag` (send `If-None-Match` for a 304), and `Cache-Tag`s that admin writes purge. A cache hit costs no database round trip; a miss costs one.';
const IN_MARKET =
  documenting &&
  'Priced in the market `market` or `currency` picks, else the one of the shopper’s country (then the answer varies by `CF-IPCountry`).';

const cachedRead = documenting && { 304: { description: 'Not modified: the `If-None-Match` tag is current' } };
const storefrontProblems =
  documenting &&
  problemResponses({
    400: 'A cursor this API did not give out, or one of another sort',
    404: 'No active store has this slug, or it has no such visible product',
    422: 'A filter is invalid, or names an option, category, market or currency the store does not have',
  });

const listProductsRoute = createRoute({
  method: 'get',
  path: '/v1/stores/{store}/products',
  operationId: documenting && 'listProducts',
  ...publicAccess,
  tags,
  description:
    documenting &&
    `Active products that have a variant a shopper can buy in the market, filtered and sorted, a page at a time. ${IN_MARKET} ${CACHING}`,
  request: { params: StoreParams, query: ProductListQuery },
  // The option filters, declared as the one free-form query parameter they
  // are: each property is a parameter of its own (`style: form`, exploded).
  parameters: [
    {
      name: 'options',
      in: 'query',
      required: false,
      style: 'form',
      explode: true,
      description:
        'Option filters: every query parameter not named above is an option of the store, named as the option (case-insensitive), e.g. `size=M&color=Negro`. Repeat a parameter or separate values by commas for any of several values. A product matches when one variant has all of them (and is in stock, and in the price range, when asked). At most 10.',
      schema: {
        type: 'object',
        additionalProperties: {
          oneOf: [
            { type: 'string', minLength: 1, maxLength: 100 },
            { type: 'array', items: { type: 'string', minLength: 1, maxLength: 100 }, maxItems: 20 },
          ],
        },
        maxProperties: 10,
      },
      example: { size: 'M', color: 'Negro' },
    },
  ],
  responses: documenting && {
    200: {
      description: 'A page of products',
      ...jsonContent(
        pageSchema(storefrontProductSummaryView.schema, 'StorefrontProductPage'),
        examples.storefrontProductPage,
      ),
    },
    ...cachedRead,
    ...storefrontProblems,
  },
});

const getProductRoute = createRoute({
  method: 'get',
  path: '/v1/stores/{store}/products/{idOrSlug}',
  operationId: documenting && 'getProduct',
  ...publicAccess,
  tags,
  description:
    documenting &&
    `Images in order, options in display order with colour swatches, the active variants with their current price and availability, and categories. ${IN_MARKET} A product with no price in the market is a 404 there. ${CACHING}`,
  request: { params: ProductParams, query: MarketQuery },
  responses: documenting && {
    200: { description: 'The product', ...jsonContent(storefrontProductView.schema, examples.storefrontProduct) },
    ...cachedRead,
    ...storefrontProblems,
  },
});

const categoriesRoute = createRoute({
  method: 'get',
  path: '/v1/stores/{store}/categories',
  operationId: documenting && 'listCategories',
  ...publicAccess,
  tags,
  description: documenting && `Every category, nested under its parent, in display order. ${CACHING}`,
  request: { params: StoreParams },
  responses: documenting && {
    200: { description: 'The tree', ...jsonContent(CategoryTreeSchema, examples.categoryTree) },
    ...cachedRead,
    ...storefrontProblems,
  },
});

const shippingRatesRoute = createRoute({
  method: 'get',
  path: '/v1/stores/{store}/shipping-rates',
  operationId: documenting && 'listShippingRates',
  ...publicAccess,
  tags,
  description:
    documenting &&
    `The active flat rates in the market’s currency, optionally only those that ship to a country, each with its delivery estimate in days where the store states one. ${IN_MARKET} ${CACHING}`,
  request: { params: StoreParams, query: ShippingRatesQuery },
  responses: documenting && {
    200: { description: 'The rates', ...jsonContent(StorefrontShippingRatesSchema, examples.shippingRates) },
    ...cachedRead,
    ...storefrontProblems,
  },
});

type ProductListQuery = z.infer<typeof ProductListQuery>;

/** The query's filters; parameters without a meaning of their own are option filters, matched case-insensitively by the database. */
function productFilters(query: ProductListQuery): ProductFilters {
  const options: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(query)) {
    if ((PRODUCT_LIST_PARAMETERS as readonly string[]).includes(name)) continue;
    const values = (Array.isArray(value) ? value : [value as string])
      .flatMap((text) => text.split(','))
      .map((text) => text.trim());
    if (!values.some(Boolean))
      throw new ApiError('validation_failed', `The option filter '${name}' has no value.`, [
        { path: name, message: 'Give at least one value.' },
      ]);
    options[name] = [...new Set(values.filter(Boolean))];
  }
  const { category, q, featured, minPrice, maxPrice, inStock } = query;
  return { category, q, featured, minPrice, maxPrice, inStock, options };
}

/** The public catalog of a store: products, categories and shipping rates, each read cached at the edge. */
export const storefrontCatalogRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(listProductsRoute, (c) => {
    const { store } = c.req.valid('param');
    const query = c.req.valid('query');
    const filters = productFilters(query);
    const sort = query.sort ?? (query.q ? 'relevance' : 'newest');
    const page = { limit: query.limit, position: cursorPosition(query.cursor) };
    const market = marketChoice(c, query);
    return serveCatalogRead(
      c,
      store,
      () => listStorefrontProducts(c.var.db, store, market, filters, sort, page),
      query,
    );
  })
  .openapi(getProductRoute, (c) => {
    const { store, idOrSlug } = c.req.valid('param');
    const query = c.req.valid('query');
    return serveCatalogRead(
      c,
      store,
      () => getStorefrontProduct(c.var.db, store, marketChoice(c, query), idOrSlug),
      query,
    );
  })
  .openapi(categoriesRoute, (c) => {
    const { store } = c.req.valid('param');
    return serveCatalogRead(c, store, () => getStorefrontCategories(c.var.db, store));
  })
  .openapi(shippingRatesRoute, (c) => {
    const { store } = c.req.valid('param');
    const { country, ...query } = c.req.valid('query');
    const market = marketChoice(c, query);
    return serveCatalogRead(c, store, () => getStorefrontShippingRates(c.var.db, store, market, country), query);
  });
