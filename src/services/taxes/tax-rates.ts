import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runBatch, runStatement } from '../../db/sql/batch';
import { isUniqueViolation } from '../../db/sql/errors';
import { type Statement, statement } from '../../db/sql/statement';
import { defineView, type ViewJson, type ViewRow, type ViewValue, viewOf, viewText } from '../../db/sql/views';
import { givenFields, lockStoreScope, requireRoomFor, requireRow, setList } from '../../db/sql/writes';
import { ApiError } from '../../lib/api-error';
import { uuidv7 } from '../../lib/ids';
import { MAX_TAX_RATES, PPM_PER_PERCENT, TaxRateListSchema, TaxRateSchema } from '../../schemas/tax-rates';
import { type AuditContext, auditedDelete, auditedUpdate, auditFromCte } from '../audit';

/**
 * The tax rates a store charges, by destination (country, optionally a
 * region) and optionally only for a product tax class, as staff manage
 * them. Which rates a line pays is decided where carts and orders are
 * priced (services/pricing/); editing a rate changes no placed order, which
 * keeps its tax lines. Prices are shown as stored, so no cached catalog
 * page depends on a rate. Every write is one batch with its audit row.
 */

export interface TaxRateFields {
  country?: string;
  region?: string | null;
  taxClass?: string | null;
  name?: string;
  percentage?: number;
}

export const NO_TAX_RATE = 'This store has no tax rate with that id.';

const TAKEN =
  'This store already has a tax rate with this name for this country, region and tax class; change that one instead.';

const TOO_MANY = `A store has at most ${MAX_TAX_RATES} tax rates; change or delete one instead.`;

const RATE_COLUMNS = {
  country: 'country',
  region: 'region',
  taxClass: 'tax_class',
  name: 'name',
  percentage: 'rate_ppm',
} as const;

/** Percent to parts per million (8.875 % = 88,750), exact for the 4 decimals the API takes. */
function rateValue(field: keyof TaxRateFields, value: unknown): SQL {
  return field === 'percentage' ? sql`${Math.round((value as number) * PPM_PER_PERCENT)}` : sql`${value}`;
}

/** Tax rate alias `t` as staff see it. */
export const taxRateView = defineView(
  TaxRateSchema,
  (_t: 't') => sql`json_build_object('id', t.id, 'country', t.country, 'region', t.region, 'taxClass', t.tax_class,
    'name', t.name, 'percentage', (t.rate_ppm / ${PPM_PER_PERCENT}::numeric)::float8, 'ratePpm', t.rate_ppm,
    'createdAt', t.created_at, 'updatedAt', t.updated_at)`,
);

/** The order rates are listed in, the order tax lines follow too. */
const RATE_ORDER = sql`t.country, t.region NULLS FIRST, t.tax_class NULLS FIRST, t.name, t.id`;

/** The rates of store `storeId` (of one country, when given), as `{data: [...]}`. */
const taxRateListView = defineView(
  TaxRateListSchema,
  (storeId: string, country: string | undefined) => sql`json_build_object('data', coalesce((
    SELECT json_agg(${taxRateView.json('t')} ORDER BY ${RATE_ORDER})
    FROM tax_rates t
    WHERE t.store_id = ${storeId}${country ? sql` AND t.country = ${country}` : sql``}), '[]'))`,
);

function rateStatement(storeId: string, rateId: string): Statement<ViewRow<ViewValue<typeof taxRateView>>> {
  return viewOf(taxRateView.json('t'), sql`tax_rates t WHERE t.id = ${rateId} AND t.store_id = ${storeId}`);
}

/** Rate alias `t` as audit rows record it, before and after a change: as staff see it. */
const auditedRate = sql`(${taxRateView.json('t')})::jsonb`;

/** A write whose destination and name another rate has: a 409 naming the field. */
async function rateWrite<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (isUniqueViolation(error, 'tax_rates_destination_unique')) {
      throw new ApiError('conflict', TAKEN, [{ path: 'name', message: TAKEN }]);
    }
    throw error;
  }
}

/** Every rate of the store, or of one country, in one statement; the cap on rates keeps the list unpaged. */
export async function listTaxRates(db: Database, storeId: string, country?: string) {
  const [row] = await runStatement(
    db,
    statement<{ json: ViewJson<ViewValue<typeof taxRateListView>> }>(
      sql`SELECT (${taxRateListView.json(storeId, country)})::text AS json`,
    ),
  );
  return row!.json;
}

/** One rate of the store; a 404 when it has none with that id. */
export async function getTaxRate(db: Database, storeId: string, rateId: string) {
  return viewText(await runStatement(db, rateStatement(storeId, rateId)), NO_TAX_RATE);
}

/**
 * Adds a rate. The store's rates are counted under a lock of the store's
 * own, so two creations at once cannot both pass the cap. One round trip;
 * audited.
 */
export async function createTaxRate(
  db: Database,
  context: AuditContext,
  input: TaxRateFields & { country: string; name: string; percentage: number },
) {
  const id = uuidv7();
  const { storeId } = context;
  const fields = givenFields(input, RATE_COLUMNS, rateValue);
  const columns = [sql`id`, sql`store_id`, ...fields.map((field) => field.column)];
  const values = [sql`${id}`, sql`${storeId}`, ...fields.map((field) => field.value)];
  const { view } = await rateWrite(
    runBatch(db, {
      lock: lockStoreScope('tax-rates', storeId),
      cap: requireRoomFor('tax_rates', storeId, MAX_TAX_RATES, TOO_MANY),
      insert: sql`WITH made AS (
          INSERT INTO tax_rates AS t (${sql.join(columns, sql`, `)})
          VALUES (${sql.join(values, sql`, `)})
          RETURNING t.id AS entity_id, NULL::jsonb AS before, ${auditedRate} AS after)
        ${auditFromCte(context, 'tax_rate.created', 'tax_rate', sql`made`)}`,
      view: rateStatement(storeId, id),
    }),
  );
  return viewText(view, NO_TAX_RATE);
}

/** Changes any of a rate's fields. One round trip; audited with the rate before and after. */
export async function updateTaxRate(db: Database, context: AuditContext, rateId: string, changes: TaxRateFields) {
  const { storeId } = context;
  const { view } = await rateWrite(
    runBatch(db, {
      exists: requireRow('tax_rates', rateId, storeId, NO_TAX_RATE),
      update: auditedUpdate(
        context,
        'tax_rate.updated',
        { table: 'tax_rates', alias: 't', entityType: 'tax_rate', id: rateId },
        setList(changes, RATE_COLUMNS, [sql`updated_at = now()`], rateValue),
        auditedRate,
      ),
      view: rateStatement(storeId, rateId),
    }),
  );
  return viewText(view, NO_TAX_RATE);
}

/** Deletes a rate: placed orders keep their tax lines. One round trip; audited. */
export async function deleteTaxRate(db: Database, context: AuditContext, rateId: string): Promise<void> {
  const { storeId } = context;
  await runBatch(db, {
    exists: requireRow('tax_rates', rateId, storeId, NO_TAX_RATE),
    delete: auditedDelete(
      context,
      'tax_rate.deleted',
      { table: 'tax_rates', alias: 't', entityType: 'tax_rate', id: rateId },
      auditedRate,
    ),
  });
}
