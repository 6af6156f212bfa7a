/**
 * The static assets the Worker's bundle leaves out (wrangler.toml [assets]),
 * made from the sources and never committed (.gitignore): `npm run dev`,
 * `build` and `deploy` write them.
 *
 * - public/docs/scalar/standalone.js: Scalar's standalone browser bundle,
 *   copied from node_modules beside the hand-written /docs page, so the page
 *   needs no CDN at run time.
 * - public/openapi.json: the OpenAPI document with its examples, exactly as
 *   `npm run openapi` writes it. The deployed Worker is built without the
 *   examples (`#examples` is aliased to a stub), so its own /openapi.json
 *   lacks them; this asset, answered before the Worker runs, is the document
 *   /docs and everyone else read. public/_headers lets any origin fetch it,
 *   as the Worker's route does.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeOpenApi } from './openapi.ts';

/** Where the page (public/docs.html) loads it from: /docs/scalar/standalone.js. */
const SCALAR_BUNDLE = fileURLToPath(new URL('../public/docs/scalar/standalone.js', import.meta.url));
/** Served at /openapi.json, in front of the Worker's route of that path. */
const OPENAPI_DOCUMENT = fileURLToPath(new URL('../public/openapi.json', import.meta.url));

/** Copies the pinned @scalar/api-reference standalone bundle and writes the document into the assets directory. */
export async function writeDocsAssets(): Promise<void> {
  // The package exports no ./package.json: its main entry is dist/index.js, beside dist/browser/.
  const scalarEntry = createRequire(import.meta.url).resolve('@scalar/api-reference');
  mkdirSync(dirname(SCALAR_BUNDLE), { recursive: true });
  copyFileSync(join(dirname(scalarEntry), 'browser', 'standalone.js'), SCALAR_BUNDLE);
  await writeOpenApi(OPENAPI_DOCUMENT);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await writeDocsAssets();
