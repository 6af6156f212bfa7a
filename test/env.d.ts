import type { Bindings } from '../src/env';

declare global {
  namespace Cloudflare {
    interface Env extends Bindings {
      /** The local Neon-protocol server's counters; bound only in tests. */
      LOCAL_DB_STATS_URL: string;
      /** Private JWKs (RS256, ES256, EdDSA) of the stand-in identity provider; bound only in tests. */
      TEST_IDP_PRIVATE_JWKS: string;
      /** The webhook receiver of test/setup/webhook-receiver.ts; bound only in tests. */
      TEST_WEBHOOK_RECEIVER_URL: string;
      /** `postgres` or `pglite`: which database the local server fronts in this run. */
      TEST_DATABASE_BACKEND: 'postgres' | 'pglite';
      /** test/setup/held-transactions.ts: transactions a test holds open on the test's Postgres. */
      TEST_HELD_TX_URL: string;
      /** The static assets (public/, wrangler.toml `[assets]`): the Worker never reads them, the tests fetch /docs through them. */
      ASSETS: Fetcher;
      /** test/worker/totals-properties.test.ts: the seed to replay (empty: a new one). */
      TOTALS_SEED: string;
    }
    interface GlobalProps {
      mainModule: typeof import('../src/index');
    }
  }
}
