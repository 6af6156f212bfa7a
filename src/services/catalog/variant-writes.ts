import { type SQL, sql } from 'drizzle-orm';
import { latestPrice } from '../../db/sql/prices';
import { givenFields } from '../../db/sql/writes';
import { uuidv7 } from '../../lib/ids';

/** A variant as the admin API and the bulk import take it. */
export interface VariantInput {
  sku: string;
  barcode?: string | null;
  /** Option name to value, both as the store spells them: `{Size: 'M', Color: 'Negro'}`. */
  options?: Record<string, string>;
  costPrice?: number | null;
  reorderLevel?: number;
  active?: boolean;
  position?: number;
  /** A new current price; written only when it differs from the variant's own current one. */
  price?: { amount: number; compareAtAmount?: number | null };
}

/** Columns the caller may set, from input field to column; `sku` is always written. */
export const SETTABLE_VARIANT_COLUMNS = {
  barcode: 'barcode',
  costPrice: 'cost_price',
  reorderLevel: 'reorder_level',
  active: 'active',
  position: 'position',
} as const;

/**
 * One statement that writes a variant of `product` (an SQL expression for its
 * id) and links its option values, and gives it `input.price` when that
 * differs from its own current price.
 *
 * Option names and values are resolved here, in the database: one that the
 * store does not have stops the batch with a 422 naming it (under `path`,
 * the variant's place in the request body: '' or `variants[2]`). The
 * combination's canonical key (src/lib/option-key.ts: value ids sorted and
 * comma-joined) is computed here too, so "one variant per combination" stays
 * the unique constraint it is.
 *
 * `ifExists: 'update'` makes it an upsert by option combination: fields the
 * input names overwrite, the others keep their value, and `version` grows.
 * Otherwise an existing combination is a unique violation (409).
 */
export function variantWrite(
  storeId: string,
  product: SQL,
  input: VariantInput,
  path: string,
  ifExists: 'fail' | 'update',
): SQL {
  const fields = givenFields(input, SETTABLE_VARIANT_COLUMNS);
  const insertColumns = [
    sql`id`,
    sql`store_id`,
    sql`product_id`,
    sql`sku`,
    sql`option_key`,
    ...fields.map((field) => field.column),
  ];
  const insertValues = [
    sql`${uuidv7()}::uuid`,
    sql`${storeId}::uuid`,
    product,
    sql`${input.sku}`,
    sql`(SELECT coalesce(string_agg(id::text, ',' ORDER BY id::text COLLATE "C"), '') FROM resolved)`,
    ...fields.map((field) => field.value),
  ];
  if (input.position === undefined) {
    // New variants go last.
    insertColumns.push(sql`position`);
    insertValues.push(sql`(SELECT coalesce(max(position) + 1, 0) FROM variants WHERE product_id = ${product})`);
  }
  const update = [
    sql`sku = excluded.sku`,
    ...fields.map(({ column }) => sql`${column} = excluded.${column}`),
    sql`version = variants.version + 1`,
    sql`updated_at = now()`,
  ];
  const price = input.price;
  const onConflict =
    ifExists === 'update'
      ? sql`ON CONFLICT (product_id, option_key) DO UPDATE SET ${sql.join(update, sql`, `)}`
      : sql``;
  return sql`WITH wanted AS (
      SELECT * FROM jsonb_each_text(${JSON.stringify(input.options ?? {})}::jsonb) AS o(name, value)),
    resolved AS (
      SELECT w.name, w.value, ov.id
      FROM wanted w
      LEFT JOIN option_types ot ON ot.store_id = ${storeId} AND ot.name = w.name
      LEFT JOIN option_values ov ON ov.option_type_id = ot.id AND ov.value = w.value),
    checked AS (
      SELECT CASE WHEN EXISTS (SELECT 1 FROM resolved WHERE id IS NULL)
        THEN api_error('validation_failed',
          'This store has no option value '
            || (SELECT string_agg(name || ' = ' || value, ', ' ORDER BY name) FROM resolved WHERE id IS NULL) || '.',
          ${path ? `${path}.options` : 'options'})
        ELSE true END AS ok),
    written AS (
      INSERT INTO variants (${sql.join(insertColumns, sql`, `)})
      SELECT ${sql.join(insertValues, sql`, `)}
      FROM checked
      WHERE checked.ok
      ${onConflict}
      RETURNING id, (xmax = 0) AS inserted),
    linked AS (
      INSERT INTO variant_option_values (variant_id, option_value_id, store_id)
      SELECT written.id, resolved.id, ${storeId}::uuid
      FROM written, resolved
      ON CONFLICT DO NOTHING)
    ${price ? sql`, priced AS (${priceIfChanged(storeId, price)})` : sql``}
    SELECT id, inserted FROM written`;
}

/** Inserts `price` for the `written` variant unless its own current price is already exactly that. */
function priceIfChanged(storeId: string, price: { amount: number; compareAtAmount?: number | null }): SQL {
  const compareAt = price.compareAtAmount ?? null;
  return sql`INSERT INTO prices (id, store_id, variant_id, currency, amount, compare_at_amount)
    SELECT ${uuidv7()}::uuid, ${storeId}::uuid, written.id, s.currency, ${price.amount}, ${compareAt}::bigint
    FROM written, stores s
    WHERE s.id = ${storeId}
      AND NOT EXISTS (
        SELECT 1 FROM (${latestPrice(sql`variant_id = written.id`, sql`s.currency`)}) now_price
        WHERE now_price.amount = ${price.amount}
          AND now_price.compare_at_amount IS NOT DISTINCT FROM ${compareAt}::bigint)`;
}
