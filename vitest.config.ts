import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { exportJWK, generateKeyPair } from 'jose';
import { defineConfig } from 'vitest/config';
import { freePort } from './scripts/free-port.ts';

/** One key pair per algorithm an external identity provider may sign with. */
async function identityProviderKeys() {
  const keys = await Promise.all(
    (['RS256', 'ES256', 'EdDSA'] as const).map(async (alg) => {
      const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
      const kid = `test-${alg.toLowerCase()}`;
      return {
        public: { ...(await exportJWK(publicKey)), kid, alg },
        private: { ...(await exportJWK(privateKey)), kid, alg },
      };
    }),
  );
  return {
    publicJwks: JSON.stringify({ keys: keys.map((key) => key.public) }),
    privateJwks: JSON.stringify(keys.map((key) => key.private)),
  };
}

/**
 * Two projects. `worker`: the API's tests, run inside workerd by the Workers
 * plugin, against the local Neon-protocol server that the global setup starts
 * (in-memory PGlite, or a fresh database in the Postgres of
 * TEST_DATABASE_URL). `node`: tests of the Node-side tooling itself.
 */
export default defineConfig(async () => {
  const port = Number(process.env.TEST_LOCAL_DB_PORT ?? (await freePort()));
  process.env.TEST_LOCAL_DB_PORT = String(port);
  const idpPort = Number(process.env.TEST_IDP_PORT ?? (await freePort()));
  process.env.TEST_IDP_PORT = String(idpPort);
  const stripePort = Number(process.env.TEST_STRIPE_PORT ?? (await freePort()));
  process.env.TEST_STRIPE_PORT = String(stripePort);
  const heldTxPort = Number(process.env.TEST_HELD_TX_PORT ?? (await freePort()));
  process.env.TEST_HELD_TX_PORT = String(heldTxPort);
  const receiverPort = Number(process.env.TEST_WEBHOOK_RECEIVER_PORT ?? (await freePort()));
  process.env.TEST_WEBHOOK_RECEIVER_PORT = String(receiverPort);
  const mailPort = Number(process.env.TEST_MAIL_CATCHER_PORT ?? (await freePort()));
  process.env.TEST_MAIL_CATCHER_PORT = String(mailPort);
  // Made once per run (this config is evaluated more than once, hence the
  // environment), here, because the Worker's bindings and the JWKS server (a
  // global setup) both need them.
  if (!process.env.TEST_IDP_PUBLIC_JWKS || !process.env.TEST_IDP_PRIVATE_JWKS) {
    const keys = await identityProviderKeys();
    process.env.TEST_IDP_PUBLIC_JWKS = keys.publicJwks;
    process.env.TEST_IDP_PRIVATE_JWKS = keys.privateJwks;
  }
  // The plugin reads wrangler.toml through wrangler, which also loads a
  // developer's .dev.vars (no option skips it) and says so at log level, once
  // per test file. The tests' own bindings (below) override what it loads, so
  // wrangler's chatter is turned down to warnings and errors, unless asked for.
  process.env.WRANGLER_LOG ??= 'warn';

  return {
    test: {
      // The Worker's info lines: its access line, one per request (src/http/access-log.ts), and the
      // scheduled jobs' summary. Printed, they would bury the output; test/worker/access-log.test.ts
      // reads them through a console spy. Warnings and errors still print. (A root-only option.)
      onConsoleLog: (log: string) => !log.startsWith('{"level":"info",'),
      projects: [
        {
          plugins: [
            cloudflareTest({
              wrangler: { configPath: './wrangler.toml' },
              miniflare: {
                bindings: {
                  DATABASE_URL: `postgres://local:local@127.0.0.1:${port}/commerce`,
                  LOCAL_DB_STATS_URL: `http://127.0.0.1:${port}/__stats`,
                  JWT_SECRET: 'test-only-secret-at-least-32-bytes-long!!',
                  ENVIRONMENT: 'test',
                  AUTH_JWKS_URL: `http://127.0.0.1:${idpPort}/.well-known/jwks.json`,
                  AUTH_JWKS_ISSUER: 'https://idp.example.test/',
                  AUTH_JWKS_AUDIENCE: 'edge-commerce-tests',
                  TEST_IDP_PRIVATE_JWKS: process.env.TEST_IDP_PRIVATE_JWKS,
                  // Card payments: stores' Stripe secrets are sealed under this key, and Stripe is the stand-in of test/setup/stripe.ts.
                  PAYMENT_SECRETS_KEY: 'dGVzdC1vbmx5LXBheW1lbnQtc2VjcmV0cy1rZXkhISE',
                  STRIPE_API_BASE: `http://127.0.0.1:${stripePort}`,
                  // Outbound webhooks: endpoints in the tests point at the receiver of test/setup/webhook-receiver.ts.
                  TEST_WEBHOOK_RECEIVER_URL: `http://127.0.0.1:${receiverPort}`,
                  // Mail goes to the catcher of test/setup/mail-catcher.ts, which test/helpers/mail.ts reads.
                  MAIL_API_URL: `http://127.0.0.1:${mailPort}`,
                  MAIL_API_KEY: 'test-mail-api-key',
                  MAIL_FROM: 'shop@mail.example.test',
                  // No relay in the background after each write: its round trips would land in other tests'
                  // counts (one shared counter). The webhook tests run the relay themselves (and the cron does).
                  WEBHOOK_RELAY_ON_RESPONSE: 'off',
                  // Endpoints of the tests name hosts such as hooks.example.com: no delivery may leave the machine.
                  WEBHOOK_LOOPBACK_ONLY: 'on',
                  // Concurrency tests need real Postgres: PGlite has one connection and runs batches one after another.
                  TEST_DATABASE_BACKEND: process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite',
                  // Transactions a test holds open on that Postgres (test/setup/held-transactions.ts).
                  TEST_HELD_TX_URL: `http://127.0.0.1:${heldTxPort}`,
                  // The totals property test's seed to replay (test/worker/totals-properties.test.ts).
                  TOTALS_SEED: process.env.TOTALS_SEED ?? '',
                },
              },
            }),
          ],
          test: {
            name: 'worker',
            include: ['test/worker/**/*.test.ts'],
            globalSetup: [
              './test/setup/local-db.ts',
              './test/setup/identity-provider.ts',
              './test/setup/stripe.ts',
              './test/setup/held-transactions.ts',
              './test/setup/webhook-receiver.ts',
              './test/setup/mail-catcher.ts',
              './test/setup/openapi-document.ts',
            ],
            // Every answer is checked against the app's OpenAPI document: loaded once per file, before its tests.
            setupFiles: ['./test/helpers/contract-setup.ts'],
            // Round-trip assertions read one shared counter on the local server.
            fileParallelism: false,
            // One workerd for all the files, its modules imported once: about a third of the run was
            // starting a Worker and importing the app again for each file. Every file makes its own
            // stores, so what a module keeps (caches, prepared statement names) is keyed apart.
            isolate: false,
            // A file's first request warms workerd, the local server and the database (a checkout's first
            // run takes seconds on a loaded machine): generous limits keep a slow machine from failing
            // what a fast one passes. Timing is measured by `npm run bench`, never by the tests.
            testTimeout: 30_000,
            hookTimeout: 60_000,
          },
        },
        {
          test: {
            name: 'node',
            include: ['test/node/**/*.test.ts'],
            environment: 'node',
            testTimeout: 30_000,
            hookTimeout: 60_000,
          },
        },
      ],
    },
  };
});
