import { decodeCursor } from '../lib/cursor';
import { ApiError } from './problem';

/** A list query's limit and the id to continue after; a cursor this API did not make is a 400. */
export function pageRequest(query: { limit: number; cursor?: string }): { limit: number; after?: string } {
  if (query.cursor === undefined) return { limit: query.limit };
  const after = decodeCursor(query.cursor);
  if (!after) throw new ApiError('bad_request', 'The cursor is not one this API gave out; start again without it.', [{ in: 'query', path: 'cursor', message: 'Unknown cursor.' }]);
  return { limit: query.limit, after };
}
