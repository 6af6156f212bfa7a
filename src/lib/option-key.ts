/**
 * The canonical form of a variant's option combination, stored in
 * `variants.option_key` so that "one variant per combination of a product"
 * is a unique constraint: the option value ids, sorted and comma-joined.
 * A product without options has a single variant whose key is ''.
 */
export function optionKey(optionValueIds: readonly string[]): string {
  return [...optionValueIds].sort().join(',');
}
