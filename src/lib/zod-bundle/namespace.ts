/** zod's public namespace as `zod/v4/classic/external` builds it, with `locales` holding English only (see index.ts). */
export * from '../../../node_modules/zod/v4/classic/external.js';
export * as core from './core.ts';
/** Shadows the star export's `locales`, the namespace of every language that esbuild cannot drop. */
export { locales } from './core.ts';
/** Shadow the star export's functions the Worker never calls, so that esbuild drops their modules. */
export { compile, deepPartial, fromJSONSchema, input, output, withParser } from './not-bundled.ts';
