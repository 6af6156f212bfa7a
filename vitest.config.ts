import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';
import { freePort } from './scripts/free-port.ts';

/**
 * Two projects. `worker`: the API's tests, run inside workerd by the Workers
 * plugin, against the local Neon-protocol server that the global setup starts
 * (in-memory PGlite, or a fresh database in the Postgres of
 * TEST_DATABASE_URL). `node`: tests of the Node-side tooling itself.
 */
export default defineConfig(async () => {
  const port = Number(process.env.TEST_LOCAL_DB_PORT ?? (await freePort()));
  process.env.TEST_LOCAL_DB_PORT = String(port);

  return {
    test: {
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
                },
              },
            }),
          ],
          test: {
            name: 'worker',
            include: ['test/worker/**/*.test.ts'],
            globalSetup: ['./test/setup/local-db.ts'],
            // Round-trip assertions read one shared counter on the local server.
            fileParallelism: false,
          },
        },
        {
          test: {
            name: 'node',
            include: ['test/node/**/*.test.ts'],
            environment: 'node',
            testTimeout: 30_000,
          },
        },
      ],
    },
  };
});
