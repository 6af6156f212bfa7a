/**
 * The layers of src/, checked in CI (`npm run depcheck`): dependencies point
 * down, routes -> services -> db, with lib/ (pure helpers) and schemas/
 * (request and response contracts) below all of them but db. docs/ holds
 * the OpenAPI document's examples, which routes alone import (as `#examples`,
 * stubbed out of the deployed bundle) and which know only schemas and lib.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'services-not-http',
      comment: 'Services are the domain: they know nothing of HTTP, routes or middleware.',
      severity: 'error',
      from: { path: '^src/services/' },
      to: { path: '^src/(http|routes)/' },
    },
    {
      name: 'routes-not-db',
      comment: 'Routes validate, call a service and answer; SQL and the database client live below services.',
      severity: 'error',
      from: { path: '^src/routes/' },
      to: { path: '^src/db/' },
    },
    {
      name: 'http-not-db',
      comment: 'Middleware reaches the database through services only.',
      severity: 'error',
      from: { path: '^src/http/' },
      to: { path: '^src/db/(?!sql/views\\.ts$|sql/errors\\.ts$|client\\.ts$)', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'schemas-are-contracts',
      comment: 'Request and response schemas are plain zod: they import no query module, middleware or route.',
      severity: 'error',
      from: { path: '^src/schemas/' },
      to: { path: '^src/(services|db|http|routes|docs)/' },
    },
    {
      name: 'examples-for-routes',
      comment:
        'Only routes name examples (through #examples, which the Worker build stubs out): code anywhere else would run without them. The app builds the document through it too, for its /openapi.json in the tests.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/((routes|docs)/|app\\.ts$)' },
      to: { path: '^src/docs/' },
    },
    {
      name: 'examples-know-schemas',
      comment: 'Examples are data typed by the schemas: they import schemas and lib, never code that runs a request.',
      severity: 'error',
      from: { path: '^src/docs/' },
      to: { path: '^src/(services|db|http|routes)/' },
    },
    {
      name: 'db-below-services',
      comment: 'The database layer serves services; it imports none of the layers above it.',
      severity: 'error',
      from: { path: '^src/db/' },
      to: { path: '^src/(services|http|routes|schemas)/' },
    },
    {
      name: 'lib-is-pure',
      comment: 'lib/ holds pure helpers that every layer may use, so it uses none of them.',
      severity: 'error',
      from: { path: '^src/lib/' },
      to: { path: '^src/(services|db|http|routes|schemas)/' },
    },
    {
      name: 'no-drizzle-client-in-worker',
      comment:
        'The Worker runs its SQL on the neon function alone (db/client.ts); a drizzle client would bring its query builders, 8 KiB gzipped, into the bundle. Tests and scripts make one with db/drizzle.ts.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/db/drizzle\\.ts$' },
      to: { path: '^src/db/drizzle\\.ts$|node_modules/drizzle-orm/neon-http/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-module-cycles',
      comment: 'Drizzle table definitions refer to each other lazily (foreign keys), so db/schema is exempt.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/db/schema/' },
      to: { circular: true },
    },
    {
      name: 'no-service-folder-cycles',
      comment: 'Domains depend on each other one way only (e.g. payments -> orders, never back).',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/services/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // TypeScript 7 has no JavaScript API yet; swc parses the sources instead.
    parser: 'swc',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
