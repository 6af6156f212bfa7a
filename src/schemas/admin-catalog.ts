import { z } from '@hono/zod-openapi';
import { PRODUCT_STATUSES } from '../lib/enums';
import { HttpUrl, Instant } from './common';
import { PageQuery } from './pagination';
import { Slug } from './storefront-catalog';
import { StoreParams } from './stores';
import { TaxClass } from './tax-rates';

/** Money in minor units of the store's currency. */
const Amount = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const Name = z.string().trim().min(1).max(200);

/** At most this many products per bulk request, so one transaction stays short. */
const MAX_BULK_PRODUCTS = 100;

export const ProductStatus = z.enum(PRODUCT_STATUSES);

export const ProductIdParams = StoreParams.extend({
  productId: z.uuid().openapi({ param: { name: 'productId', in: 'path' } }),
}).strict();
export const VariantIdParams = ProductIdParams.extend({
  variantId: z.uuid().openapi({ param: { name: 'variantId', in: 'path' } }),
}).strict();
export const ImageIdParams = ProductIdParams.extend({
  imageId: z.uuid().openapi({ param: { name: 'imageId', in: 'path' } }),
}).strict();
export const PriceIdParams = ProductIdParams.extend({
  priceId: z.uuid().openapi({ param: { name: 'priceId', in: 'path' } }),
}).strict();

const priceFields = {
  amount: Amount,
  compareAtAmount: Amount.nullable().optional(),
};
const compareAtAboveAmount = (price: { amount: number; compareAtAmount?: number | null }) =>
  price.compareAtAmount == null || price.compareAtAmount > price.amount;
const compareAtTooLow = { path: ['compareAtAmount'], message: 'Must exceed amount.' };

export const PriceInput = z.object(priceFields).strict().refine(compareAtAboveAmount, compareAtTooLow);

const variantFields = {
  barcode: z.string().trim().min(1).max(64).nullable().optional(),
  costPrice: Amount.nullable().optional(),
  reorderLevel: z.number().int().min(0).max(1_000_000).optional(),
  active: z.boolean().optional(),
  position: z.number().int().min(0).max(10_000).optional(),
};

export const VariantInput = z
  .object({
    sku: z.string().trim().min(1).max(64),
    options: z
      .record(z.string().min(1).max(100), z.string().min(1).max(100))
      .optional()
      .openapi({
        example: { Size: 'M', Color: 'Negro' },
      }),
    ...variantFields,
    price: PriceInput.optional(),
  })
  .strict()
  .openapi('VariantInput');

export const VariantChanges = z
  .object({
    sku: z.string().trim().min(1).max(64).optional(),
    ...variantFields,
    version: z.number().int().min(1).optional(),
  })
  .strict();

const ImageInput = z.object({ url: HttpUrl, alt: z.string().max(300).nullable().optional() }).strict();
const Tags = z.array(z.string().trim().min(1).max(50)).max(50);

const productFields = {
  description: z.string().max(20_000).nullable().optional(),
  status: ProductStatus.optional(),
  featured: z.boolean().optional(),
  tags: Tags.optional(),
  metadata: z
    .record(z.string(), z.unknown())
    .optional()
    .refine((value) => value === undefined || JSON.stringify(value).length <= 16_384, 'At most 16 KB.'),
  categoryIds: z.array(z.uuid()).max(50).optional(),
  taxClass: TaxClass.nullable().optional(),
};

export const CreateProductBody = z
  .object({
    slug: Slug,
    name: Name,
    ...productFields,
    images: z.array(ImageInput).max(6, 'A product has at most 6 images.').optional(),
    variants: z.array(VariantInput).max(100).optional(),
  })
  .strict()
  .openapi('CreateProduct');

export const UpdateProductBody = z
  .object({ slug: Slug.optional(), name: Name.optional(), ...productFields })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'Name at least one field to change.');

export const AdminProductListQuery = PageQuery.extend({
  status: ProductStatus.optional(),
  q: z.string().trim().min(1).max(200).optional(),
}).strict();

// One object, not `PriceInput.and(...)`: the document would render an intersection as
// `allOf` of two closed objects, which no body can satisfy.
export const NewPriceBody = z
  .object({
    ...priceFields,
    validFrom: Instant.optional(),
    validTo: Instant.nullable().optional(),
  })
  .strict()
  .refine(compareAtAboveAmount, compareAtTooLow)
  .refine(
    (window) => !window.validFrom || !window.validTo || Date.parse(window.validTo) > Date.parse(window.validFrom),
    { path: ['validTo'], message: 'Must be after validFrom.' },
  )
  .refine((window) => !window.validTo || Date.parse(window.validTo) > Date.now(), {
    path: ['validTo'],
    message: 'Must be in the future.',
  });

export const AddImageBody = ImageInput;
export const UpdateImageBody = z.object({ alt: z.string().max(300).nullable() }).strict();
export const ReorderImagesBody = z
  .object({
    imageIds: z.array(z.uuid()).min(1).max(6),
  })
  .strict();

// Responses. Their JSON is built in Postgres, by the views that declare these schemas (services/catalog/*-views.ts).
const Timestamp = z.string();
const PriceView = z.object({
  amount: z.number().int(),
  compareAtAmount: z.number().int().nullable(),
  currency: z.string().length(3),
});

export const AdminVariantSchema = z
  .object({
    id: z.uuid(),
    productId: z.uuid(),
    sku: z.string(),
    barcode: z.string().nullable(),
    options: z.array(
      z.object({ optionTypeId: z.uuid(), name: z.string(), optionValueId: z.uuid(), value: z.string() }),
    ),
    costPrice: z.number().int().nullable(),
    onHand: z.number().int(),
    reserved: z.number().int(),
    available: z.number().int(),
    reorderLevel: z.number().int(),
    active: z.boolean(),
    position: z.number().int(),
    version: z.number().int(),
    price: PriceView.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('AdminVariant');

const ImageView = z.object({ id: z.uuid(), url: z.string(), alt: z.string().nullable(), position: z.number().int() });
export const ProductImagesSchema = z.object({ data: z.array(ImageView) }).openapi('ProductImages');

export const AdminProductSchema = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    status: ProductStatus,
    featured: z.boolean(),
    tags: z.array(z.string()),
    taxClass: z.string().nullable(),
    metadata: z.record(z.string(), z.unknown()),
    categories: z.array(z.object({ id: z.uuid(), slug: z.string(), name: z.string() })),
    images: z.array(ImageView),
    price: PriceView.nullable(),
    variants: z.array(AdminVariantSchema),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('AdminProduct');

/** A product in the staff's product list: its first image and how many variants it has. */
export const AdminProductSummarySchema = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  status: ProductStatus,
  featured: z.boolean(),
  tags: z.array(z.string()),
  image: z.object({ url: z.string(), alt: z.string().nullable() }).nullable(),
  variantCount: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const PriceSchema = z
  .object({
    id: z.uuid(),
    variantId: z.uuid().nullable(),
    productId: z.uuid().nullable(),
    amount: z.number().int(),
    compareAtAmount: z.number().int().nullable(),
    currency: z.string().length(3),
    validFrom: Timestamp,
    validTo: Timestamp.nullable(),
    createdAt: Timestamp,
    status: z.enum(['scheduled', 'current', 'superseded', 'ended']),
  })
  .openapi('Price');

export const BulkProductsBody = z
  .object({
    products: z
      .array(
        z
          .object({
            slug: Slug,
            name: Name,
            ...productFields,
            images: z.array(ImageInput).max(6, 'A product has at most 6 images.').optional(),
            variants: z.array(VariantInput).max(100).optional(),
          })
          .strict(),
      )
      .min(1)
      .max(MAX_BULK_PRODUCTS)
      .refine(
        (products) => new Set(products.map((product) => product.slug)).size === products.length,
        'Each slug may appear once.',
      )
      .refine(
        (products) => products.reduce((sum, product) => sum + (product.variants?.length ?? 0), 0) <= 1_000,
        'At most 1,000 variants in all.',
      ),
  })
  .strict()
  .openapi('BulkProducts');

export const BulkResultSchema = z
  .object({ data: z.array(z.object({ id: z.uuid(), slug: z.string(), created: z.boolean() })) })
  .openapi('BulkResult');
