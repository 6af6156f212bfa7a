import type { z } from '@hono/zod-openapi';
import type {
  CategoryListSchema,
  CategorySchema,
  CreateCategoryBody,
  CreateOptionTypeBody,
  OptionTypeListSchema,
  OptionTypeSchema,
  OptionValueBody,
  UpdateCategoryBody,
  UpdateOptionTypeBody,
  UpdateOptionValueBody,
} from '../../schemas/admin-taxonomy';
import { categoryTreeExample } from './storefront-catalog';
import { at, ids } from './story';

/** Whole-body examples of src/schemas/admin-taxonomy.ts, for the OpenAPI document: the store's options and categories, as seeded. */

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
