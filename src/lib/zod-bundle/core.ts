/** `zod/v4/core` with English as its only locale, for the same reason as namespace.ts. */
export * from '../../../node_modules/zod/v4/core/index.js';
/** Shadow the star export's code generator and its memoizer (not-bundled.ts). */
export { compile, compileFn, isBackEdge, isRecursiveSchema, memoizer, withParser } from './not-bundled.ts';

import en from '../../../node_modules/zod/v4/locales/en.js';

export const locales = { en };
