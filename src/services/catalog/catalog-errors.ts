import { constraintViolation } from '../../db/sql/errors';
import { ApiError } from '../../lib/api-error';

/** Unique constraints of the catalog, as the field a caller must change. */
const UNIQUE_FIELDS: Record<string, { path: string; detail: string }> = {
  products_store_slug_unique: { path: 'slug', detail: 'Another product of this store has this slug.' },
  variants_store_sku_unique: { path: 'sku', detail: 'Another variant of this store has this SKU.' },
  variants_product_option_key_unique: {
    path: 'options',
    detail: 'The product already has a variant with these options; PUT to its variants collection to update that one.',
  },
  categories_store_slug_unique: { path: 'slug', detail: 'Another category of this store has this slug.' },
  option_types_store_name_unique: { path: 'name', detail: 'This store already has an option with this name.' },
  option_values_type_value_unique: { path: 'value', detail: 'This option already has this value.' },
};

/**
 * Runs a catalog write and turns the database's refusals into answers a
 * caller can act on: a unique value taken names its field; a row that
 * orders (or other history) still reference is `referenced`, which says
 * what to do instead (archive, deactivate). Anything else passes through.
 */
export async function catalogWrite<T>(write: Promise<T>, referenced?: string): Promise<T> {
  try {
    return await write;
  } catch (error) {
    const violation = constraintViolation(error);
    const unique =
      violation?.code === '23505' && violation.constraint ? UNIQUE_FIELDS[violation.constraint] : undefined;
    if (unique) throw new ApiError('conflict', unique.detail, [{ path: unique.path, message: unique.detail }]);
    if (violation?.code === '23503' && referenced) throw new ApiError('conflict', referenced);
    throw error;
  }
}
