import type { documenting as documentingInNode } from './examples/index';

/**
 * `documenting` in the deployed Worker (src/docs/no-examples.ts re-exports
 * it): false, where Node's `#examples` has true. esbuild folds it into every
 * route, so whatever a route writes as `documenting && ...` is not bundled.
 *
 * THE RULE for routes: what only the OpenAPI document reads is written
 * `documenting && ...`: `responses: documenting && { ... }`,
 * `operationId: documenting && 'adminListThings'`, `const tags = documenting && ['Things']`,
 * an inline `description: documenting && '...'`, a request body's example
 * (`jsonContent(Body, documenting && examples.newThing)`), and a module
 * const only those use (`const conflict = documenting && problemResponses({ ... })`).
 * Never `request`'s schemas, `method`, `path` or `requires()`: the Worker
 * routes and validates with them. Summaries and long descriptions go in
 * summaries.ts and descriptions.ts, schema field descriptions in
 * schema-descriptions.ts. The routes are typed with the real value, `true`.
 * esbuild folds a constant into the modules that import it only from a
 * module that holds nothing else: hence this file.
 */
export const documenting = false as unknown as typeof documentingInNode;
