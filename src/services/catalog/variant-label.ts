import { type SQL, sql } from 'drizzle-orm';

/**
 * Variant alias `v`'s option values as a label, e.g. "M / Negro", in the
 * options' display order; empty for a variant without options. What staff
 * see beside a SKU in stock reports, and what order lines keep.
 */
export function variantLabel(_v: 'v'): SQL {
  return sql`coalesce((SELECT string_agg(ov.value, ' / ' ORDER BY ot.position, ot.name)
    FROM variant_option_values vov
    JOIN option_values ov ON ov.id = vov.option_value_id
    JOIN option_types ot ON ot.id = ov.option_type_id
    WHERE vov.variant_id = v.id), '')`;
}
