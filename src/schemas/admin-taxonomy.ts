import { z } from '@hono/zod-openapi';
import { OPTION_KINDS } from '../lib/enums';
import { at, ids } from './example-story';
import { categoryTreeExample, Slug } from './storefront-catalog';
import { StoreParams } from './stores';

/** Schemas of the store-wide structure products hang on: options with their values, and categories. */

const Position = z.number().int().min(0).max(10_000);
const Hex = z
  .string()
  .regex(/^#[0-9A-Fa-f]{6}$/, 'A CSS colour as #RRGGBB.')
  .openapi({ example: '#1A1A1A' });
const OptionKind = z
  .enum(OPTION_KINDS)
  .openapi({ description: 'How a storefront renders it: size chips, colour swatches, or text.' });

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
    parentId: z
      .uuid()
      .nullable()
      .optional()
      .openapi({ description: 'Another category of the store; absent or null for the top level.' }),
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
    productCount: z.number().int().openapi({ description: 'Products directly in it.' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Category');
export const CategoryListSchema = z.object({ data: z.array(CategorySchema) }).openapi('CategoryList');

// Whole-body examples for the document (the store's options and categories, as seeded).

export const createOptionTypeExample = {
  name: 'Color',
  kind: 'color',
  position: 1,
  values: [
    { value: 'Negro', hex: '#1A1A1A' },
    { value: 'Gris Oscuro', hex: '#4A4A4A' },
    { value: 'Blanco', hex: '#F5F5F5' },
  ],
} satisfies z.input<typeof CreateOptionTypeBody>;

/** Colours before sizes in the storefront's pickers. */
export const updateOptionTypeExample = { position: 0 } satisfies z.input<typeof UpdateOptionTypeBody>;

export const optionValueExample = { value: 'Verde', hex: '#4A5D23', position: 3 } satisfies z.input<
  typeof OptionValueBody
>;

export const updateOptionValueExample = { hex: '#1C1C1C' } satisfies z.input<typeof UpdateOptionValueBody>;

export const createCategoryExample = {
  slug: 'remera',
  name: 'Remera',
  description: 'Remeras de algodón premium',
  parentId: null,
  position: 1,
} satisfies z.input<typeof CreateCategoryBody>;

export const updateCategoryExample = {
  description: 'Remeras y musculosas de algodón premium',
} satisfies z.input<typeof UpdateCategoryBody>;

type OptionType = z.output<typeof OptionTypeSchema>;
type Category = z.output<typeof CategorySchema>;

/** A value of an option as staff see it. */
const optionValue = (id: string, value: string, hex: string | null, position: number, variantCount: number) => ({
  id,
  value,
  hex,
  position,
  variantCount,
});

const setUp = { createdAt: at.catalogSetUp, updatedAt: at.catalogSetUp };
const colors = [ids.colorNegro, ids.colorGrisOscuro, ids.colorBlanco];

/** Colour, as `createOptionTypeExample` made it, before any variant used it. */
export const createdOptionTypeExample = {
  id: ids.optionColor,
  ...createOptionTypeExample,
  values: createOptionTypeExample.values.map(({ value, hex }, index) =>
    optionValue(colors[index]!, value, hex, index, 0),
  ),
  ...setUp,
} satisfies OptionType;

/** Colour once the hoodies and the t-shirt use it. */
const colorOption = {
  ...createdOptionTypeExample,
  values: createdOptionTypeExample.values.map((value, index) => ({ ...value, variantCount: [2, 1, 1][index]! })),
} satisfies OptionType;

/** Colours after each change: moved first, a green added, black's swatch darkened. */
export const changedOptionTypeExamples = {
  moved: { ...colorOption, ...updateOptionTypeExample, updatedAt: at.catalogChanged },
  valueAdded: {
    ...colorOption,
    values: [
      ...colorOption.values,
      optionValue(ids.colorVerde, optionValueExample.value, optionValueExample.hex, 3, 0),
    ],
    updatedAt: at.catalogChanged,
  },
  valueChanged: {
    ...colorOption,
    values: [{ ...colorOption.values[0]!, ...updateOptionValueExample }, ...colorOption.values.slice(1)],
    updatedAt: at.catalogChanged,
  },
} satisfies Record<string, OptionType>;

const sizes = [ids.sizeS, ids.sizeM, ids.sizeL, ids.sizeXL, ids.sizeXXL];

/** Sizes (the M and L of the hoodies and the t-shirt in use) and colours. */
export const optionTypeListExample = {
  data: [
    {
      id: ids.optionSize,
      name: 'Size',
      kind: 'size',
      position: 0,
      values: ['S', 'M', 'L', 'XL', 'XXL'].map((size, index) =>
        optionValue(sizes[index]!, size, null, index, [0, 2, 2, 0, 0][index]!),
      ),
      ...setUp,
    },
    colorOption,
  ],
} satisfies z.output<typeof OptionTypeListSchema>;

/** A category of the storefront's tree as staff see it. */
const category = ({ id, slug, name, description }: (typeof categoryTreeExample.data)[number], position: number) => ({
  id,
  parentId: null,
  slug,
  name,
  description,
  position,
  productCount: 1,
  ...setUp,
});
const [hoodieCategory, remeraCategory] = categoryTreeExample.data.map(category) as [Category, Category];

/** The t-shirts' category as `createCategoryExample` made it, empty. */
export const createdCategoryExample = { ...remeraCategory, productCount: 0 } satisfies Category;

export const updatedCategoryExample = {
  ...remeraCategory,
  ...updateCategoryExample,
  updatedAt: at.catalogChanged,
} satisfies Category;

export const categoryListExample = { data: [hoodieCategory, remeraCategory] } satisfies z.output<
  typeof CategoryListSchema
>;
