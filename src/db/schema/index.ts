/**
 * The whole database schema, split by domain. `src/db/client.ts` imports it
 * as one namespace for drizzle's relational queries; drizzle-kit reads it to
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
export * from './relations';
