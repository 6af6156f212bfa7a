import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/lib/canonical-json';
import { uuidv7 } from '../../src/lib/ids';
import { testDb } from '../helpers/stores';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('ids', () => {
  it('made in the Worker are version 7 and increase in the order they are made, within one millisecond too', () => {
    const now = Date.now();
    const ids = Array.from({ length: 500 }, () => uuidv7(now));
    expect(ids.every((id) => V7.test(id))).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(uuidv7(now + 1) > ids[ids.length - 1]!).toBe(true);
  });

  it('made in SQL by uuid_v7() are version 7 and carry the time', async () => {
    const before = Date.now();
    const { rows } = await testDb().execute<{ id: string }>(
      sql`SELECT uuid_v7()::text AS id FROM generate_series(1, 50)`,
    );
    const after = Date.now();
    for (const { id } of rows) {
      expect(id).toMatch(V7);
      const ms = parseInt(id.replace(/-/g, '').slice(0, 12), 16);
      expect(ms).toBeGreaterThanOrEqual(before - 1000);
      expect(ms).toBeLessThanOrEqual(after + 1000);
    }
  });
});

describe('canonicalJson', () => {
  it('serialises objects alike whatever their key order, at every depth, and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe(canonicalJson({ a: { c: null, d: [2, 1] }, b: 1 }));
    expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }));
    expect(canonicalJson({ a: 1, skipped: undefined })).toBe('{"a":1}');
  });
});
