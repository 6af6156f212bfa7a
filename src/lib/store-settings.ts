/**
 * The bounds and defaults of a store's numeric settings. The API refuses a
 * change outside the bounds (schemas/stores.ts), the admin view answers the
 * default of a key the store never set, and every reader (checkout, the
 * catalog and its edge cache) applies the same default, so a setting reads
 * alike wherever it is used.
 */
export const STORE_SETTING_BOUNDS = {
  /** Tax added at checkout, in basis points (a column, not a settings key). */
  taxRateBps: { min: 0, max: 10_000, default: 0 },
  /** How long checkout holds stock for an unpaid order: 1 minute to 7 days. */
  reservationTtlMinutes: { min: 1, max: 10_080, default: 30 },
  /** Available stock at or below this is `low_stock`, for variants without a reorder level. */
  lowStockThreshold: { min: 0, max: 1_000_000, default: 5 },
  /** Edge cache lifetime of storefront catalog answers. */
  catalogCacheMaxAgeSeconds: { min: 0, max: 86_400, default: 60 },
  /** How long past max-age an edge may answer while it fetches a fresh copy. */
  catalogCacheStaleWhileRevalidateSeconds: { min: 0, max: 86_400, default: 600 },
} as const;

/** The languages the store's mails are written in (`settings.language`); English unless the store says otherwise. */
export const MAIL_LANGUAGES = ['en', 'es', 'id'] as const;
export type MailLanguage = (typeof MAIL_LANGUAGES)[number];

/**
 * Whether `zone` names an IANA time zone this runtime knows: `Intl` throws a
 * RangeError for any other. Offsets such as `+05:00`, which newer runtimes
 * also take, are not zone names.
 */
export function isTimeZone(zone: string): boolean {
  if (!/^[A-Za-z]/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
