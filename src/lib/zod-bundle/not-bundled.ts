/**
 * zod's functions that the Worker never calls and that would cost it some
 * 45 KB minified (13 KiB gzipped): `compile`/`withParser`/`compileFn`
 * (zod/v4/core/compile.js, which generates code to run through
 * `new Function`, something Workers refuse anyway) with the memoizer only it
 * uses, `fromJSONSchema` (zod/v4/classic/from-json-schema.js), and the
 * schema walkers `input`/`output`/`deepPartial` (`z.input` and `z.output`
 * remain types as usual). The bundle entry exports these in their place
 * (namespace.ts, core.ts): zod's namespace must keep every name, but
 * esbuild then drops the modules nothing else imports. A call fails loudly
 * rather than doing something else.
 */
function notBundled(name: string) {
  return (): never => {
    throw new Error(`zod's ${name} is not in the Worker bundle (src/lib/zod-bundle/not-bundled.ts).`);
  };
}

export const compile = notBundled('compile');
export const withParser = notBundled('withParser');
export const compileFn = notBundled('compileFn');
export const fromJSONSchema = notBundled('fromJSONSchema');
export const memoizer = notBundled('memoizer');
export const isRecursiveSchema = notBundled('isRecursiveSchema');
export const isBackEdge = notBundled('isBackEdge');
export const deepPartial = notBundled('deepPartial');
export const input = notBundled('input');
export const output = notBundled('output');
