import * as zod from 'zod';
import { describe, expect, it } from 'vitest';
import * as bundled from '../../src/lib/zod-bundle/index.ts';

/** Names the entry answers with a function that throws (src/lib/zod-bundle/not-bundled.ts). */
const NOT_BUNDLED = ['compile', 'withParser', 'fromJSONSchema', 'deepPartial', 'input', 'output'];
const NOT_BUNDLED_IN_CORE = ['compile', 'withParser', 'compileFn', 'memoizer', 'isRecursiveSchema', 'isBackEdge'];

/** The entry wrangler.toml aliases `zod` to must be zod minus every language but English, and minus what the Worker never calls. */
describe('the bundle entry for zod', () => {
  it('exports every name zod exports, each the same value except the locales and the functions left out', () => {
    expect(Object.keys(bundled).sort()).toEqual(Object.keys(zod).sort());
    const bundledValues = new Map(Object.entries(bundled));
    for (const [name, value] of Object.entries(zod)) {
      if (['locales', 'core', 'z', 'default', ...NOT_BUNDLED].includes(name)) continue;
      expect(bundledValues.get(name), name).toBe(value);
    }
    expect(Object.keys(bundled.z).sort()).toEqual(Object.keys(zod.z).sort());
  });

  it('answers a call of a function left out with an error naming it', () => {
    for (const name of NOT_BUNDLED) {
      expect(() => (bundled.z as unknown as Record<string, () => unknown>)[name]!(), name).toThrow(name);
    }
    for (const name of NOT_BUNDLED_IN_CORE) {
      expect(() => (bundled.core as unknown as Record<string, () => unknown>)[name]!(), name).toThrow(name);
    }
  });

  it('keeps all of zod/v4/core but its locales and its code generator, and English in both places', () => {
    expect(Object.keys(bundled.core).sort()).toEqual(Object.keys(zod.core).sort());
    expect(bundled.core.$ZodType).toBe(zod.core.$ZodType);
    expect(bundled.core.INVALID).toBe(zod.core.INVALID);
    expect(bundled.locales).toEqual({ en: zod.locales.en });
    expect(bundled.core.locales).toEqual({ en: zod.core.locales.en });
  });

  it('validates and reports in English, as the package does', () => {
    const result = bundled.z.object({ name: bundled.z.string() }).safeParse({ name: 1 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('Invalid input: expected string, received number');
  });
});
