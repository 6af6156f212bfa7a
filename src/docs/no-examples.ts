import type {
  buildOpenApiDocument as buildDocument,
  descriptions as described,
  examples as documented,
  registerEventWebhooks as documentWebhooks,
} from './examples/index';

/**
 * `#examples` in the deployed Worker (wrangler.toml [alias]; `wrangler dev`
 * too): every example is undefined, so `jsonContent` and `problemResponses`
 * leave them out and none is bundled. The Worker's own /openapi.json is then
 * the document without examples; the one people read is built in Node with
 * them and served as a static asset (scripts/docs-assets.ts). Typed as the
 * real examples so that routes type-check against them either way; routes
 * must pass `examples.name` as a whole, never read into one.
 */
export const examples = new Proxy({}, { get: () => undefined }) as typeof documented;

/** Operations' long descriptions (src/docs/descriptions.ts), left out the same way: the Worker answers without them. */
export const descriptions = new Proxy({}, { get: () => undefined }) as typeof described;

/** The document's `webhooks` section (src/docs/webhooks.ts): left out of the deployed Worker's document as the examples are. */
export const registerEventWebhooks: typeof documentWebhooks = () => undefined;

/** The document's builder (src/docs/document.ts): the Worker has no generator to build it with (src/docs/no-openapi-generator.ts). */
export const buildOpenApiDocument: typeof buildDocument = () => {
  throw new Error('This build has no OpenAPI document builder: the document is public/openapi.json.');
};

/** False in the Worker: see no-documenting.ts (a module of its own, so that esbuild folds the constant into every route). */
export { documenting } from './no-documenting';
