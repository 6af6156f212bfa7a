import type { z } from '@hono/zod-openapi';
import type {
  CategoryTreeSchema,
  StorefrontProductSchema,
  StorefrontProductSummarySchema,
  StorefrontShippingRatesSchema,
} from '../../schemas/storefront-catalog';
import type { PageOf } from './pagination';
import { IMAGES, amounts, at, ids } from './story';

/** Whole-body examples of src/schemas/storefront-catalog.ts, for the OpenAPI document (the story is in story.ts). */

const ars = (amount: number) => ({ currency: 'ARS', amount, compareAtAmount: null });
const sizeAndColor = (size: string, color: string) => [
  { name: 'Size', value: size },
  { name: 'Color', value: color },
];

export const storefrontProduct = {
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
export const storefrontProductPage = {
  data: [
    {
      id: ids.hoodie,
      slug: 'hoodie-oversize-essential',
      name: 'Hoodie Oversize Essential',
      featured: true,
      tags: ['hoodie', 'oversize', 'unisex'],
      image: storefrontProduct.images[0]!,
      priceRange: storefrontProduct.priceRange,
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

export const categoryTree = {
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

export const shippingRates = {
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
