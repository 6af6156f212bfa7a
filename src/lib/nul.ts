/**
 * PostgreSQL's text and jsonb cannot hold a NUL character (U+0000): what a
 * request gives is refused on the field holding one, before the database,
 * which could not say which field it was.
 */
export const NO_NUL = 'No NUL characters (U+0000).';

/** Where in `value` a string (or an object key) holds a NUL character, if one does. */
export function nulPath(value: unknown, path: PropertyKey[] = []): PropertyKey[] | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\u0000')) return [...path, key];
    const found = nulPath(item, [...path, Array.isArray(value) ? Number(key) : key]);
    if (found) return found;
  }
  return undefined;
}
