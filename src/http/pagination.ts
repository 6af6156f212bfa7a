import { decodeCursorPosition, type CursorPosition } from '../lib/cursor';
import { ApiError } from '../lib/api-error';

/** Where the `cursor` query parameter says to continue; a cursor this API did not make is a 400. */
export function cursorPosition(cursor: string | undefined): CursorPosition | undefined {
  if (cursor === undefined) return undefined;
  const position = decodeCursorPosition(cursor);
  if (!position)
    throw new ApiError('bad_request', 'The cursor is not one this API gave out; start again without it.', [
      { in: 'query', path: 'cursor', message: 'Unknown cursor.' },
    ]);
  return position;
}

/** A list query's limit and the id to continue after, for lists in id order. */
export function pageRequest(query: { limit: number; cursor?: string }): { limit: number; after?: string } {
  return { limit: query.limit, after: cursorPosition(query.cursor)?.id };
}
