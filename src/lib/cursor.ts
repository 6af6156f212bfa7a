import { fromBase64Url, toBase64Url } from './encoding';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Opaque keyset cursors over time-ordered (UUIDv7) ids: the last id a page
 * showed. Opaque so that clients do not build them, and so the key can grow
 * (a sort value beside the id) without breaking anyone.
 */
export function encodeCursor(lastId: string): string {
  return toBase64Url(new TextEncoder().encode(JSON.stringify({ id: lastId })));
}

/** The id inside a cursor, or `undefined` when the text is not a cursor this API made. */
export function decodeCursor(cursor: string): string | undefined {
  try {
    const { id } = JSON.parse(new TextDecoder().decode(fromBase64Url(cursor))) as { id?: unknown };
    return typeof id === 'string' && UUID.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

/** A page of `limit` rows from a query that fetched `limit + 1`: the extra row only says there is more. */
export function pageOf<T extends { id: string }>(rows: T[], limit: number): { data: T[]; nextCursor: string | null } {
  const data = rows.slice(0, limit);
  return { data, nextCursor: rows.length > limit ? encodeCursor(data[data.length - 1]!.id) : null };
}
