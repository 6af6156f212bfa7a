import { z } from '@hono/zod-openapi';
import { OPTION_KINDS } from '../lib/enums';
import { BooleanFlag } from './common';
import { amounts, at, IMAGES, ids } from './example-story';
import { type PageOf, PageQuery } from './pagination';
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
] as const;

export const ProductListQuery = PageQuery.extend({
  category: Slug.optional().openapi({
    description: 'A category slug; products of its descendants are included.',
    example: 'hoodie',
  }),
  q: z.string().trim().min(1).max(200).optional().openapi({
    description: 'Full-text search over name, tags and description (web-search syntax: quotes, `or`, `-word`).',
  }),
  featured: BooleanFlag.optional().openapi({
    param: { name: 'featured', in: 'query' },
    description: '`true`: only featured products; `false`: only the others.',
  }),
  minPrice: amount
    .optional()
    .openapi({ description: 'In minor units; a product matches when a variant’s current price is at least this.' }),
  maxPrice: amount.optional().openapi({ description: 'In minor units.' }),
  inStock: BooleanFlag.optional().openapi({
    param: { name: 'inStock', in: 'query' },
    description: '`true`: only products with a variant that can be bought now (with the option filters, that variant).',
  }),
  sort: z.enum(PRODUCT_SORTS).optional().openapi({
    description: 'Default `relevance` with `q`, otherwise `newest`. Prices sort by a product’s lowest price.',
  }),
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
  })
  .openapi({
    description:
      'Any other parameter filters by an option, named as the option (case-insensitive): `size=M&color=Negro`. Repeat it or separate values by commas for any of several values. A product matches when one variant has all of them (and is in stock, and in the price range, when asked).',
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
      .openapi({ description: 'Only rates that ship to this country.', example: 'AR' }),
  })
  .strict();

const Availability = z.enum(['in_stock', 'low_stock', 'out_of_stock']).openapi({
  description:
    'In words, never a count: at or below the low-stock line (the variant’s reorder level, else the store’s threshold) is `low_stock`.',
});
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
  countries: z.array(z.string()).openapi({ description: 'ISO 3166-1 alpha-2; empty means everywhere.' }),
  amount: z.number().int(),
  currency: z.string().length(3),
  freeOverAmount: z.number().int().nullable().openapi({ description: 'Free when the subtotal reaches this.' }),
  minDeliveryDays: z
    .number()
    .int()
    .nullable()
    .openapi({ description: 'The delivery estimate, in days: at least this many (null: not stated).' }),
  maxDeliveryDays: z
    .number()
    .int()
    .nullable()
    .openapi({ description: 'The delivery estimate, in days: at most this many (null: not stated).' }),
});

export const StorefrontShippingRatesSchema = z
  .object({ data: z.array(StorefrontShippingRateSchema) })
  .openapi('StorefrontShippingRates');

// Whole-body examples for the document (the story is in example-story.ts).

const ars = (amount: number) => ({ currency: 'ARS', amount, compareAtAmount: null });
const sizeAndColor = (size: string, color: string) => [
  { name: 'Size', value: size },
  { name: 'Color', value: color },
];

export const storefrontProductExample = {
  id: ids.hoodie,
  slug: 'hoodie-oversize-essential',
  name: 'Hoodie Oversize Essential',
  description: 'Buzo oversize con capucha y bolsillo canguro, frisa de algodón peinado.',
  featured: true,
  tags: ['hoodie', 'oversize', 'unisex'],
  images: [
    { url: `${IMAGES}/hoodie-oversize-essential-1.jpg`, alt: 'Hoodie Oversize Essential negro, frente' },
    { url: `${IMAGES}/hoodie-oversize-essential-2.jpg`, alt: 'Hoodie Oversize Essential negro, espalda' },
  ],
  options: [
    {
      name: 'Size',
      kind: 'size',
      values: [
        { value: 'M', hex: null },
        { value: 'L', hex: null },
      ],
    },
    {
      name: 'Color',
      kind: 'color',
      values: [
        { value: 'Negro', hex: '#1A1A1A' },
        { value: 'Gris Oscuro', hex: '#4A4A4A' },
      ],
    },
  ],
  variants: [
    {
      id: ids.hoodieNegroM,
      sku: 'BAL-HOE-NEG-M',
      selectedOptions: sizeAndColor('M', 'Negro'),
      price: ars(amounts.hoodie),
      availability: 'in_stock',
    },
    {
      id: ids.hoodieNegroL,
      sku: 'BAL-HOE-NEG-L',
      selectedOptions: sizeAndColor('L', 'Negro'),
      price: ars(amounts.hoodie),
      availability: 'in_stock',
    },
    {
      id: ids.hoodieGrisL,
      sku: 'BAL-HOE-GOS-L',
      selectedOptions: sizeAndColor('L', 'Gris Oscuro'),
      price: ars(amounts.hoodie),
      availability: 'low_stock',
    },
  ],
  priceRange: { currency: 'ARS', min: amounts.hoodie, max: amounts.hoodie },
  compareAtPriceRange: null,
  availability: 'in_stock',
  categories: [{ id: ids.categoryHoodie, slug: 'hoodie', name: 'Hoodie' }],
  createdAt: at.hoodieAdded,
  updatedAt: at.hoodieAdded,
} satisfies z.output<typeof StorefrontProductSchema>;

/** A first page at `limit=2`, newest first, with the cursor to the next one. */
export const storefrontProductPageExample = {
  data: [
    {
      id: ids.hoodie,
      slug: 'hoodie-oversize-essential',
      name: 'Hoodie Oversize Essential',
      featured: true,
      tags: ['hoodie', 'oversize', 'unisex'],
      image: storefrontProductExample.images[0]!,
      priceRange: storefrontProductExample.priceRange,
      compareAtPriceRange: null,
      availability: 'in_stock',
      swatches: [
        { value: 'Negro', hex: '#1A1A1A' },
        { value: 'Gris Oscuro', hex: '#4A4A4A' },
      ],
    },
    {
      id: ids.remera,
      slug: 'remera-premium-algodon',
      name: 'Remera Premium Algodón',
      featured: true,
      tags: ['remera', 'algodon'],
      image: { url: `${IMAGES}/remera-premium-algodon-1.jpg`, alt: 'Remera Premium Algodón blanca' },
      priceRange: { currency: 'ARS', min: amounts.remera, max: amounts.remera },
      compareAtPriceRange: null,
      availability: 'in_stock',
      swatches: [{ value: 'Blanco', hex: '#F5F5F5' }],
    },
  ],
  nextCursor: 'eyJpZCI6IjAxOWNiOTcxLThhNjItNzAzOS1hYzQ5LThkNjE4ZmNmZDQ1OCJ9',
} satisfies PageOf<typeof StorefrontProductSummarySchema>;

export const categoryTreeExample = {
  data: [
    { id: ids.categoryHoodie, slug: 'hoodie', name: 'Hoodie', description: 'Buzos con y sin capucha', children: [] },
    {
      id: ids.categoryRemera,
      slug: 'remera',
      name: 'Remera',
      description: 'Remeras de algodón premium',
      children: [],
    },
  ],
} satisfies z.output<typeof CategoryTreeSchema>;

export const shippingRatesExample = {
  data: [
    {
      id: ids.rateStandard,
      name: 'Envío estándar',
      description: '3 a 6 días hábiles',
      countries: ['AR'],
      amount: amounts.standardShipping,
      currency: 'ARS',
      freeOverAmount: amounts.freeShippingOver,
      minDeliveryDays: 3,
      maxDeliveryDays: 6,
    },
    {
      id: ids.rateExpress,
      name: 'Envío express CABA y GBA',
      description: '24 a 48 horas',
      countries: ['AR'],
      amount: amounts.expressShipping,
      currency: 'ARS',
      freeOverAmount: null,
      minDeliveryDays: 1,
      maxDeliveryDays: 2,
    },
  ],
} satisfies z.output<typeof StorefrontShippingRatesSchema>;
