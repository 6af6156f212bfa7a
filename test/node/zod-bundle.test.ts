import * as zod from 'zod';
import { describe, expect, it } from 'vitest';
import * as bundled from '../../src/lib/zod-bundle/index.ts';

/** The entry wrangler.toml aliases `zod` to must be zod minus every language but English. */
describe('the bundle entry for zod', () => {
  it('exports every name zod exports, each the same value except the locales', () => {
    expect(Object.keys(bundled).sort()).toEqual(Object.keys(zod).sort());
    const bundledValues = new Map(Object.entries(bundled));
    for (const [name, value] of Object.entries(zod)) {
      if (name === 'locales' || name === 'core' || name === 'z' || name === 'default') continue;
      expect(bundledValues.get(name), name).toBe(value);
    }
    expect(Object.keys(bundled.z).sort()).toEqual(Object.keys(zod.z).sort());
  });

  it('keeps all of zod/v4/core but its locales, and English in both places', () => {
    expect(Object.keys(bundled.core).sort()).toEqual(Object.keys(zod.core).sort());
    expect(bundled.core.$ZodType).toBe(zod.core.$ZodType);
    expect(bundled.locales).toEqual({ en: zod.locales.en });
    expect(bundled.core.locales).toEqual({ en: zod.core.locales.en });
  });

  it('validates and reports in English, as the package does', () => {
    const result = bundled.z.object({ name: bundled.z.string() }).safeParse({ name: 1 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('Invalid input: expected string, received number');
  });
});
