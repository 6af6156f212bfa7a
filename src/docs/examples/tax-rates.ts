import type { z } from '@hono/zod-openapi';
import type { CreateTaxRateBody, TaxRateListSchema, TaxRateSchema, UpdateTaxRateBody } from '../../schemas/tax-rates';
import { taxStory } from './story';

/** Whole-body examples of src/schemas/tax-rates.ts, for the OpenAPI document (the story is in story.ts). */

const generalRate = {
  id: taxStory.generalRate,
  country: 'ES',
  region: null,
  taxClass: null,
  name: 'IVA',
  percentage: 21,
  ratePpm: 210_000,
  createdAt: taxStory.generalAdded,
  updatedAt: taxStory.generalAdded,
} satisfies z.output<typeof TaxRateSchema>;

/** The owner adds Spain's reduced VAT, for products of the `reduced` class. */
export const newTaxRate = {
  country: 'ES',
  taxClass: 'reduced',
  name: 'IVA',
  percentage: 10,
} satisfies z.input<typeof CreateTaxRateBody>;

export const taxRate = {
  ...newTaxRate,
  id: taxStory.reducedRate,
  region: null,
  ratePpm: 100_000,
  createdAt: taxStory.reducedAdded,
  updatedAt: taxStory.reducedAdded,
} satisfies z.output<typeof TaxRateSchema>;

/** ... and names it as invoices show it. */
export const taxRateChange = { name: 'IVA reducido' } satisfies z.input<typeof UpdateTaxRateBody>;

export const changedTaxRate = {
  ...taxRate,
  ...taxRateChange,
  updatedAt: taxStory.reducedChanged,
} satisfies z.output<typeof TaxRateSchema>;

export const taxRateList = { data: [generalRate, changedTaxRate] } satisfies z.output<typeof TaxRateListSchema>;
