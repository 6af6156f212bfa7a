/**
 * The whole database schema, split by domain: the Drizzle table definitions
 * that typed SQL (`src/db/sql/`) takes its column names from; drizzle-kit reads it to
 * generate migrations into `drizzle/`.
 */
export * from './enums';
export * from './tenancy';
export * from './customers';
export * from './catalog';
export * from './inventory';
export * from './carts';
export * from './orders';
export * from './payments';
export * from './shipping';
export * from './campaigns';
export * from './engagement';
export * from './mail';
export * from './selling';
