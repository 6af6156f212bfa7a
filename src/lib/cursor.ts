import { fromBase64Url, toBase64Url } from './encoding';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Where a page ended: the last row's id and, for lists not sorted by id, its sort value. */
export interface CursorPosition {
  id: string;
  /** The sort the list was in, and the last row's value under it. */
  sort?: string;
  value?: string | number;
}

/**
 * Opaque keyset cursors over time-ordered (UUIDv7) ids: the last id a page
 * showed, with the value it was sorted by when that is not the id. Opaque so
 * that clients do not build them.
 */
export function encodeCursor(lastId: string, sorted?: { sort: string; value: string | number }): string {
  const position: CursorPosition = sorted ? { id: lastId, ...sorted } : { id: lastId };
  return toBase64Url(new TextEncoder().encode(JSON.stringify(position)));
}

/** The position inside a cursor, or `undefined` when the text is not a cursor this API made. */
export function decodeCursorPosition(cursor: string): CursorPosition | undefined {
  try {
    const { id, sort, value } = JSON.parse(new TextDecoder().decode(fromBase64Url(cursor))) as {
      id?: unknown;
      sort?: unknown;
      value?: unknown;
    };
    if (typeof id !== 'string' || !UUID.test(id)) return undefined;
    if (sort === undefined && value === undefined) return { id };
    const validValue = typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
    return typeof sort === 'string' && validValue ? { id, sort, value } : undefined;
  } catch {
    return undefined;
  }
}
