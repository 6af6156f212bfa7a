/**
 * The local Neon-protocol server on its own:
 *
 *   tsx scripts/local-db/main.ts [--memory | --data-dir DIR | --postgres URL] [--port N] [--delay MS]
 *
 * Environment: LOCAL_DB_PORT, LOCAL_DB_DELAY_MS, LOCAL_DB_POSTGRES_URL and
 * PGLITE_DIR give the same settings; flags win.
 *
 * On a loopback address the server has a fault switch for trying the API's
 * answers to an outage by hand, e.g. the next two requests refused:
 *
 *   curl -X POST localhost:4444/__faults -d '{"mode":"refuse","count":2}'
 *
 * (modes in faults.ts). On any other address it has none.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_LOCAL_DB_PORT, openBackend, startLocalDb, type BackendChoice } from './index.ts';
import { LOOPBACK_NAMES } from './server.ts';

const { values } = parseArgs({
  options: {
    memory: { type: 'boolean', default: false },
    'data-dir': { type: 'string' },
    postgres: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string' },
    delay: { type: 'string' },
  },
});

if (!LOOPBACK_NAMES.has(values.host)) {
  console.warn(
    `[local-db] warning: listening on ${values.host}; this server has no authentication, anyone who reaches it can run SQL`,
  );
}

const postgresUrl = values.postgres ?? process.env.LOCAL_DB_POSTGRES_URL;
const choice: BackendChoice = postgresUrl
  ? { kind: 'postgres', url: postgresUrl }
  : {
      kind: 'pglite',
      dataDir: values.memory ? undefined : (values['data-dir'] ?? process.env.PGLITE_DIR ?? '.data/pglite'),
    };

const db = await startLocalDb({
  backend: await openBackend(choice),
  host: values.host,
  port: Number(values.port ?? process.env.LOCAL_DB_PORT ?? DEFAULT_LOCAL_DB_PORT),
  delayMs: Number(values.delay ?? process.env.LOCAL_DB_DELAY_MS ?? 0),
});
const where = choice.kind === 'postgres' ? 'postgres' : (choice.dataDir ?? 'in-memory PGlite');
console.log(`local Neon-protocol server on http://${values.host}:${db.port}/sql over ${where}`);
console.log(`DATABASE_URL=${db.connectionString}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    db.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
