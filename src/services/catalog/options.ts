import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runBatch, runStatement } from '../../db/sql/batch';
import { type Statement, statement } from '../../db/sql/statement';
import { defineView, type ViewJson, type ViewRow, type ViewValue, viewText, viewOf } from '../../db/sql/views';
import { requireRow, setList } from '../../db/sql/writes';
import type { OPTION_KINDS } from '../../lib/enums';
import { uuidv7 } from '../../lib/ids';
import { OptionTypeListSchema, OptionTypeSchema } from '../../schemas/admin-taxonomy';
import { type AuditContext, auditEntry } from '../audit';
import { catalogWrite } from './catalog-errors';

/**
 * A store's options (Size, Color, ...) and their values, shared by its
 * products. Display order is explicit (`position`), because sizes are never
 * alphabetical; colours carry a hex swatch. A value that a variant uses
 * cannot be deleted, nor can its option.
 */

export type OptionKind = (typeof OPTION_KINDS)[number];

export interface OptionValueInput {
  value: string;
  hex?: string | null;
  position?: number;
}

export interface NewOptionType {
  name: string;
  kind?: OptionKind;
  position?: number;
  values?: OptionValueInput[];
}

const NO_OPTION = 'This store has no option with that id.';
const NO_VALUE = 'This option has no value with that id.';
const IN_USE = 'Variants use this option value, so it cannot be deleted; change or delete those variants first.';
const TYPE_IN_USE =
  'Variants use values of this option, so it cannot be deleted; change or delete those variants first.';

/** Option type alias `ot` with its values in display order, and how many variants use each. */
export const optionTypeView = defineView(
  OptionTypeSchema,
  (_ot: 'ot') => sql`json_build_object(
    'id', ot.id, 'name', ot.name, 'kind', ot.kind, 'position', ot.position,
    'values', coalesce((
      SELECT json_agg(json_build_object(
          'id', ov.id, 'value', ov.value, 'hex', ov.hex, 'position', ov.position,
          'variantCount', (SELECT count(*) FROM variant_option_values vov WHERE vov.option_value_id = ov.id))
        ORDER BY ov.position, ov.value)
      FROM option_values ov
      WHERE ov.option_type_id = ot.id), '[]'),
    'createdAt', ot.created_at, 'updatedAt', ot.updated_at)`,
);

/** Every option of store `storeId`, in display order, as `{data: [...]}`. */
export const optionTypeListView = defineView(
  OptionTypeListSchema,
  (storeId: SQL) => sql`json_build_object('data', coalesce((
    SELECT json_agg(${optionTypeView.json('ot')} ORDER BY ot.position, ot.name)
    FROM option_types ot
    WHERE ot.store_id = ${storeId}), '[]'))`,
);

type OptionType = ViewValue<typeof optionTypeView>;

function optionTypeStatement(storeId: string, optionTypeId: string): Statement<ViewRow<OptionType>> {
  return viewOf(
    optionTypeView.json('ot'),
    sql`option_types ot WHERE ot.id = ${optionTypeId} AND ot.store_id = ${storeId}`,
  );
}

/** Every option of the store, in display order, with its values. One round trip. */
export async function listOptionTypes(db: Database, storeId: string) {
  const [row] = await runStatement(
    db,
    statement<{ json: ViewJson<ViewValue<typeof optionTypeListView>> }>(
      sql`SELECT (${optionTypeListView.json(sql`${storeId}::uuid`)})::text AS json`,
    ),
  );
  return row!.json;
}

function valueRows(storeId: string, optionTypeId: string, values: OptionValueInput[]): SQL {
  const rows = values.map(
    (value, index) =>
      sql`(${uuidv7()}::uuid, ${storeId}::uuid, ${optionTypeId}::uuid, ${value.value}, ${value.hex ?? null}, ${value.position ?? index})`,
  );
  return sql`INSERT INTO option_values (id, store_id, option_type_id, value, hex, position)
    VALUES ${sql.join(rows, sql`, `)}`;
}

/** Creates an option with its values (their order is their display order unless positions say otherwise). One batch; audited. */
export async function createOptionType(db: Database, context: AuditContext, input: NewOptionType) {
  const id = uuidv7();
  const { storeId } = context;
  const position =
    input.position ?? sql`(SELECT coalesce(max(position) + 1, 0) FROM option_types WHERE store_id = ${storeId})`;
  const { view } = await catalogWrite(
    runBatch(db, {
      insert: sql`INSERT INTO option_types (id, store_id, name, kind, position)
        VALUES (${id}, ${storeId}, ${input.name}, ${input.kind ?? 'text'}, ${position})`,
      values: input.values?.length ? [valueRows(storeId, id, input.values)] : [],
      audit: auditEntry(context, 'option.created', { type: 'option_type', id }, { after: input }),
      view: optionTypeStatement(storeId, id),
    }),
  );
  return viewText(view, NO_OPTION);
}

/** Renames an option, changes its kind or its place. One batch; audited. */
export async function updateOptionType(
  db: Database,
  context: AuditContext,
  optionTypeId: string,
  changes: { name?: string; kind?: OptionKind; position?: number },
) {
  const { storeId } = context;
  const columns = { name: 'name', kind: 'kind', position: 'position' } as const;
  const { view } = await catalogWrite(
    runBatch(db, {
      exists: requireRow('option_types', optionTypeId, storeId, NO_OPTION),
      update: sql`UPDATE option_types SET ${setList(changes, columns, [sql`updated_at = now()`])}
        WHERE id = ${optionTypeId} AND store_id = ${storeId}`,
      audit: auditEntry(context, 'option.updated', { type: 'option_type', id: optionTypeId }, { after: changes }),
      view: optionTypeStatement(storeId, optionTypeId),
    }),
  );
  return viewText(view, NO_OPTION);
}

/** Deletes an option and its values, unless a variant uses one of them (409). */
export async function deleteOptionType(db: Database, context: AuditContext, optionTypeId: string): Promise<void> {
  await catalogWrite(
    runBatch(db, {
      exists: requireRow('option_types', optionTypeId, context.storeId, NO_OPTION),
      delete: sql`DELETE FROM option_types WHERE id = ${optionTypeId} AND store_id = ${context.storeId}`,
      audit: auditEntry(context, 'option.deleted', { type: 'option_type', id: optionTypeId }, {}),
    }),
    TYPE_IN_USE,
  );
}

/** Adds a value to an option, last unless a position is given. Answers the option. */
export async function addOptionValue(
  db: Database,
  context: AuditContext,
  optionTypeId: string,
  input: OptionValueInput,
) {
  const { storeId } = context;
  const position =
    input.position ??
    sql`(SELECT coalesce(max(position) + 1, 0) FROM option_values WHERE option_type_id = ${optionTypeId})`;
  const id = uuidv7();
  const { view } = await catalogWrite(
    runBatch(db, {
      exists: requireRow('option_types', optionTypeId, storeId, NO_OPTION),
      insert: sql`INSERT INTO option_values (id, store_id, option_type_id, value, hex, position)
        VALUES (${id}, ${storeId}, ${optionTypeId}, ${input.value}, ${input.hex ?? null}, ${position})`,
      audit: auditEntry(context, 'option.value_added', { type: 'option_value', id }, { after: input }),
      view: optionTypeStatement(storeId, optionTypeId),
    }),
  );
  return viewText(view, NO_OPTION);
}

/** Renames a value, changes its swatch or its place. Answers the option. */
export async function updateOptionValue(
  db: Database,
  context: AuditContext,
  optionTypeId: string,
  valueId: string,
  changes: Partial<OptionValueInput>,
) {
  const { storeId } = context;
  const columns = { value: 'value', hex: 'hex', position: 'position' } as const;
  const { view } = await catalogWrite(
    runBatch(db, {
      exists: requireRow('option_values', valueId, storeId, NO_VALUE, { option_type_id: optionTypeId }),
      update: sql`UPDATE option_values SET ${setList(changes, columns)} WHERE id = ${valueId}`,
      audit: auditEntry(context, 'option.value_updated', { type: 'option_value', id: valueId }, { after: changes }),
      view: optionTypeStatement(storeId, optionTypeId),
    }),
  );
  return viewText(view, NO_VALUE);
}

/** Deletes a value no variant uses (409 otherwise). */
export async function deleteOptionValue(
  db: Database,
  context: AuditContext,
  optionTypeId: string,
  valueId: string,
): Promise<void> {
  await catalogWrite(
    runBatch(db, {
      exists: requireRow('option_values', valueId, context.storeId, NO_VALUE, { option_type_id: optionTypeId }),
      delete: sql`DELETE FROM option_values WHERE id = ${valueId}`,
      audit: auditEntry(context, 'option.value_deleted', { type: 'option_value', id: valueId }, {}),
    }),
    IN_USE,
  );
}
