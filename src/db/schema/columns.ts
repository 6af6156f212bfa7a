import { bigint, char, customType, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Column builders shared by every domain file. Each is a function so that
 * every table gets its own builder instance.
 */

/**
 * Primary key. The Worker makes UUIDv7 ids itself (src/lib/ids.ts) so that a
 * batch can insert related rows without reading ids back; the database
 * default is only a fallback for hand-written SQL.
 */
export const id = () => uuid().primaryKey().defaultRandom();

/** A point in time, always with time zone. */
export const timestamptz = () => timestamp({ withTimezone: true });

export const createdAt = () => timestamptz().notNull().defaultNow();

/** Set by drizzle on every update it builds; raw SQL updates must set it themselves. */
export const updatedAt = () =>
  timestamptz()
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());

export const timestamps = () => ({ createdAt: createdAt(), updatedAt: updatedAt() });

/**
 * Money in integer minor units of its currency (ISO 4217 exponent: cents for
 * USD and ARS, no decimals for JPY). 64-bit because high-nominal currencies
 * (IDR, ARS) overflow 32 bits at ordinary order totals; read as a JS number,
 * exact up to 2^53.
 */
export const money = () => bigint({ mode: 'number' });

/** ISO 4217 code, upper case. */
export const currency = () => char({ length: 3 });

/** Postgres full-text document; only ever written by a generated column. */
export const tsvector = customType<{ data: string }>({
  dataType: () => 'tsvector',
});

/**
 * Foreign-key action for "a referenced row cannot be deleted" (seed 004: a
 * variant or option value that orders use). Postgres' RESTRICT reports the
 * refusal as SQLSTATE 23001; NO ACTION refuses the same deletes here (the
 * constraints are not deferred; it checks at the end of the statement, so a
 * cascade that reaches a referenced row fails too) and reports 23503 like
 * every other foreign-key failure, which the API's error mapper already
 * turns into a 409.
 */
export const refuseDelete = { onDelete: 'no action' } as const;
