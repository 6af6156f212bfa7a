/**
 * What the bundle gets for `import ... from 'zod'` (wrangler.toml `[alias]`).
 *
 * @hono/zod-openapi passes zod's whole `z` namespace to a function, so the
 * bundler must keep every export of it, and `z.locales` (like `z.core.locales`)
 * is a namespace of all 40-odd languages' error messages: 260 KB minified, a
 * quarter of the Worker, for messages this API never shows (its 400s are its
 * own). This entry is zod's own `index.js` over a namespace whose `locales`
 * holds English only, which zod configures by default, and whose code
 * generator and JSON Schema reader, which the Worker never calls, throw
 * (not-bundled.ts: 13 KiB gzipped more). Type-checking and the
 * tests still see the real package; test/node/zod-bundle.test.ts checks that
 * this entry exports everything zod does.
 */
import * as z from './namespace.ts';

export * from './namespace.ts';
export { z, z as default };
