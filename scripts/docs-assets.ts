/**
 * Puts Scalar's standalone browser bundle, from node_modules, beside the
 * hand-written /docs page in the Worker's static assets (wrangler.toml
 * [assets]). The copy is generated, never committed (.gitignore): `npm run
 * dev`, `build` and `deploy` make it, so the page needs no CDN at run time.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the page (public/docs.html) loads it from: /docs/scalar/standalone.js. */
const SCALAR_BUNDLE = fileURLToPath(new URL('../public/docs/scalar/standalone.js', import.meta.url));

/** Copies the pinned @scalar/api-reference standalone bundle into the assets directory. */
export function copyDocsAssets(): void {
  // The package exports no ./package.json: its main entry is dist/index.js, beside dist/browser/.
  const scalarEntry = createRequire(import.meta.url).resolve('@scalar/api-reference');
  mkdirSync(dirname(SCALAR_BUNDLE), { recursive: true });
  copyFileSync(join(dirname(scalarEntry), 'browser', 'standalone.js'), SCALAR_BUNDLE);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) copyDocsAssets();
