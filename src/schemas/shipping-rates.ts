import { z } from '@hono/zod-openapi';
import { StorefrontShippingRateSchema } from './storefront-catalog';
import { StoreParams } from './stores';

/** Schemas of the rates a store ships at, as staff manage them. */

/** How many rates a store may have: the admin list answers them all, unpaged. */
export const MAX_SHIPPING_RATES = 100;

/** A fee or threshold far above any real one, and far below where sums of them lose precision. */
export const MAX_SHIPPING_AMOUNT = 100_000_000_000;

const MAX_DELIVERY_DAYS = 365;

export const ShippingRateParams = StoreParams.extend({
  rateId: z.uuid().openapi({ param: { name: 'rateId', in: 'path' } }),
}).strict();

const Amount = z.number().int().min(0).max(MAX_SHIPPING_AMOUNT);
const DeliveryDays = z.number().int().min(0).max(MAX_DELIVERY_DAYS).nullable();

const Countries = z
  .array(
    z
      .string()
      .regex(/^[A-Z]{2}$/, 'An ISO 3166-1 alpha-2 code, upper case (AR, UY, US).')
      .openapi({ example: 'AR' }),
  )
  .max(250)
  .refine((codes) => new Set(codes).size === codes.length, 'Each country once.');

const rateFields = {
  name: z.string().trim().min(1).max(100),
  description: z.string().trim().min(1).max(500).nullable(),
  countries: Countries,
  amount: Amount,
  freeOverAmount: Amount.nullable(),
  minDeliveryDays: DeliveryDays,
  maxDeliveryDays: DeliveryDays,
  position: z.number().int().min(0).max(10_000),
  active: z.boolean(),
};

/** The delivery estimate's bounds, when both are given, are in order. */
const daysInOrder = (rate: { minDeliveryDays?: number | null; maxDeliveryDays?: number | null }) =>
  rate.minDeliveryDays == null || rate.maxDeliveryDays == null || rate.minDeliveryDays <= rate.maxDeliveryDays;
const DAYS_OUT_OF_ORDER = { message: 'minDeliveryDays may not exceed maxDeliveryDays.', path: ['maxDeliveryDays'] };

export const CreateShippingRateBody = z
  .object({
    ...rateFields,
    description: rateFields.description.optional(),
    countries: rateFields.countries.optional(),
    freeOverAmount: rateFields.freeOverAmount.optional(),
    minDeliveryDays: rateFields.minDeliveryDays.optional(),
    maxDeliveryDays: rateFields.maxDeliveryDays.optional(),
    position: rateFields.position.optional(),
    active: rateFields.active.optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'An ISO 4217 code in capitals, such as EUR.')
      .optional()
      .openapi({ description: 'The store’s currency unless given: that of one of its markets. Never changes.' }),
  })
  .strict()
  .refine(daysInOrder, DAYS_OUT_OF_ORDER)
  .openapi('NewShippingRate');

export const UpdateShippingRateBody = z
  .object(rateFields)
  .partial()
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'Name at least one field to change.')
  .refine(daysInOrder, DAYS_OUT_OF_ORDER)
  .openapi('ShippingRateChange');

export const ShippingRateSchema = StorefrontShippingRateSchema.extend({
  position: z.number().int(),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
}).openapi('ShippingRate');

export const ShippingRateListSchema = z
  .object({ data: z.array(ShippingRateSchema) })
  .openapi('ShippingRateList', { description: `Every rate of the store (at most ${MAX_SHIPPING_RATES}), unpaged.` });
