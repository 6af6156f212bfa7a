/**
 * JSON with object keys sorted at every depth, so that two requests that
 * mean the same thing serialise the same whatever their key order: what an
 * idempotency fingerprint must compare.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}
