import { type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database } from '../db/client';
import { runBatch } from '../db/sql/batch';
import { statement } from '../db/sql/statement';
import { viewText } from '../db/sql/views';
import { givenFields } from '../db/sql/writes';
import { STORE_SETTING_BOUNDS } from '../lib/store-settings';
import type { StoreChangeBody } from '../schemas/stores';
import { type AuditContext, auditFromCte } from './audit';
import { adminStoreStatement, getAdminStore, NO_STORE, PROFILE_COLUMNS, profileValue } from './stores';

/**
 * Staff change the store's profile and settings: one batch that locks the
 * store row, checks in SQL what only the database knows (whether the
 * currency may still change, whether a payment method is configured),
 * writes the change with its audit row, and answers the store.
 *
 * Settings merge: a key given replaces its value in `stores.settings`, a key
 * given as null is removed (its default applies again), and a key left out
 * stays; `taxRateBps` and `pricesIncludeTax` live in their own columns. The Stripe keys, also kept in
 * `settings`, are not a key a change can name, so they are never touched.
 */

export type StoreChange = z.output<typeof StoreChangeBody>;
type SettingsChange = NonNullable<StoreChange['settings']>;

/** The settings kept in a column of their own, as the column and the value that clearing one restores. */
const SETTING_COLUMNS = {
  taxRateBps: { column: 'tax_rate_bps', cleared: STORE_SETTING_BOUNDS.taxRateBps.default },
  pricesIncludeTax: { column: 'prices_include_tax', cleared: false },
} as const;

const hasColumn = (key: string): key is keyof typeof SETTING_COLUMNS => key in SETTING_COLUMNS;

/** The settings of store alias `s` after `change`: removed keys gone, given ones replaced (some have columns). */
function mergedSettings(change: SettingsChange): SQL | undefined {
  const entries = Object.entries(change).filter(([key, value]) => !hasColumn(key) && value !== undefined);
  if (entries.length === 0) return undefined;
  const given = Object.fromEntries(entries.filter(([, value]) => value !== null));
  const removed = entries.filter(([, value]) => value === null).map(([key]) => sql` - ${key}::text`);
  return sql`((s.settings${sql.join(removed)}) || ${JSON.stringify(given)}::jsonb)`;
}

/** The columns `change` sets, each with its new value. */
function changedColumns(change: StoreChange) {
  const fields = givenFields(change, PROFILE_COLUMNS, profileValue);
  const settings = change.settings ?? {};
  for (const [key, { column, cleared }] of Object.entries(SETTING_COLUMNS)) {
    const given = settings[key as keyof typeof SETTING_COLUMNS];
    if (given !== undefined) fields.push({ column: sql.identifier(column), value: sql`${given ?? cleared}` });
  }
  const merged = mergedSettings(settings);
  if (merged) fields.push({ column: sql.identifier('settings'), value: merged });
  return fields;
}

/** Methods that need something configured before checkout may offer them, and the setting that configures them. */
const NEEDS_INSTRUCTIONS = [
  { method: 'bank_transfer', key: 'bankTransferInstructions', name: 'Bank transfer' },
  { method: 'zelle', key: 'zelleInstructions', name: 'Zelle' },
] as const;

/**
 * The refusals that `change` may meet, as `CASE` branches over store alias
 * `s` (locked): a currency change once prices or orders exist, a payment
 * method listed without what it needs. Only rules the change touches are
 * checked, so an unrelated change is never refused for a state it did not make.
 */
function refusals(change: StoreChange, merged: SQL | undefined): SQL[] {
  const branches: SQL[] = [];
  if (change.currency !== undefined) {
    branches.push(sql`WHEN s.currency <> ${change.currency}
        AND (EXISTS (SELECT 1 FROM prices WHERE store_id = s.id) OR EXISTS (SELECT 1 FROM orders WHERE store_id = s.id)
          OR EXISTS (SELECT 1 FROM campaigns WHERE store_id = s.id))
      THEN api_error('conflict', 'This store already has prices or orders in ' || s.currency
        || '; its currency can no longer change.', 'currency')`);
  }
  const settings = change.settings ?? {};
  const listGiven = settings.paymentMethods !== undefined;
  if (merged) {
    for (const { method, key, name } of NEEDS_INSTRUCTIONS) {
      if (!listGiven && settings[key] !== null) continue;
      const path = listGiven ? 'settings.paymentMethods' : `settings.${key}`;
      branches.push(sql`WHEN jsonb_typeof(${merged} -> 'paymentMethods') = 'array'
          AND ${merged} -> 'paymentMethods' ? ${method} AND NOT ${merged} ? ${key}
        THEN api_error('validation_failed', ${`${name} needs ${key}, which buyers are shown at checkout: set them, or leave ${method} out of paymentMethods.`}, ${path})`);
    }
  }
  if (settings.paymentMethods?.includes('card')) {
    branches.push(sql`WHEN NOT EXISTS (SELECT 1 FROM stripe_accounts WHERE store_id = s.id)
      THEN api_error('validation_failed', 'Cards need the store’s Stripe account: set it up (PUT payment-providers/stripe) first, or leave card out of paymentMethods.', 'settings.paymentMethods')`);
  }
  return branches;
}

/**
 * The store's profile and settings fields as the audit log keeps them: the
 * settings as stored (no defaults), without the Stripe keys, and with the
 * tax rate and tax mode among them.
 */
function auditedFields(alias: 's' | 'o'): SQL {
  const a = sql.raw(alias);
  return sql`jsonb_build_object('name', ${a}.name, 'description', ${a}.description, 'logoUrl', ${a}.logo_url,
    'coverUrl', ${a}.cover_url, 'contactEmail', ${a}.contact_email, 'contactPhone', ${a}.contact_phone,
    'address', ${a}.address, 'timezone', ${a}.timezone, 'taxId', ${a}.tax_id, 'channels', ${a}.channels,
    'currency', ${a}.currency, 'settings', (${a}.settings - 'stripe')
      || jsonb_build_object('taxRateBps', ${a}.tax_rate_bps, 'pricesIncludeTax', ${a}.prices_include_tax))`;
}

/** The keys of jsonb object `from` whose values differ in `other`, with their values in `from`; `settings` key by key. */
function differingKeys(from: SQL, other: SQL): SQL {
  const fromSettings = sql`(${from} -> 'settings')`;
  const otherSettings = sql`(${other} -> 'settings')`;
  const settingsThatDiffer = sql`(SELECT jsonb_object_agg(j, ${fromSettings} -> j)
      FROM jsonb_object_keys(${fromSettings} || ${otherSettings}) j
      WHERE ${fromSettings} -> j IS DISTINCT FROM ${otherSettings} -> j)`;
  return sql`(SELECT jsonb_object_agg(k, CASE WHEN k = 'settings' THEN ${settingsThatDiffer} ELSE ${from} -> k END)
    FROM jsonb_object_keys(${from} || ${other}) k
    WHERE ${from} -> k IS DISTINCT FROM ${other} -> k)`;
}

/**
 * Applies `change` to the store and answers it. Nothing to change (every
 * value as it is) writes nothing and audits nothing. `changed` says whether
 * the storefront's cached pages must be purged.
 */
export async function changeStore(db: Database, context: AuditContext, change: StoreChange) {
  const { storeId } = context;
  const columns = changedColumns(change);
  if (columns.length === 0) return { store: await getAdminStore(db, storeId), changed: false };

  const branches = refusals(change, mergedSettings(change.settings ?? {}));
  const differs = sql.join(
    columns.map(({ column, value }) => sql`s.${column} IS DISTINCT FROM ${value}`),
    sql` OR `,
  );
  const set = sql.join(
    columns.map(({ column, value }) => sql`${column} = ${value}`),
    sql`, `,
  );
  const { write, view } = await runBatch(db, {
    lock: sql`SELECT id FROM stores WHERE id = ${storeId} FOR UPDATE`,
    refusals: branches.length
      ? [sql`SELECT CASE ${sql.join(branches, sql` `)} ELSE true END FROM stores s WHERE s.id = ${storeId}`]
      : [],
    write: statement<{ changed: number }>(sql`WITH changed AS (
        UPDATE stores s
        SET ${set}, updated_at = now()
        FROM stores o
        WHERE o.id = s.id AND s.id = ${storeId} AND (${differs})
        RETURNING s.id, s.currency, o.currency AS currency_before, ${auditedFields('o')} AS fields_before, ${auditedFields('s')} AS fields_after),
      rates AS (
        UPDATE shipping_rates r
        SET currency = c.currency, updated_at = now()
        FROM changed c
        WHERE r.store_id = c.id AND c.currency <> c.currency_before),
      carts AS (
        UPDATE carts k
        SET currency = c.currency, updated_at = now()
        FROM changed c
        WHERE k.store_id = c.id AND c.currency <> c.currency_before),
      diff AS (
        SELECT id AS entity_id, ${differingKeys(sql`fields_before`, sql`fields_after`)} AS before,
          ${differingKeys(sql`fields_after`, sql`fields_before`)} AS after
        FROM changed),
      audit AS (${auditFromCte(context, 'store.updated', 'store', sql`diff WHERE before IS NOT NULL`)})
      SELECT count(*)::int AS changed FROM changed`),
    view: adminStoreStatement(storeId),
  });
  return { store: viewText(view, NO_STORE), changed: (write[0]?.changed ?? 0) > 0 };
}
