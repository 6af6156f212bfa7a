import { z } from '@hono/zod-openapi';
import { CUSTOMER_SEGMENTS, PROMOTION_METHODS, PROMOTION_TYPES } from '../lib/enums';
import { BooleanFlag, Instant, inWholeUnitsOf } from './common';
import { PageQuery, pageSchema } from './pagination';
import { StoreParams } from './stores';

/** Schemas of promotions, their codes and their usage, as staff manage them (design: selling-design.md §4). */

/** An amount far above any real discount or threshold, and far below where sums of them lose precision. */
export const MAX_PROMOTION_AMOUNT = 100_000_000_000;
/** The most products, and categories, a promotion may name. */
export const MAX_PROMOTION_TARGETS = 500;
/** The most currencies an amount map may hold. */
const MAX_CURRENCIES = 50;
/** The most codes one bulk request makes. */
export const MAX_BULK_CODES = 1000;
/** A usage limit fits the database's integer. */
const MAX_LIMIT = 2_147_483_647;

/** What a promotion is now, from its switch, its window and its uses. */
export const PROMOTION_STATUSES = ['scheduled', 'active', 'ended', 'used_up', 'inactive'] as const;

export const PromotionParams = StoreParams.extend({
  promotionId: z.uuid().openapi({ param: { name: 'promotionId', in: 'path' } }),
}).strict();

export const PromotionCodeParams = PromotionParams.extend({
  codeId: z.uuid().openapi({ param: { name: 'codeId', in: 'path' } }),
}).strict();

/** Each value of a list once. */
const unique = <T>(values: T[]) => new Set(values).size === values.length;

/** Minor units by ISO 4217 code: `{"ARS": 500000}`. */
const AmountsByCurrency = z
  .record(
    z.string().regex(/^[A-Z]{3}$/, 'An ISO 4217 currency code, upper case (ARS, USD).'),
    z.number().int().min(1).max(MAX_PROMOTION_AMOUNT),
  )
  .refine((amounts) => Object.keys(amounts).length <= MAX_CURRENCIES, `At most ${MAX_CURRENCIES} currencies.`);

/** Ids in lower case, as the database compares them: the same id in capitals is the same id. */
const Ids = z.array(z.uuid().toLowerCase()).max(MAX_PROMOTION_TARGETS).refine(unique, 'Each id once.');

/** A market's code, or `default` for the home market. */
const MarketCode = z
  .string()
  .max(32)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'A market’s code, or `default` for the home market.');

const Limit = z.number().int().min(1).max(MAX_LIMIT);

/** A percentage of at most two decimals, 0.01 to 100: stored in basis points. */
const Percentage = z.number().min(0.01).max(100).refine(inWholeUnitsOf(100), 'At most two decimals.');

/**
 * A code as shoppers type it: trimmed and upper-cased, 3 to 40 letters,
 * digits, `-` and `_`. The pattern runs after the upper-casing; it names
 * both cases so that the document says lower case is taken too.
 */
export const PromotionCodeText = z
  .string()
  .max(100)
  .trim()
  .toUpperCase()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{2,39}$/, '3 to 40 letters, digits, - or _, starting with a letter or digit.')
  .openapi({ example: 'VERANO15' });

const promotionFields = {
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().min(1).max(2000).nullable(),
  percentage: Percentage,
  amounts: AmountsByCurrency,
  minSubtotals: AmountsByCurrency,
  productIds: Ids,
  categoryIds: Ids,
  firstOrderOnly: z.boolean(),
  customerSegments: z.array(z.enum(CUSTOMER_SEGMENTS)).max(CUSTOMER_SEGMENTS.length).refine(unique, 'Each once.'),
  markets: z.array(MarketCode).max(MAX_CURRENCIES).refine(unique, 'Each market once.'),
  startsAt: Instant,
  endsAt: Instant.nullable(),
  usageLimit: Limit.nullable(),
  usageLimitPerCustomer: Limit.nullable(),
  active: z.boolean(),
};

/** The window, when both ends are given, is in order. */
function windowInOrder(body: { startsAt?: string; endsAt?: string | null }, context: z.RefinementCtx): void {
  if (body.startsAt && body.endsAt && Date.parse(body.endsAt) <= Date.parse(body.startsAt)) {
    context.addIssue({ code: 'custom', path: ['endsAt'], message: 'Must be after startsAt.' });
  }
}

/** What a promotion's type asks of its fields, and what a method allows. */
function typeFits(body: z.output<typeof NewPromotionObject>, context: z.RefinementCtx): void {
  const problem = (path: string, message: string) => context.addIssue({ code: 'custom', path: [path], message });
  if (body.type === 'percentage' && body.percentage === undefined)
    problem('percentage', 'A percentage promotion needs it.');
  if (body.type !== 'percentage' && body.percentage !== undefined)
    problem('percentage', 'Only for percentage promotions.');
  const amountCount = Object.keys(body.amounts ?? {}).length;
  if (body.type === 'fixed_amount' && amountCount === 0) {
    problem('amounts', 'A fixed_amount promotion needs an amount in at least one currency.');
  }
  if (body.type !== 'fixed_amount' && amountCount > 0) problem('amounts', 'Only for fixed_amount promotions.');
  if (body.method === 'automatic' && body.code !== undefined) problem('code', 'Automatic promotions have no codes.');
  if (body.code === undefined && body.codeUsageLimit !== undefined) problem('codeUsageLimit', 'Only with a code.');
  windowInOrder(body, context);
}

const NewPromotionObject = z
  .object({
    name: promotionFields.name,
    description: promotionFields.description.optional(),
    method: z.enum(PROMOTION_METHODS),
    type: z.enum(PROMOTION_TYPES),
    percentage: promotionFields.percentage.optional(),
    amounts: promotionFields.amounts.optional(),
    minSubtotals: promotionFields.minSubtotals.optional(),
    productIds: promotionFields.productIds.optional(),
    categoryIds: promotionFields.categoryIds.optional(),
    firstOrderOnly: promotionFields.firstOrderOnly.optional(),
    customerSegments: promotionFields.customerSegments.optional(),
    markets: promotionFields.markets.optional(),
    startsAt: promotionFields.startsAt.optional(),
    endsAt: promotionFields.endsAt.optional(),
    usageLimit: promotionFields.usageLimit.optional(),
    usageLimitPerCustomer: promotionFields.usageLimitPerCustomer.optional(),
    active: promotionFields.active.optional(),
    code: PromotionCodeText.optional(),
    codeUsageLimit: Limit.optional(),
  })
  .strict();

export const CreatePromotionBody = NewPromotionObject.superRefine(typeFits).openapi('NewPromotion');

/** Method and type are not here: redemptions keep meaning what they meant, so they never change. */
export const UpdatePromotionBody = z
  .object(promotionFields)
  .partial()
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'Name at least one field to change.')
  .superRefine(windowInOrder)
  .openapi('PromotionChange');

export const PromotionSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string().nullable(),
    method: z.enum(PROMOTION_METHODS),
    type: z.enum(PROMOTION_TYPES),
    percentage: z.number().nullable(),
    amounts: z.record(z.string(), z.number().int()),
    minSubtotals: z.record(z.string(), z.number().int()),
    productIds: z.array(z.uuid()),
    categoryIds: z.array(z.uuid()),
    firstOrderOnly: z.boolean(),
    customerSegments: z.array(z.enum(CUSTOMER_SEGMENTS)),
    markets: z.array(z.string()),
    startsAt: z.string(),
    endsAt: z.string().nullable(),
    usageLimit: z.number().int().nullable(),
    usageLimitPerCustomer: z.number().int().nullable(),
    active: z.boolean(),
    timesUsed: z.number().int(),
    status: z.enum(PROMOTION_STATUSES),
    codeCount: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Promotion');

export const PromotionPageSchema = pageSchema(PromotionSchema, 'PromotionPage');

export const PromotionListQuery = PageQuery.extend({
  method: z.enum(PROMOTION_METHODS).optional(),
  type: z.enum(PROMOTION_TYPES).optional(),
  active: BooleanFlag.optional(),
  q: z.string().trim().min(1).max(200).optional(),
  code: PromotionCodeText.optional(),
});

export const PromotionCodeSchema = z
  .object({
    id: z.uuid(),
    promotionId: z.uuid(),
    code: z.string(),
    usageLimit: z.number().int().nullable(),
    timesUsed: z.number().int(),
    createdAt: z.string(),
  })
  .openapi('PromotionCode');

export const PromotionCodePageSchema = pageSchema(PromotionCodeSchema, 'PromotionCodePage');

export const PromotionCodeListQuery = PageQuery.extend({
  q: z.string().trim().toUpperCase().min(1).max(40).optional(),
});

export const CreatePromotionCodeBody = z
  .object({ code: PromotionCodeText, usageLimit: Limit.optional() })
  .strict()
  .openapi('NewPromotionCode');

export const GeneratePromotionCodesBody = z
  .object({
    count: z.number().int().min(1).max(MAX_BULK_CODES),
    prefix: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,11}$/, 'Up to 12 letters, digits or -, starting with a letter or digit.')
      .optional(),
    length: z.number().int().min(8).max(16).default(10),
  })
  .strict()
  .openapi('PromotionCodeBatchRequest');

export const PromotionCodeBatchSchema = z
  .object({ data: z.array(PromotionCodeSchema) })
  .openapi('PromotionCodeBatch', { description: 'The codes made, each single-use.' });

export const PromotionUsageQuery = z
  .object({
    from: Instant.optional(),
    to: Instant.optional(),
  })
  .strict()
  .superRefine((query, context) => {
    if (query.from && query.to && Date.parse(query.from) > Date.parse(query.to)) {
      context.addIssue({ code: 'custom', path: ['from'], message: 'Must not be after `to`.' });
    }
  });

const CurrencyFigures = z.object({
  currency: z.string(),
  orders: z.number().int(),
  discount: z.number().int(),
  shippingWaived: z.number().int(),
});

export const PromotionUsageSchema = z
  .object({
    promotionId: z.uuid(),
    timesUsed: z.number().int(),
    usageLimit: z.number().int().nullable(),
    orders: z.number().int(),
    currencies: z.array(CurrencyFigures),
    codes: z.object({ total: z.number().int(), used: z.number().int() }),
    firstRedemptionAt: z.string().nullable(),
    lastRedemptionAt: z.string().nullable(),
    days: z.array(
      z.object({
        date: z.string(),
        orders: z.number().int(),
        discount: z.record(z.string(), z.number().int()),
      }),
    ),
  })
  .openapi('PromotionUsage');
