import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runStatement } from '../../db/sql/batch';
import { statement } from '../../db/sql/statement';
import { isoTimestamp } from '../../db/sql/views';
import { csvLine } from '../../lib/csv';
import { filteredSubscribers, type SubscriberFilters } from './admin-subscribers';

/** Rows per read of an export: each page is one round trip. */
export const EXPORT_PAGE_SIZE = 1000;

const HEADER = ['id', 'email', 'status', 'source', 'subscribedAt', 'confirmedAt', 'unsubscribedAt'];

type ExportRow = {
  id: string;
  email: string;
  status: string;
  source: string | null;
  subscribed_at: string;
  confirmed_at: string | null;
  unsubscribed_at: string | null;
};

const toLine = (row: ExportRow) =>
  csvLine([row.id, row.email, row.status, row.source, row.subscribed_at, row.confirmed_at, row.unsubscribed_at]);

/** One page of the export after subscriber `after`, newest first, with one row more than the page when more follow. */
function readPage(db: Database, storeId: string, filters: SubscriberFilters, after: string | undefined) {
  const past = after ? sql` AND n.id < ${after}` : sql``;
  return runStatement(
    db,
    statement<ExportRow>(sql`SELECT n.id, n.email, n.status, n.source,
        ${isoTimestamp(sql`n.subscribed_at`)} AS subscribed_at, ${isoTimestamp(sql`n.confirmed_at`)} AS confirmed_at,
        ${isoTimestamp(sql`n.unsubscribed_at`)} AS unsubscribed_at
      FROM ${filteredSubscribers(storeId, filters)}${past}
      ORDER BY n.id DESC
      LIMIT ${EXPORT_PAGE_SIZE + 1}`),
  );
}

/**
 * The store's subscribers that `filters` keep, newest first, as a CSV
 * stream (a header row, then one line each): pages of EXPORT_PAGE_SIZE
 * are read one after another as the client takes them, so no list of any
 * size is held whole. The first page is read before answering, so a
 * database that cannot be reached is still a problem answer.
 */
export async function subscriberCsv(
  db: Database,
  storeId: string,
  filters: SubscriberFilters,
): Promise<ReadableStream<Uint8Array>> {
  const encoder = new TextEncoder();
  let waiting: ExportRow[] | undefined = await readPage(db, storeId, filters, undefined);
  let header = csvLine(HEADER);
  let after: string | undefined;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const rows = waiting ?? (await readPage(db, storeId, filters, after));
      waiting = undefined;
      const page = rows.slice(0, EXPORT_PAGE_SIZE);
      controller.enqueue(encoder.encode(header + page.map(toLine).join('')));
      header = '';
      after = page.at(-1)?.id;
      if (rows.length <= EXPORT_PAGE_SIZE) controller.close();
    },
  });
}
