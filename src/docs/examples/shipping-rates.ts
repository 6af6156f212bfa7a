import type { z } from '@hono/zod-openapi';
import type {
  CreateShippingRateBody,
  ShippingRateListSchema,
  ShippingRateSchema,
  UpdateShippingRateBody,
} from '../../schemas/shipping-rates';
import { shippingRates } from './storefront-catalog';
import { at, setupAt, setupIds } from './story';

/** Whole-body examples of src/schemas/shipping-rates.ts, for the OpenAPI document (the story is in story.ts). */

const [standardRate, expressRate] = shippingRates.data;

/** The owner adds a rate for the neighbouring countries. */
export const newShippingRate = {
  name: 'Envío a países limítrofes',
  description: 'Uruguay, Chile y Paraguay, por correo internacional',
  countries: ['UY', 'CL', 'PY'],
  amount: 2_500_000,
  freeOverAmount: null,
  minDeliveryDays: 7,
  maxDeliveryDays: 15,
} satisfies z.input<typeof CreateShippingRateBody>;

export const shippingRate = {
  ...newShippingRate,
  id: setupIds.rateInternational,
  currency: 'ARS',
  position: 2,
  active: true,
  createdAt: setupAt.rateAdded,
  updatedAt: setupAt.rateAdded,
} satisfies z.output<typeof ShippingRateSchema>;

/** The standard rate, as the seed made it and before the change below. */
const seededStandardRate = {
  ...standardRate!,
  minDeliveryDays: null,
  maxDeliveryDays: null,
  position: 0,
  active: true,
  createdAt: at.catalogSetUp,
  updatedAt: at.catalogSetUp,
} satisfies z.output<typeof ShippingRateSchema>;

/** The owner states the standard rate's delivery estimate. */
export const shippingRateChange = { minDeliveryDays: 3, maxDeliveryDays: 6 } satisfies z.input<
  typeof UpdateShippingRateBody
>;

export const changedShippingRate = {
  ...seededStandardRate,
  ...shippingRateChange,
  updatedAt: setupAt.rateChanged,
} satisfies z.output<typeof ShippingRateSchema>;

export const shippingRateList = {
  data: [
    changedShippingRate,
    {
      ...expressRate!,
      position: 1,
      active: true,
      createdAt: at.catalogSetUp,
      updatedAt: at.catalogSetUp,
    },
    shippingRate,
  ],
} satisfies z.output<typeof ShippingRateListSchema>;
