import { getTableColumns, getTableName, type SQL, sql, type Table } from 'drizzle-orm';
import { toSnakeCase } from 'drizzle-orm/casing';
import { auditLog, events, inventoryMovements, mailMessages, orderStatusHistory, paymentAuditLog } from '../schema';

/**
 * The append-only ledgers: stock movements, order status history, the
 * outbox of events, the mail outbox, the audit log and the payment audit log. Every row any
 * of them gets is written here, by `INSERT ... SELECT`: the caller gives one
 * SQL expression (or plain value) per column, keyed by the Drizzle table's
 * field names, and optionally the rows to select them from. A column the
 * table requires and the caller leaves out, or a renamed one, fails `tsc`;
 * CI refuses an `INSERT INTO` one of these tables anywhere else.
 *
 * Rows are written by the statement that makes the change they record, in
 * the same transaction, usually as a CTE over the change's `RETURNING`.
 */

type Insert<T extends Table> = T['$inferInsert'];

/** Keys of `T` whose value may be left out (a default, or nullable). */
type OptionalKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? K : never }[keyof T];

/**
 * One row's values: for each column an SQL expression (over the selected
 * rows, when there are some) or a plain value, bound as a parameter.
 * `id` defaults to a new UUIDv7 per row.
 */
export type LedgerRow<T extends Table> = {
  [K in Exclude<keyof Insert<T>, OptionalKeys<Insert<T>>>]: SQL | Insert<T>[K];
} & {
  [K in OptionalKeys<Insert<T>>]?: SQL | Insert<T>[K] | null;
};

/** A column as the INSERT names and casts it. */
interface LedgerColumn {
  name: SQL;
  type: SQL;
}

const columnsByTable = new WeakMap<Table, Map<string, LedgerColumn>>();

/** The table's columns by field name, worked out once per table (names under `snake_case`, SQL types). */
function columnsOf(table: Table): Map<string, LedgerColumn> {
  let columns = columnsByTable.get(table);
  if (!columns) {
    const defined = getTableColumns(table) as Record<
      string,
      { name: string; keyAsName: boolean; getSQLType(): string }
    >;
    columns = new Map(
      Object.entries(defined).map(([field, column]) => [
        field,
        {
          name: sql`${sql.identifier(column.keyAsName ? toSnakeCase(column.name) : column.name)}`,
          type: sql.raw(column.getSQLType()),
        },
      ]),
    );
    columnsByTable.set(table, columns);
  }
  return columns;
}

/** `INSERT INTO table (columns) SELECT values [FROM source]`, columns named as the table defines them. */
function insertSelect<T extends Table>(table: T, row: LedgerRow<T>, source?: SQL): SQL {
  const columns = columnsOf(table);
  const values: Record<string, unknown> = { id: sql`uuid_v7()`, ...row };
  const names: SQL[] = [];
  const expressions: SQL[] = [];
  for (const [field, value] of Object.entries(values)) {
    if (value === undefined) continue;
    const column = columns.get(field);
    if (!column) throw new Error(`ledger: ${getTableName(table)} has no column '${field}'`);
    names.push(column.name);
    expressions.push(sql`(${toExpression(value)})::${column.type}`);
  }
  const from = source ? sql` FROM ${source}` : sql``;
  return sql`INSERT INTO ${sql.identifier(getTableName(table))} (${sql.join(names, sql`, `)})
    SELECT ${sql.join(expressions, sql`, `)}${from}`;
}

/**
 * A plain value as a bound parameter; objects (jsonb columns) as JSON text.
 * Each value is then cast to its column's type: in `INSERT ... SELECT` a bare
 * parameter would be taken for text.
 */
function toExpression(value: unknown): SQL {
  if (value instanceof Object && 'getSQL' in value) return value as SQL;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) return sql`${JSON.stringify(value)}`;
  return sql`${value}`;
}

/** A stock movement per selected row: every change to `on_hand` or `reserved` (schema/inventory.ts). */
export function insertMovements(row: LedgerRow<typeof inventoryMovements>, source?: SQL): SQL {
  return insertSelect(inventoryMovements, row, source);
}

/** An order status history row per selected row: every move of an order. */
export function insertStatusHistory(row: LedgerRow<typeof orderStatusHistory>, source?: SQL): SQL {
  return insertSelect(orderStatusHistory, row, source);
}

/** An outbox event per selected row, committed with the change it reports. */
export function insertEvents(row: LedgerRow<typeof events>, source?: SQL): SQL {
  return insertSelect(events, row, source);
}

/** An audit row per selected row: who changed what, before and after. */
export function insertAuditRows(row: LedgerRow<typeof auditLog>, source?: SQL): SQL {
  return insertSelect(auditLog, row, source);
}

/** A payment audit row per selected row: every change of a payment's state, with its source. */
export function insertPaymentAuditRows(row: LedgerRow<typeof paymentAuditLog>, source?: SQL): SQL {
  return insertSelect(paymentAuditLog, row, source);
}

/**
 * A mail of the outbox per selected row (services/mail/): sent after the
 * commit, never in the request. `data` is what its template renders.
 */
export function insertMail(row: LedgerRow<typeof mailMessages>, source?: SQL): SQL {
  return insertSelect(mailMessages, row, source);
}
