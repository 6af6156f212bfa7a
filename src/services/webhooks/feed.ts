import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database } from '../../db/client';
import { runStatement } from '../../db/sql/batch';
import { statement } from '../../db/sql/statement';
import { isoTimestamp, type ViewJson } from '../../db/sql/views';
import { ApiError } from '../../lib/api-error';
import { type CursorPosition, encodeCursor } from '../../lib/cursor';
import type { EventFeedPageSchema } from '../../schemas/events';

/** A place in the feed: after the event `id` of transaction `txid`. */
export interface FeedPosition {
  txid: string;
  id: string;
}

/** Before every event: where a first poll without `after` starts. */
const START: FeedPosition = { txid: '0', id: '00000000-0000-0000-0000-000000000000' };

/** The largest bigint: a txid beyond it would fail its cast in SQL. */
const MAX_TXID = 2n ** 63n - 1n;

const feedCursor = (position: FeedPosition) => encodeCursor(position.id, { sort: 'txid', value: position.txid });

/** The feed position of a decoded `after` cursor; a cursor of another list is a 400 like any unknown cursor. */
export function feedPosition(cursor: CursorPosition | undefined): FeedPosition {
  if (!cursor) return START;
  const txid = cursor.sort === 'txid' && typeof cursor.value === 'string' ? cursor.value : '';
  if (!/^\d{1,19}$/.test(txid) || BigInt(txid) > MAX_TXID) {
    throw new ApiError('bad_request', 'The cursor is not one this feed gave out; start again without it.', [
      { in: 'query', path: 'after', message: 'Unknown cursor.' },
    ]);
  }
  return { txid, id: cursor.id };
}

type FeedRow = { data: ViewJson<unknown[]>; last_txid: string | null; last_id: string | null };

/**
 * A store's events after `after`, in the order of the transactions that
 * wrote them, then by id: `(txid, id)` on events_store_feed_idx. Only
 * events of transactions older than every one still running are shown
 * (`txid` below the snapshot's xmin): a transaction that started earlier
 * but commits later has a smaller txid, and showing what came after it
 * would let a poller's cursor pass its events before they exist. Every
 * transaction still to commit has a txid at or above that xmin, so nothing
 * can appear behind a cursor once handed out. One round trip.
 */
export async function readEventFeed(
  db: Database,
  storeId: string,
  query: { after: FeedPosition; types?: string[]; limit: number },
): Promise<ViewJson<z.output<typeof EventFeedPageSchema>>> {
  const types = query.types ? sql` AND e.type = ANY(${`{${query.types.join(',')}}`}::text[])` : sql``;
  const [row] = await runStatement(
    db,
    statement<FeedRow>(sql`WITH page AS (
        SELECT e.id, e.type, e.created_at, e.payload, e.txid
        FROM events e
        WHERE e.store_id = ${storeId}
          AND e.txid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
          AND (e.txid, e.id) > (${query.after.txid}::bigint, ${query.after.id}::uuid)${types}
        ORDER BY e.txid, e.id
        LIMIT ${query.limit})
      SELECT coalesce(json_agg(json_build_object('id', p.id, 'type', p.type, 'createdAt', ${isoTimestamp(sql`p.created_at`)}, 'data', p.payload) ORDER BY p.txid, p.id), '[]')::text AS data,
        (SELECT txid::text FROM page ORDER BY txid DESC, id DESC LIMIT 1) AS last_txid,
        (SELECT id FROM page ORDER BY txid DESC, id DESC LIMIT 1) AS last_id
      FROM page p`),
  );
  const last = row?.last_txid && row.last_id ? { txid: row.last_txid, id: row.last_id } : query.after;
  return `{"data":${row?.data ?? '[]'},"nextCursor":${JSON.stringify(feedCursor(last))}}`;
}
