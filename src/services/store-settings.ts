import { type SQL, sql } from 'drizzle-orm';
import type { StoreSettings } from '../db/schema';
import { lowStockThreshold } from '../db/sql/store-scope';
import { PAYMENT_METHODS } from '../lib/enums';
import { MAIL_LANGUAGES, STORE_SETTING_BOUNDS } from '../lib/store-settings';

/**
 * How a store's settings (`stores.settings`, jsonb, typed by `StoreSettings`
 * in db/schema/tenancy.ts) are read in SQL: each reader takes the store's
 * alias and applies the key's default (lib/store-settings.ts) when the key
 * is absent, so that checkout, customer segments and the admin view agree.
 * The catalog cache reads its two lifetimes in the Worker
 * (http/catalog-cache.ts), by the same defaults and bounds.
 */

export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

const settingsOf = (alias: 's') => sql`${sql.raw(alias)}.settings`;

/** A settings key as an SQL literal: keys are the code's own names, never input. */
const keyOf = (key: keyof StoreSettings) => sql.raw(`'${key}'`);

/** The setting `key` of store alias `s` when it is a number, floored (numeric); else null. */
function wholeNumber(alias: 's', key: keyof StoreSettings): SQL {
  const settings = settingsOf(alias);
  return sql`CASE WHEN jsonb_typeof(${settings} -> ${keyOf(key)}) = 'number'
    THEN floor((${settings} ->> ${keyOf(key)})::numeric) END`;
}

/** The reservation time, in minutes, that the settings of stores alias `s` give (within its bounds). */
export function reservationMinutes(alias: 's'): SQL {
  const { min, max, default: fallback } = STORE_SETTING_BOUNDS.reservationTtlMinutes;
  return sql`least(greatest(coalesce(${wholeNumber(alias, 'reservationTtlMinutes')}, ${fallback}), ${min}), ${max})::int`;
}

/** A catalog cache lifetime as http/catalog-cache.ts reads it: a whole number of seconds within bounds, else the default. */
function cacheSeconds(alias: 's', key: 'catalogCacheMaxAgeSeconds' | 'catalogCacheStaleWhileRevalidateSeconds'): SQL {
  const value = sql`${settingsOf(alias)} -> ${keyOf(key)}`;
  const seconds = sql`(${settingsOf(alias)} ->> ${keyOf(key)})::numeric`;
  const { max, default: fallback } = STORE_SETTING_BOUNDS[key];
  // Nested, not ANDed: Postgres may evaluate AND's operands in any order, and only a number casts.
  return sql`CASE WHEN jsonb_typeof(${value}) IS DISTINCT FROM 'number' THEN ${fallback}
    WHEN ${seconds} >= 0 AND ${seconds} = floor(${seconds}) THEN least(${seconds}, ${max})::int
    ELSE ${fallback} END`;
}

/** The store's VIP spending line (minor units) from the settings of stores alias `s`, or null when unset. */
export function vipSpend(alias: 's'): SQL {
  return wholeNumber(alias, 'vipTotalSpent');
}

/**
 * Whether store alias `s` offers `method` (a value, or an SQL text
 * expression): its settings list it (every method, when they list none),
 * and it is configured: instructions for bank transfer and Zelle, a Stripe
 * account for cards.
 */
export function methodOffered(method: PaymentMethod | SQL, alias: 's'): SQL {
  const settings = settingsOf(alias);
  const every = sql.join(
    PAYMENT_METHODS.map((each) => sql`${each}`),
    sql`, `,
  );
  return sql`(
    ${method} = ANY (CASE WHEN jsonb_typeof(${settings} -> 'paymentMethods') = 'array'
      THEN ARRAY(SELECT jsonb_array_elements_text(${settings} -> 'paymentMethods')) ELSE ARRAY[${every}]::text[] END)
    AND CASE ${method} WHEN 'bank_transfer' THEN ${settings} ? 'bankTransferInstructions'
      WHEN 'zelle' THEN ${settings} ? 'zelleInstructions'
      WHEN 'card' THEN EXISTS (SELECT 1 FROM stripe_accounts a WHERE a.store_id = ${sql.raw(alias)}.id)
      ELSE true END)`;
}

/** The methods checkout offers in store alias `s` now, as a JSON array in the API's order of methods. */
export function offeredMethodsJson(alias: 's'): SQL {
  const every = sql.join(
    PAYMENT_METHODS.map((each) => sql`${each}::text`),
    sql`, `,
  );
  return sql`coalesce((SELECT json_agg(m.method ORDER BY m.position)
    FROM unnest(ARRAY[${every}]) WITH ORDINALITY AS m (method, position)
    WHERE ${methodOffered(sql`m.method`, alias)}), '[]')`;
}

/**
 * The settings of store alias `s` as they apply: each key's value, or its
 * default when the store never set it (`AdminStoreSettings` in
 * schemas/stores.ts documents each). Never the Stripe keys.
 */
export function effectiveSettingsJson(alias: 's'): SQL {
  const s = sql.raw(alias);
  const settings = settingsOf(alias);
  return sql`json_build_object(
    'paymentMethods', CASE WHEN jsonb_typeof(${settings} -> 'paymentMethods') = 'array' THEN ${settings} -> 'paymentMethods' END,
    'bankTransferInstructions', ${settings} ->> 'bankTransferInstructions',
    'zelleInstructions', ${settings} ->> 'zelleInstructions',
    'taxRateBps', ${s}.tax_rate_bps,
    'pricesIncludeTax', ${s}.prices_include_tax,
    'reservationTtlMinutes', ${reservationMinutes(alias)},
    'lowStockThreshold', ${lowStockThreshold(alias)},
    'catalogCacheMaxAgeSeconds', ${cacheSeconds(alias, 'catalogCacheMaxAgeSeconds')},
    'catalogCacheStaleWhileRevalidateSeconds', ${cacheSeconds(alias, 'catalogCacheStaleWhileRevalidateSeconds')},
    'vipTotalSpent', ${vipSpend(alias)},
    'language', ${mailLanguage(alias)},
    'mailSenderName', ${settings} ->> 'mailSenderName',
    'mailReplyTo', ${settings} ->> 'mailReplyTo',
    'storefrontUrl', ${settings} ->> 'storefrontUrl')`;
}

/** The language of the mails of store alias `s`: its setting when it is one the mails are written in, else English. */
export function mailLanguage(alias: 's'): SQL {
  const languages = sql.join(
    MAIL_LANGUAGES.map((language) => sql`${language}`),
    sql`, `,
  );
  const chosen = sql`${settingsOf(alias)} ->> 'language'`;
  return sql`CASE WHEN ${chosen} IN (${languages}) THEN ${chosen} ELSE 'en' END`;
}
