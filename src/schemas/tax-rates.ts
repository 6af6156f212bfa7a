import { z } from '@hono/zod-openapi';
import { StoreParams } from './stores';
import { inWholeUnitsOf } from './common';

/** Schemas of the tax rates a store charges by destination, as staff manage them. */

/** How many rates a store may have: the admin list answers them all, unpaged. */
export const MAX_TAX_RATES = 500;

/** Parts per million in one percent: the API speaks percent, the database ppm (21 % = 210,000). */
export const PPM_PER_PERCENT = 10_000;

/** A product's tax class: a handle such as `reduced` or `books`, as rates name it. */
export const TaxClass = z
  .string()
  .max(32)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Lower-case letters, digits and single hyphens between them.')
  .openapi({ example: 'reduced' });

export const TaxRateParams = StoreParams.extend({
  rateId: z.uuid().openapi({ param: { name: 'rateId', in: 'path' } }),
}).strict();

const Country = z
  .string()
  .regex(/^[A-Z]{2}$/, 'An ISO 3166-1 alpha-2 code, upper case (ES, PT, US).')
  .openapi({ example: 'ES' });

/** At most 4 decimals: the rate must be a whole number of parts per million. */
const fourDecimals = inWholeUnitsOf(PPM_PER_PERCENT);

const rateFields = {
  country: Country,
  region: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9-]{1,10}$/, 'A region code of 1 to 10 letters, digits or hyphens (NY, QC, 28).')
    .nullable()
    .openapi({ description: 'Only addresses in this region (compared upper case); null: the whole country.' }),
  taxClass: TaxClass.nullable().openapi({
    description: 'Only products of this class; null: products of no class, or of a class the country has no rate for.',
  }),
  name: z.string().trim().min(1).max(100).openapi({ example: 'IVA' }),
  percentage: z
    .number()
    .min(0)
    .max(100)
    .refine(fourDecimals, 'At most 4 decimals.')
    .openapi({ description: 'Percent, at most 4 decimals (8.875).', example: 21 }),
};

export const CreateTaxRateBody = z
  .object({
    ...rateFields,
    region: rateFields.region.optional(),
    taxClass: rateFields.taxClass.optional(),
  })
  .strict()
  .openapi('NewTaxRate');

export const UpdateTaxRateBody = z
  .object(rateFields)
  .partial()
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'Name at least one field to change.')
  .openapi('TaxRateChange');

export const TaxRateListQuery = z
  .object({ country: Country.optional().openapi({ param: { name: 'country', in: 'query' } }) })
  .strict();

export const TaxRateSchema = z
  .object({
    id: z.uuid(),
    country: z.string(),
    region: z.string().nullable(),
    taxClass: z.string().nullable(),
    name: z.string(),
    percentage: z.number(),
    ratePpm: z.number().int().openapi({ description: 'The rate in parts per million (21 % = 210000).' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('TaxRate');

export const TaxRateListSchema = z.object({ data: z.array(TaxRateSchema) }).openapi('TaxRateList', {
  description: `The store’s rates (at most ${MAX_TAX_RATES}), by country, region, class and name, unpaged.`,
});
