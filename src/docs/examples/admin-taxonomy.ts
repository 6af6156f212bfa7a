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
import { categoryTree } from './storefront-catalog';
import { at, ids } from './story';

/** Whole-body examples of src/schemas/admin-taxonomy.ts, for the OpenAPI document: the store's options and categories, as seeded. */

export const createOptionType = {
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
export const updateOptionType = { position: 0 } satisfies z.input<typeof UpdateOptionTypeBody>;

export const optionValue = { value: 'Verde', hex: '#4A5D23', position: 3 } satisfies z.input<typeof OptionValueBody>;

export const updateOptionValue = { hex: '#1C1C1C' } satisfies z.input<typeof UpdateOptionValueBody>;

export const createCategory = {
  slug: 'remera',
  name: 'Remera',
  description: 'Remeras de algodón premium',
  parentId: null,
  position: 1,
} satisfies z.input<typeof CreateCategoryBody>;

export const updateCategory = {
  description: 'Remeras y musculosas de algodón premium',
} satisfies z.input<typeof UpdateCategoryBody>;

type OptionType = z.output<typeof OptionTypeSchema>;
type Category = z.output<typeof CategorySchema>;

/** A value of an option as staff see it. */
const optionValueView = (id: string, value: string, hex: string | null, position: number, variantCount: number) => ({
  id,
  value,
  hex,
  position,
  variantCount,
});

const setUp = { createdAt: at.catalogSetUp, updatedAt: at.catalogSetUp };
const colors = [ids.colorNegro, ids.colorGrisOscuro, ids.colorBlanco];

/** Colour, as `createOptionType` made it, before any variant used it. */
export const createdOptionType = {
  id: ids.optionColor,
  ...createOptionType,
  values: createOptionType.values.map(({ value, hex }, index) => optionValueView(colors[index]!, value, hex, index, 0)),
  ...setUp,
} satisfies OptionType;

/** Colour once the hoodies and the t-shirt use it. */
const colorOption = {
  ...createdOptionType,
  values: createdOptionType.values.map((value, index) => ({ ...value, variantCount: [2, 1, 1][index]! })),
} satisfies OptionType;

// Colours after each change: moved first, a green added, black's swatch darkened.

export const optionTypeMoved = {
  ...colorOption,
  ...updateOptionType,
  updatedAt: at.catalogChanged,
} satisfies OptionType;

export const optionTypeValueAdded = {
  ...colorOption,
  values: [...colorOption.values, optionValueView(ids.colorVerde, optionValue.value, optionValue.hex, 3, 0)],
  updatedAt: at.catalogChanged,
} satisfies OptionType;

export const optionTypeValueChanged = {
  ...colorOption,
  values: [{ ...colorOption.values[0]!, ...updateOptionValue }, ...colorOption.values.slice(1)],
  updatedAt: at.catalogChanged,
} satisfies OptionType;

const sizes = [ids.sizeS, ids.sizeM, ids.sizeL, ids.sizeXL, ids.sizeXXL];

/** Sizes (the M and L of the hoodies and the t-shirt in use) and colours. */
export const optionTypeList = {
  data: [
    {
      id: ids.optionSize,
      name: 'Size',
      kind: 'size',
      position: 0,
      values: ['S', 'M', 'L', 'XL', 'XXL'].map((size, index) =>
        optionValueView(sizes[index]!, size, null, index, [0, 2, 2, 0, 0][index]!),
      ),
      ...setUp,
    },
    colorOption,
  ],
} satisfies z.output<typeof OptionTypeListSchema>;

/** A category of the storefront's tree as staff see it. */
const category = ({ id, slug, name, description }: (typeof categoryTree.data)[number], position: number) => ({
  id,
  parentId: null,
  slug,
  name,
  description,
  position,
  productCount: 1,
  ...setUp,
});
const [hoodieCategory, remeraCategory] = categoryTree.data.map(category) as [Category, Category];

/** The t-shirts' category as `createCategory` made it, empty. */
export const createdCategory = { ...remeraCategory, productCount: 0 } satisfies Category;

export const updatedCategory = {
  ...remeraCategory,
  ...updateCategory,
  updatedAt: at.catalogChanged,
} satisfies Category;

export const categoryList = { data: [hoodieCategory, remeraCategory] } satisfies z.output<typeof CategoryListSchema>;
