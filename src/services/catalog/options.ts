import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { uuidv7 } from '../../lib/ids';
import { auditEntry, type AuditContext } from '../audit';
import { lastView, requireRow, runBatch, setList } from './admin-views';
import { catalogWrite } from './catalog-errors';

/**
 * A store's options (Size, Color, ...) and their values, shared by its
 * products. Display order is explicit (`position`), because sizes are never
 * alphabetical; colours carry a hex swatch. A value that a variant uses
 * cannot be deleted, nor can its option.
 */

export type OptionKind = 'size' | 'color' | 'text';

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

/** Option type alias `ot` with its values in display order. */
const optionTypeJson = sql`json_build_object('id', ot.id, 'name', ot.name, 'kind', ot.kind, 'position', ot.position,
  'values', coalesce((SELECT json_agg(json_build_object('id', ov.id, 'value', ov.value, 'hex', ov.hex, 'position', ov.position,
      'variantCount', (SELECT count(*) FROM variant_option_values vov WHERE vov.option_value_id = ov.id)) ORDER BY ov.position, ov.value)
    FROM option_values ov WHERE ov.option_type_id = ot.id), '[]'),
  'createdAt', ot.created_at, 'updatedAt', ot.updated_at)`;

function optionTypeView(db: Database, storeId: string, optionTypeId: string) {
  return db.execute(
    sql`SELECT (SELECT ${optionTypeJson} FROM option_types ot WHERE ot.id = ${optionTypeId} AND ot.store_id = ${storeId})::text AS json`,
  );
}

/** Every option of the store, in display order, with its values. One round trip. */
export async function listOptionTypes(db: Database, storeId: string): Promise<string> {
  const { rows } = await db.execute<{ json: string }>(sql`SELECT json_build_object('data', coalesce(
    (SELECT json_agg(${optionTypeJson} ORDER BY ot.position, ot.name) FROM option_types ot WHERE ot.store_id = ${storeId}), '[]'))::text AS json`);
  return rows[0]!.json;
}

function valueRows(storeId: string, optionTypeId: string, values: OptionValueInput[]): SQL {
  const rows = values.map(
    (value, index) =>
      sql`(${uuidv7()}::uuid, ${storeId}::uuid, ${optionTypeId}::uuid, ${value.value}, ${value.hex ?? null}, ${value.position ?? index})`,
  );
  return sql`INSERT INTO option_values (id, store_id, option_type_id, value, hex, position) VALUES ${sql.join(rows, sql`, `)}`;
}

/** Creates an option with its values (their order is their display order unless positions say otherwise). One batch; audited. */
export async function createOptionType(db: Database, context: AuditContext, input: NewOptionType): Promise<string> {
  const id = uuidv7();
  const { storeId } = context;
  const position =
    input.position ?? sql`(SELECT coalesce(max(position) + 1, 0) FROM option_types WHERE store_id = ${storeId})`;
  const results = await catalogWrite(
    runBatch(db, [
      db.execute(
        sql`INSERT INTO option_types (id, store_id, name, kind, position) VALUES (${id}, ${storeId}, ${input.name}, ${input.kind ?? 'text'}, ${position})`,
      ),
      ...(input.values?.length ? [db.execute(valueRows(storeId, id, input.values))] : []),
      db.execute(auditEntry(context, 'option.created', { type: 'option_type', id }, { after: input })),
      optionTypeView(db, storeId, id),
    ]),
  );
  return lastView(results, NO_OPTION);
}

/** Renames an option, changes its kind or its place. One batch; audited. */
export async function updateOptionType(
  db: Database,
  context: AuditContext,
  optionTypeId: string,
  changes: { name?: string; kind?: OptionKind; position?: number },
): Promise<string> {
  const { storeId } = context;
  const results = await catalogWrite(
    runBatch(db, [
      requireRow(db, 'option_types', optionTypeId, storeId, NO_OPTION),
      db.execute(sql`UPDATE option_types SET ${setList(changes, { name: 'name', kind: 'kind', position: 'position' }, [sql`updated_at = now()`])}
        WHERE id = ${optionTypeId} AND store_id = ${storeId}`),
      db.execute(auditEntry(context, 'option.updated', { type: 'option_type', id: optionTypeId }, { after: changes })),
      optionTypeView(db, storeId, optionTypeId),
    ]),
  );
  return lastView(results, NO_OPTION);
}

/** Deletes an option and its values, unless a variant uses one of them (409). */
export async function deleteOptionType(db: Database, context: AuditContext, optionTypeId: string): Promise<void> {
  await catalogWrite(
    runBatch(db, [
      requireRow(db, 'option_types', optionTypeId, context.storeId, NO_OPTION),
      db.execute(sql`DELETE FROM option_types WHERE id = ${optionTypeId} AND store_id = ${context.storeId}`),
      db.execute(auditEntry(context, 'option.deleted', { type: 'option_type', id: optionTypeId }, {})),
    ]),
    TYPE_IN_USE,
  );
}

/** Adds a value to an option, last unless a position is given. Answers the option. */
export async function addOptionValue(
  db: Database,
  context: AuditContext,
  optionTypeId: string,
  input: OptionValueInput,
): Promise<string> {
  const { storeId } = context;
  const position =
    input.position ??
    sql`(SELECT coalesce(max(position) + 1, 0) FROM option_values WHERE option_type_id = ${optionTypeId})`;
  const id = uuidv7();
  const results = await catalogWrite(
    runBatch(db, [
      requireRow(db, 'option_types', optionTypeId, storeId, NO_OPTION),
      db.execute(
        sql`INSERT INTO option_values (id, store_id, option_type_id, value, hex, position) VALUES (${id}, ${storeId}, ${optionTypeId}, ${input.value}, ${input.hex ?? null}, ${position})`,
      ),
      db.execute(auditEntry(context, 'option.value_added', { type: 'option_value', id }, { after: input })),
      optionTypeView(db, storeId, optionTypeId),
    ]),
  );
  return lastView(results, NO_OPTION);
}

/** Renames a value, changes its swatch or its place. Answers the option. */
export async function updateOptionValue(
  db: Database,
  context: AuditContext,
  optionTypeId: string,
  valueId: string,
  changes: Partial<OptionValueInput>,
): Promise<string> {
  const { storeId } = context;
  const results = await catalogWrite(
    runBatch(db, [
      requireRow(db, 'option_values', valueId, storeId, NO_VALUE, { option_type_id: optionTypeId }),
      db.execute(
        sql`UPDATE option_values SET ${setList(changes, { value: 'value', hex: 'hex', position: 'position' })} WHERE id = ${valueId}`,
      ),
      db.execute(
        auditEntry(context, 'option.value_updated', { type: 'option_value', id: valueId }, { after: changes }),
      ),
      optionTypeView(db, storeId, optionTypeId),
    ]),
  );
  return lastView(results, NO_VALUE);
}

/** Deletes a value no variant uses (409 otherwise). */
export async function deleteOptionValue(
  db: Database,
  context: AuditContext,
  optionTypeId: string,
  valueId: string,
): Promise<void> {
  await catalogWrite(
    runBatch(db, [
      requireRow(db, 'option_values', valueId, context.storeId, NO_VALUE, { option_type_id: optionTypeId }),
      db.execute(sql`DELETE FROM option_values WHERE id = ${valueId}`),
      db.execute(auditEntry(context, 'option.value_deleted', { type: 'option_value', id: valueId }, {})),
    ]),
    IN_USE,
  );
}
