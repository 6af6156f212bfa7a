import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runBatch, runStatement } from '../../db/sql/batch';
import { constraintViolation, isUniqueViolation } from '../../db/sql/errors';
import { type Statement, statement } from '../../db/sql/statement';
import { defineView, type ViewJson, type ViewRow, type ViewValue, viewOf, viewText } from '../../db/sql/views';
import { givenFields, lockStoreScope, requireRoomFor, setList, textArray } from '../../db/sql/writes';
import { ApiError } from '../../lib/api-error';
import { uuidv7 } from '../../lib/ids';
import { MarketListSchema, MarketSchema, MAX_MARKETS } from '../../schemas/markets';
import { type AuditContext, auditFromCte } from '../audit';

/**
 * A store's markets as staff manage them. A market's countries are rows of
 * `market_countries`, whose primary key (store, country) keeps a country in
 * one market of the store: a write giving it to a second market is a 409
 * naming it. A market is deactivated, never deleted (carts and orders name
 * it), and its currency never changes. Every write is one batch with its
 * audit row; the route purges the store's cached catalog, whose prices
 * depend on the markets.
 */

export interface MarketFields {
  name?: string;
  countries?: string[];
  taxInclusive?: boolean;
  active?: boolean;
  position?: number;
}

export const NO_MARKET = 'This store has no market with that code (the home market, default, is its own settings).';
const CODE_TAKEN = 'The store has a market with this code already.';
const TOO_MANY = `A store has at most ${MAX_MARKETS} markets; change or deactivate one instead.`;

const MARKET_COLUMNS = {
  name: 'name',
  taxInclusive: 'tax_inclusive',
  active: 'active',
  position: 'position',
} as const;

/** Market alias `m` as staff see it, its countries in alphabetical order. */
export const adminMarketView = defineView(
  MarketSchema,
  (_m: 'm') => sql`json_build_object(
    'id', m.id, 'code', m.code, 'name', m.name, 'currency', m.currency,
    'countries', coalesce((
      SELECT json_agg(mc.country ORDER BY mc.country)
      FROM market_countries mc
      WHERE mc.market_id = m.id), '[]'),
    'taxInclusive', m.tax_inclusive, 'active', m.active, 'position', m.position,
    'createdAt', m.created_at, 'updatedAt', m.updated_at)`,
);

type MarketValue = ViewValue<typeof adminMarketView>;

/** Every market of store `storeId`, by position then code, as `{data: [...]}`. */
const marketListView = defineView(
  MarketListSchema,
  (storeId: string) => sql`json_build_object('data', coalesce((
    SELECT json_agg(${adminMarketView.json('m')} ORDER BY m.position, m.code)
    FROM markets m
    WHERE m.store_id = ${storeId}), '[]'))`,
);

function marketStatement(storeId: string, code: string): Statement<ViewRow<MarketValue>> {
  return viewOf(adminMarketView.json('m'), sql`markets m WHERE m.store_id = ${storeId} AND m.code = ${code}`);
}

/** Market alias `m` as audit rows record it, with `countries` (when given) as a change leaves them. */
function auditedMarket(countries?: string[]): SQL {
  const row = sql`(${adminMarketView.json('m')})::jsonb - 'createdAt' - 'updatedAt'`;
  return countries ? sql`${row} || jsonb_build_object('countries', to_jsonb(${sortedCountries(countries)}))` : row;
}

function sortedCountries(countries: string[]): SQL {
  return textArray([...countries].sort());
}

/**
 * Stops the batch with a 409 naming the first of `countries` that another
 * market of the store (than `marketId`) serves, active or not.
 */
function requireFreeCountries(storeId: string, countries: string[], marketId: SQL): SQL {
  return sql`SELECT api_error('conflict',
      'The country ' || mc.country || ' is in the market ''' || m.code || ''' already; a country is in one market at most: take it out of that market first.',
      'countries')
    FROM market_countries mc
    JOIN markets m ON m.id = mc.market_id
    WHERE mc.store_id = ${storeId} AND mc.country = ANY (${textArray(countries)}) AND mc.market_id IS DISTINCT FROM ${marketId}
    ORDER BY mc.country
    LIMIT 1`;
}

/** Gives market `marketId` the countries of `countries` it lacks; one another market has breaks the primary key. */
function addCountries(storeId: string, countries: string[], marketId: SQL): SQL {
  return sql`INSERT INTO market_countries (store_id, country, market_id)
    SELECT ${storeId}, given.country, market.id
    FROM unnest(${textArray(countries)}) AS given(country), (SELECT ${marketId} AS id) market
    WHERE market.id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM market_countries mc WHERE mc.market_id = market.id AND mc.country = given.country)`;
}

/**
 * A write that gave a country or a code to a second market at the same
 * moment as another write: the unique keys refuse it, answered as the
 * guards answer it when the writes do not race.
 */
async function marketWrite<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (isUniqueViolation(error, 'market_countries_pkey')) {
      // The key's detail names it: `Key (store_id, country)=(<store>, ES) already exists.`
      const country = /=\([^,]*, ?([A-Z]{2})\)/.exec(constraintViolation(error)?.detail ?? '')?.[1];
      const detail = `${country ? `The country ${country}` : 'A country'} is in another market of the store already; a country is in one market at most.`;
      throw new ApiError('conflict', detail, [{ path: 'countries', message: detail }]);
    }
    if (isUniqueViolation(error, 'markets_store_code_unique')) throw codeTaken();
    throw error;
  }
}

function codeTaken(): ApiError {
  return new ApiError('conflict', CODE_TAKEN, [{ path: 'code', message: CODE_TAKEN }]);
}

/** Every market of the store, in one statement; the cap on markets keeps the list unpaged. */
export async function listMarkets(db: Database, storeId: string) {
  const [row] = await runStatement(
    db,
    statement<{ json: ViewJson<ViewValue<typeof marketListView>> }>(
      sql`SELECT (${marketListView.json(storeId)})::text AS json`,
    ),
  );
  return row!.json;
}

/** One market of the store, by code; a 404 when it has none with that code. */
export async function getMarket(db: Database, storeId: string, code: string) {
  return viewText(await runStatement(db, marketStatement(storeId, code)), NO_MARKET);
}

/**
 * Adds a market, after the last one unless a position is given. Markets are
 * counted under a lock of the store's own, so two creations at once cannot
 * both pass the cap. One round trip; audited.
 */
export async function createMarket(
  db: Database,
  context: AuditContext,
  input: MarketFields & { code: string; name: string; currency: string },
) {
  const id = uuidv7();
  const { storeId } = context;
  const { code, currency, countries = [], position, ...rest } = input;
  const fields = givenFields(rest, MARKET_COLUMNS);
  const last = sql`(SELECT coalesce(max(position) + 1, 0) FROM markets WHERE store_id = ${storeId})`;
  const columns = [sql`id`, sql`store_id`, sql`code`, sql`currency`, sql`position`, ...fields.map((f) => f.column)];
  const values = [
    sql`${id}`,
    sql`${storeId}`,
    sql`${code}`,
    sql`${currency}`,
    position === undefined ? last : sql`${position}`,
    ...fields.map((f) => f.value),
  ];
  const { view } = await marketWrite(
    runBatch(db, {
      lock: lockStoreScope('markets', storeId),
      cap: requireRoomFor('markets', storeId, MAX_MARKETS, TOO_MANY),
      code: sql`SELECT api_error('conflict', ${CODE_TAKEN}, 'code')
        WHERE EXISTS (SELECT 1 FROM markets WHERE store_id = ${storeId} AND code = ${code})`,
      countriesFree: requireFreeCountries(storeId, countries, sql`NULL::uuid`),
      insert: sql`WITH made AS (
          INSERT INTO markets AS m (${sql.join(columns, sql`, `)})
          VALUES (${sql.join(values, sql`, `)})
          RETURNING m.id AS entity_id, NULL::jsonb AS before, ${auditedMarket(countries)} AS after)
        ${auditFromCte(context, 'market.created', 'market', sql`made`)}`,
      countries: addCountries(storeId, countries, sql`${id}::uuid`),
      view: marketStatement(storeId, code),
    }),
  );
  return viewText(view, NO_MARKET);
}

/**
 * Changes a market's name, countries (the list given replaces its list), tax
 * mode, state or position; never its code or currency. One round trip;
 * audited with the market before and after.
 */
export async function updateMarket(db: Database, context: AuditContext, code: string, changes: MarketFields) {
  const { storeId } = context;
  const { countries } = changes;
  const marketId = sql`(SELECT id FROM markets WHERE store_id = ${storeId} AND code = ${code})`;
  const set = setList(changes, MARKET_COLUMNS, [sql`updated_at = now()`]);
  const { view } = await marketWrite(
    runBatch(db, {
      exists: sql`SELECT api_error('not_found', ${NO_MARKET})
        WHERE NOT EXISTS (SELECT 1 FROM markets WHERE store_id = ${storeId} AND code = ${code})`,
      ...(countries ? { countriesFree: requireFreeCountries(storeId, countries, marketId) } : {}),
      // Before the countries change, so that `before` has the old ones; `after` is given the new ones.
      update: sql`WITH target AS (
          SELECT m.id, ${auditedMarket()} AS before
          FROM markets m
          WHERE m.store_id = ${storeId} AND m.code = ${code}),
        changed AS (
          UPDATE markets m SET ${set}
          FROM target
          WHERE m.id = target.id
          RETURNING m.id AS entity_id, target.before, ${auditedMarket(countries)} AS after)
        ${auditFromCte(context, 'market.updated', 'market', sql`changed`)}`,
      ...(countries
        ? {
            dropCountries: sql`DELETE FROM market_countries
              WHERE market_id = ${marketId} AND NOT (country = ANY (${textArray(countries)}))`,
            addCountries: addCountries(storeId, countries, marketId),
          }
        : {}),
      view: marketStatement(storeId, code),
    }),
  );
  return viewText(view, NO_MARKET);
}
