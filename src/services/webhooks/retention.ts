import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runStatement } from '../../db/sql/batch';
import { statement } from '../../db/sql/statement';
import { EVENT_TOPICS } from '../../lib/event-topics';
import { passesWhileFull } from '../../lib/passes';

/** Events one statement deletes, and statements per cron run: a run stays short, a backlog drains over a few. */
export const EVENT_PURGE_BATCH_SIZE = 1_000;
const EVENT_PURGE_BATCHES_PER_RUN = 10;

const RETENTIONS = Object.values(EVENT_TOPICS).map((topic) => topic.retentionDays);
/** What a type the topic list does not know is kept: the longest, so nothing goes early. */
const LONGEST_RETENTION_DAYS = Math.max(...RETENTIONS);
/** No topic is kept less: older than this is where the purge starts looking (on events_created_idx). */
const SHORTEST_RETENTION_DAYS = Math.min(...RETENTIONS);
/**
 * An event the relay never published is kept this much past its retention:
 * a relay that was down must still find it, but an outbox no relay ever
 * reads must not grow for ever.
 */
export const UNPUBLISHED_MARGIN_DAYS = 7;

const retentionTable = sql.join(
  Object.entries(EVENT_TOPICS).map(([type, topic]) => sql`(${type}::text, ${topic.retentionDays}::int)`),
  sql`, `,
);

/**
 * Deletes at most `limit` events past their topic's retention, oldest first,
 * in one statement: published ones, and unpublished ones past the margin
 * too. Their deliveries and those deliveries' attempts go with them (foreign
 * keys ON DELETE CASCADE). SKIP LOCKED leaves alone an event the relay holds.
 */
export async function purgeExpiredEvents(db: Database, now: Date, limit = EVENT_PURGE_BATCH_SIZE): Promise<number> {
  const [row] = await runStatement(
    db,
    statement<{ purged: number }>(sql`WITH retention (type, days) AS (VALUES ${retentionTable}),
      picked AS MATERIALIZED (
        SELECT e.id
        FROM events e
        LEFT JOIN retention r ON r.type = e.type
        WHERE e.created_at < ${now}::timestamptz - make_interval(days => ${SHORTEST_RETENTION_DAYS})
          AND e.created_at < ${now}::timestamptz - make_interval(days => coalesce(r.days, ${LONGEST_RETENTION_DAYS}))
          AND (e.published_at IS NOT NULL
            OR e.created_at < ${now}::timestamptz - make_interval(days => coalesce(r.days, ${LONGEST_RETENTION_DAYS}) + ${UNPUBLISHED_MARGIN_DAYS}))
        ORDER BY e.created_at
        LIMIT ${limit}
        FOR UPDATE OF e SKIP LOCKED),
      purged AS (
        DELETE FROM events
        WHERE id IN (SELECT id FROM picked)
        RETURNING id)
      SELECT count(*)::int AS purged FROM purged`),
  );
  return row?.purged ?? 0;
}

/** The cron's share of the purge: full batches until the backlog is gone or the run's share is done. */
export async function purgeEventsPastRetention(db: Database, now: Date): Promise<number> {
  const batches = await passesWhileFull(
    EVENT_PURGE_BATCHES_PER_RUN,
    () => purgeExpiredEvents(db, now),
    (purged) => purged >= EVENT_PURGE_BATCH_SIZE,
  );
  return batches.reduce((total, purged) => total + purged, 0);
}
