import type { z } from '@hono/zod-openapi';
import type {
  AddImageBody,
  AdminProductSchema,
  AdminProductSummarySchema,
  AdminVariantSchema,
  BulkProductsBody,
  BulkResultSchema,
  CreateProductBody,
  NewPriceBody,
  PriceSchema,
  ProductImagesSchema,
  ReorderImagesBody,
  UpdateImageBody,
  UpdateProductBody,
  VariantChanges,
  VariantInput,
} from '../../schemas/admin-catalog';
import { type PageOf, pageExample } from './pagination';
import { IMAGES, amounts, at, ids } from './story';

/** Whole-body examples of src/schemas/admin-catalog.ts, for the OpenAPI document (the story is in story.ts). */

const hoodieImages = [
  { url: `${IMAGES}/hoodie-oversize-essential-1.jpg`, alt: 'Hoodie Oversize Essential negro, frente' },
  { url: `${IMAGES}/hoodie-oversize-essential-2.jpg`, alt: 'Hoodie Oversize Essential negro, espalda' },
];
const COST = 2_150_000;
const hoodiePrice = { amount: amounts.hoodie };

/** The owner adds the hoodie in black, M and L, to the catalog. */
export const createProduct = {
  slug: 'hoodie-oversize-essential',
  name: 'Hoodie Oversize Essential',
  description: 'Buzo oversize con capucha y bolsillo canguro, frisa de algodón peinado.',
  status: 'active',
  featured: true,
  tags: ['hoodie', 'oversize', 'unisex'],
  metadata: { tela: 'Frisa de algodón peinado', origen: 'Hecho en Argentina' },
  categoryIds: [ids.categoryHoodie],
  images: hoodieImages,
  variants: [
    {
      sku: 'BAL-HOE-NEG-M',
      options: { Size: 'M', Color: 'Negro' },
      costPrice: COST,
      reorderLevel: 3,
      price: hoodiePrice,
    },
    {
      sku: 'BAL-HOE-NEG-L',
      options: { Size: 'L', Color: 'Negro' },
      costPrice: COST,
      reorderLevel: 3,
      price: hoodiePrice,
    },
  ],
} satisfies z.input<typeof CreateProductBody>;

export const updateProduct = {
  featured: false,
  tags: ['hoodie', 'oversize', 'unisex', 'invierno'],
} satisfies z.input<typeof UpdateProductBody>;

/** A third colour for the hoodie, with its barcode. */
export const createVariant = {
  sku: 'BAL-HOE-GOS-L',
  options: { Size: 'L', Color: 'Gris Oscuro' },
  barcode: '7791234500123',
  costPrice: COST,
  reorderLevel: 3,
  price: hoodiePrice,
} satisfies z.input<typeof VariantInput>;

export const variantChanges = { reorderLevel: 5, version: 2 } satisfies z.input<typeof VariantChanges>;

/** A weekend sale: the hoodie at ARS 49,500, its usual price struck through. */
export const newPrice = {
  amount: 4_950_000,
  compareAtAmount: amounts.hoodie,
  validFrom: '2026-12-05T03:00:00Z',
  validTo: '2026-12-08T03:00:00Z',
} satisfies z.input<typeof NewPriceBody>;

export const addImage = {
  url: `${IMAGES}/hoodie-oversize-essential-3.jpg`,
  alt: 'Hoodie Oversize Essential gris oscuro',
} satisfies z.input<typeof AddImageBody>;

export const updateImage = {
  alt: 'Hoodie Oversize Essential negro, frente, con la capucha puesta',
} satisfies z.input<typeof UpdateImageBody>;

export const reorderImages = { imageIds: [ids.imageBack, ids.imageFront] } satisfies z.input<typeof ReorderImagesBody>;

/** An ERP sync: the t-shirt and its white M, upserted by slug and options. */
export const bulkProducts = {
  products: [
    {
      slug: 'remera-premium-algodon',
      name: 'Remera Premium Algodón',
      status: 'active',
      categoryIds: [ids.categoryRemera],
      variants: [{ sku: 'BAL-RPA-BLA-M', options: { Size: 'M', Color: 'Blanco' }, price: { amount: amounts.remera } }],
    },
  ],
} satisfies z.input<typeof BulkProductsBody>;

export const bulkResult = {
  data: [{ id: ids.remera, slug: 'remera-premium-algodon', created: false }],
} satisfies z.output<typeof BulkResultSchema>;

type AdminVariant = z.output<typeof AdminVariantSchema>;

/** A hoodie's size and colour, each as its value and that value's id, as a variant lists them. */
const hoodieOptions = (size: [string, string], color: [string, string]) => [
  { optionTypeId: ids.optionSize, name: 'Size', optionValueId: size[1], value: size[0] },
  { optionTypeId: ids.optionColor, name: 'Color', optionValueId: color[1], value: color[0] },
];

/** A hoodie variant as staff see it when new: no stock until goods arrive. */
function newHoodieVariant(variant: Pick<AdminVariant, 'id' | 'sku' | 'options' | 'position' | 'createdAt'>) {
  const { id, sku, options, position, createdAt } = variant;
  return {
    id,
    productId: ids.hoodie,
    sku,
    barcode: null,
    options,
    costPrice: COST,
    onHand: 0,
    reserved: 0,
    available: 0,
    reorderLevel: 3,
    active: true,
    position,
    version: 1,
    price: { amount: amounts.hoodie, compareAtAmount: null, currency: 'ARS' },
    createdAt,
    updatedAt: createdAt,
  } satisfies AdminVariant;
}

export const adminVariant = {
  ...newHoodieVariant({
    id: ids.hoodieGrisL,
    sku: 'BAL-HOE-GOS-L',
    options: hoodieOptions(['L', ids.sizeL], ['Gris Oscuro', ids.colorGrisOscuro]),
    position: 2,
    createdAt: at.variantAdded,
  }),
  barcode: createVariant.barcode,
} satisfies AdminVariant;

/** The hoodie as created. */
export const adminProduct = {
  id: ids.hoodie,
  slug: createProduct.slug,
  name: createProduct.name,
  description: createProduct.description,
  status: 'active',
  featured: true,
  tags: createProduct.tags,
  taxClass: null,
  metadata: createProduct.metadata,
  categories: [{ id: ids.categoryHoodie, slug: 'hoodie', name: 'Hoodie' }],
  images: [
    { id: ids.imageFront, ...hoodieImages[0]!, position: 0 },
    { id: ids.imageBack, ...hoodieImages[1]!, position: 1 },
  ],
  price: null,
  variants: [
    newHoodieVariant({
      id: ids.hoodieNegroM,
      sku: 'BAL-HOE-NEG-M',
      options: hoodieOptions(['M', ids.sizeM], ['Negro', ids.colorNegro]),
      position: 0,
      createdAt: at.hoodieAdded,
    }),
    newHoodieVariant({
      id: ids.hoodieNegroL,
      sku: 'BAL-HOE-NEG-L',
      options: hoodieOptions(['L', ids.sizeL], ['Negro', ids.colorNegro]),
      position: 1,
      createdAt: at.hoodieAdded,
    }),
  ],
  createdAt: at.hoodieAdded,
  updatedAt: at.hoodieAdded,
} satisfies z.output<typeof AdminProductSchema>;

/** The hoodie after `updateProduct`. */
export const updatedProduct = {
  ...adminProduct,
  ...updateProduct,
  updatedAt: at.productChanged,
} satisfies z.output<typeof AdminProductSchema>;

/** The hoodie in the staff's list, as updated, with its three variants. */
export const adminProductPage = pageExample({
  id: ids.hoodie,
  slug: createProduct.slug,
  name: createProduct.name,
  status: 'active' as const,
  ...updateProduct,
  image: hoodieImages[0]!,
  variantCount: 3,
  createdAt: at.hoodieAdded,
  updatedAt: at.productChanged,
}) satisfies PageOf<typeof AdminProductSummarySchema>;

/** The grey hoodie after `variantChanges`, once its twelve units had arrived. */
export const changedVariant = {
  ...adminVariant,
  onHand: 12,
  available: 12,
  reorderLevel: variantChanges.reorderLevel,
  version: 3,
  updatedAt: at.variantChanged,
} satisfies AdminVariant;

/** `newPrice` on the whole hoodie, before the sale starts. */
export const productPrice = {
  id: ids.sale,
  variantId: null,
  productId: ids.hoodie,
  amount: newPrice.amount,
  compareAtAmount: amounts.hoodie,
  currency: 'ARS',
  validFrom: '2026-12-05T03:00:00+00:00',
  validTo: '2026-12-08T03:00:00+00:00',
  createdAt: at.saleScheduled,
  status: 'scheduled',
} satisfies z.output<typeof PriceSchema>;

/** The same sale set on the grey hoodie alone. */
export const variantPrice = {
  ...productPrice,
  variantId: ids.hoodieGrisL,
  productId: null,
} satisfies z.output<typeof PriceSchema>;

type ProductImages = z.output<typeof ProductImagesSchema>;
const [front, back] = adminProduct.images as [ProductImages['data'][number], ProductImages['data'][number]];

// The hoodie's images after each change: a third added, the first two swapped, the first described anew.

export const productImagesAdded = {
  data: [front, back, { id: ids.imageGris, ...addImage, position: 2 }],
} satisfies ProductImages;

export const productImagesReordered = {
  data: [
    { ...back, position: 0 },
    { ...front, position: 1 },
  ],
} satisfies ProductImages;

export const productImagesUpdated = {
  data: [{ ...front, ...updateImage }, back],
} satisfies ProductImages;

export const variantPricePage = pageExample(variantPrice) satisfies PageOf<typeof PriceSchema>;

export const productPricePage = pageExample(productPrice) satisfies PageOf<typeof PriceSchema>;
