import type { Database } from './db/client';

/** Worker bindings: secrets and vars from wrangler.toml, `.dev.vars` or `wrangler secret put`. */
export interface Bindings {
  /** A Neon connection string; a loopback host means the local Neon-protocol server. */
  DATABASE_URL: string;
  /** HMAC secret that signs access tokens (HS256). */
  JWT_SECRET: string;
  /** `development`, `test` or `production`. */
  ENVIRONMENT?: string;
}

/** Per-request values that middleware puts on `c.var`. */
export interface Variables {
  requestId: string;
  db: Database;
}

export interface AppEnv {
  Bindings: Bindings;
  Variables: Variables;
}
