import { z } from '@hono/zod-openapi';
import { OPTION_KINDS } from '../lib/enums';
import { BooleanFlag } from './common';
import { MarketQuery } from './market-query';
import { PageQuery } from './pagination';
import { StoreParams } from './stores';

export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const Slug = z
  .string()
  .min(1)
  .max(100)
  .regex(SLUG_PATTERN, 'Lower-case letters and digits joined by single hyphens.');

/** The orders a storefront product list can be in. */
export const PRODUCT_SORTS = ['newest', 'price_asc', 'price_desc', 'name', 'relevance'] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

const amount = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const optionValues = z.union([z.string().min(1).max(100), z.array(z.string().min(1).max(100)).max(20)]);

/** Query parameters with a meaning of their own; every other parameter names an option. */
export const PRODUCT_LIST_PARAMETERS = [
  'limit',
  'cursor',
  'category',
  'q',
  'featured',
  'minPrice',
  'maxPrice',
  'inStock',
  'sort',
  'market',
  'currency',
] as const;

export const ProductListQuery = PageQuery.extend({
  ...MarketQuery.shape,
  category: Slug.optional().openapi({
    example: 'hoodie',
  }),
  q: z.string().trim().min(1).max(200).optional(),
  featured: BooleanFlag.optional().openapi({
    param: { name: 'featured', in: 'query' },
  }),
  minPrice: amount.optional(),
  maxPrice: amount.optional(),
  inStock: BooleanFlag.optional().openapi({
    param: { name: 'inStock', in: 'query' },
  }),
  sort: z.enum(PRODUCT_SORTS).optional(),
})
  .catchall(optionValues)
  .superRefine((query, context) => {
    if (query.minPrice !== undefined && query.maxPrice !== undefined && query.minPrice > query.maxPrice) {
      context.addIssue({ code: 'custom', path: ['maxPrice'], message: 'Must not be below minPrice.' });
    }
    if (query.sort === 'relevance' && query.q === undefined) {
      context.addIssue({ code: 'custom', path: ['sort'], message: 'Sorting by relevance needs a search (q).' });
    }
    const options = Object.keys(query).filter((key) => !(PRODUCT_LIST_PARAMETERS as readonly string[]).includes(key));
    if (options.length > 10)
      context.addIssue({ code: 'custom', path: [options[10]!], message: 'At most 10 option filters.' });
  });

export const ProductParams = StoreParams.extend({
  idOrSlug: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'idOrSlug', in: 'path' }, example: 'hoodie-oversize-essential' }),
}).strict();

export const ShippingRatesQuery = z
  .object({
    country: z
      .string()
      .regex(/^[A-Za-z]{2}$/, 'An ISO 3166-1 alpha-2 code.')
      .transform((code) => code.toUpperCase())
      .optional()
      .openapi({ example: 'AR' }),
    ...MarketQuery.shape,
  })
  .strict();

const Availability = z.enum(['in_stock', 'low_stock', 'out_of_stock']);
const PriceRange = z.object({ currency: z.string().length(3), min: z.number().int(), max: z.number().int() });
const CompareAtRange = z.object({ min: z.number().int(), max: z.number().int() }).nullable();
const Image = z.object({ url: z.string(), alt: z.string().nullable() });

export const StorefrontProductSummarySchema = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    name: z.string(),
    featured: z.boolean(),
    tags: z.array(z.string()),
    image: Image.nullable(),
    priceRange: PriceRange,
    compareAtPriceRange: CompareAtRange,
    availability: Availability,
    swatches: z.array(z.object({ value: z.string(), hex: z.string() })),
  })
  .openapi('StorefrontProductSummary');

export const StorefrontProductSchema = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    featured: z.boolean(),
    tags: z.array(z.string()),
    images: z.array(Image),
    options: z.array(
      z.object({
        name: z.string(),
        kind: z.enum(OPTION_KINDS),
        values: z.array(z.object({ value: z.string(), hex: z.string().nullable() })),
      }),
    ),
    variants: z.array(
      z.object({
        id: z.uuid(),
        sku: z.string(),
        selectedOptions: z.array(z.object({ name: z.string(), value: z.string() })),
        price: z.object({
          currency: z.string().length(3),
          amount: z.number().int(),
          compareAtAmount: z.number().int().nullable(),
        }),
        availability: Availability,
      }),
    ),
    priceRange: PriceRange,
    compareAtPriceRange: CompareAtRange,
    availability: Availability,
    categories: z.array(z.object({ id: z.uuid(), slug: z.string(), name: z.string() })),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('StorefrontProduct');

/** A category of the storefront's tree, with its children in display order. */
export type CategoryNodeShape = {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  children: CategoryNodeShape[];
};
export const CategoryNodeSchema: z.ZodType<CategoryNodeShape, CategoryNodeShape> = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    get children() {
      return z.array(CategoryNodeSchema);
    },
  })
  .openapi('CategoryNode');

export const CategoryTreeSchema = z.object({ data: z.array(CategoryNodeSchema) }).openapi('CategoryTree');

/** A shipping rate as shoppers see it. */
export const StorefrontShippingRateSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  countries: z.array(z.string()),
  amount: z.number().int(),
  currency: z.string().length(3),
  freeOverAmount: z.number().int().nullable(),
  minDeliveryDays: z.number().int().nullable(),
  maxDeliveryDays: z.number().int().nullable(),
});

export const StorefrontShippingRatesSchema = z
  .object({ data: z.array(StorefrontShippingRateSchema) })
  .openapi('StorefrontShippingRates');
