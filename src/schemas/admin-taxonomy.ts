import { z } from '@hono/zod-openapi';
import { OPTION_KINDS } from '../lib/enums';
import { Slug } from './storefront-catalog';
import { StoreParams } from './stores';

/** Schemas of the store-wide structure products hang on: options with their values, and categories. */

const Position = z.number().int().min(0).max(10_000);
const Hex = z
  .string()
  .regex(/^#[0-9A-Fa-f]{6}$/, 'A CSS colour as #RRGGBB.')
  .openapi({ example: '#1A1A1A' });
const OptionKind = z.enum(OPTION_KINDS);

export const OptionTypeParams = StoreParams.extend({
  optionTypeId: z.uuid().openapi({ param: { name: 'optionTypeId', in: 'path' } }),
}).strict();
export const OptionValueParams = OptionTypeParams.extend({
  valueId: z.uuid().openapi({ param: { name: 'valueId', in: 'path' } }),
}).strict();
export const CategoryParams = StoreParams.extend({
  categoryId: z.uuid().openapi({ param: { name: 'categoryId', in: 'path' } }),
}).strict();

export const OptionValueBody = z
  .object({ value: z.string().trim().min(1).max(100), hex: Hex.nullable().optional(), position: Position.optional() })
  .strict();

export const CreateOptionTypeBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    kind: OptionKind.optional(),
    position: Position.optional(),
    values: z
      .array(OptionValueBody)
      .max(200)
      .optional()
      .refine(
        (values) => !values || new Set(values.map((value) => value.value)).size === values.length,
        'Values must be distinct.',
      ),
  })
  .strict()
  .openapi('CreateOptionType');

export const UpdateOptionTypeBody = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    kind: OptionKind.optional(),
    position: Position.optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'Name at least one field to change.');

export const UpdateOptionValueBody = OptionValueBody.partial()
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'Name at least one field to change.');

export const OptionTypeSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    kind: OptionKind,
    position: z.number().int(),
    values: z.array(
      z.object({
        id: z.uuid(),
        value: z.string(),
        hex: z.string().nullable(),
        position: z.number().int(),
        variantCount: z.number().int(),
      }),
    ),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('OptionType');
export const OptionTypeListSchema = z.object({ data: z.array(OptionTypeSchema) }).openapi('OptionTypeList');

export const CreateCategoryBody = z
  .object({
    slug: Slug,
    name: z.string().trim().min(1).max(200),
    description: z.string().max(5_000).nullable().optional(),
    parentId: z.uuid().nullable().optional(),
    position: Position.optional(),
  })
  .strict()
  .openapi('CreateCategory');

export const UpdateCategoryBody = CreateCategoryBody.partial()
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'Name at least one field to change.');

export const CategorySchema = z
  .object({
    id: z.uuid(),
    parentId: z.uuid().nullable(),
    slug: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    position: z.number().int(),
    productCount: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Category');
export const CategoryListSchema = z.object({ data: z.array(CategorySchema) }).openapi('CategoryList');
