import type { documenting as documentingInNode } from './examples/index';

/**
 * `documenting` in the deployed Worker (src/docs/no-examples.ts re-exports
 * it): false, where Node's `#examples` has true. A route's
 * `responses: documenting && { ... }` thus folds to `responses: false`, so
 * the bundle leaves out what only the document needs: response descriptions,
 * `jsonContent` and the page schemas answers are described with. The routes
 * are typed with the real value. esbuild folds a constant into the modules
 * that import it only from a module that holds nothing else: hence this file.
 */
export const documenting = false as unknown as typeof documentingInNode;
