/**
 * The OpenAPI document's whole-body examples, as routes import them:
 * `import { examples } from '#examples'` (package.json "imports"), then
 * `jsonContent(Schema, examples.customerPage)`. The type-check, the tests and
 * the Node scripts that write the document (`npm run openapi`, the client's
 * generator, scripts/docs-assets.ts) resolve `#examples` here. The deployed
 * Worker does not: wrangler.toml's [alias] points it at ../no-examples.ts,
 * so no example is bundled (they are some 11 KiB of the gzipped bundle, and
 * the Worker never needs them to answer).
 */
export * as examples from './all';
export * as descriptions from '../descriptions';
export { registerEventWebhooks } from '../webhooks';
export { buildOpenApiDocument } from '../document-texts';

/**
 * True here, false in the deployed Worker (src/docs/no-documenting.ts): a
 * route writes what only the document reads as `documenting && ...`
 * (responses, operationId, tags, ...; the rule is in that file), and esbuild
 * folds the constant, so none of it is bundled; the types still see it.
 */
export const documenting = true;
