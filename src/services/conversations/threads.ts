import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runBatch } from '../../db/sql/batch';
import { statement } from '../../db/sql/statement';
import type { z } from 'zod';
import { defineView, readIdPage, type ViewValue } from '../../db/sql/views';
import { requireRow } from '../../db/sql/writes';
import { ConversationSchema, type ReadStateSchema } from '../../schemas/conversations';
import { NO_CUSTOMER } from '../customers/admin-customers';
import { type MessageChannel, messageView } from './message-view';

/**
 * Reading conversations: a customer's thread, the store's threads as an
 * inbox, and marking what staff have read. Unread means inbound with no
 * `read_at` (the partial index customer_messages_unread_idx holds exactly
 * those); outbound messages are never unread.
 */

/**
 * Whether customer_messages row `u` is unread: of the store, on `channel`
 * when given, of `customer` when given (an id, or a column of the outer query).
 */
function isUnread(storeId: string, options: { customer?: SQL; channel?: MessageChannel } = {}): SQL {
  const ofCustomer = options.customer ? sql` AND u.customer_id = ${options.customer}` : sql``;
  const onChannel = options.channel ? sql` AND u.channel = ${options.channel}` : sql``;
  return sql`u.store_id = ${storeId} AND u.direction = 'inbound' AND u.read_at IS NULL${ofCustomer}${onChannel}`;
}

/** A thread, alias `m` (its latest message's row), as the inbox lists it: who, the latest message, how many unread. */
const conversationView = defineView(
  ConversationSchema,
  (_thread: 'm', storeId: string, channel?: MessageChannel) => sql`json_build_object(
    'customer', (SELECT json_build_object('id', c.id, 'name', c.name, 'phone', c.phone, 'email', c.email)
      FROM customers c WHERE c.id = m.customer_id),
    'lastMessage', ${messageView.json('m')},
    'unreadCount', (SELECT count(*) FROM customer_messages u
      WHERE ${isUnread(storeId, { customer: sql`m.customer_id`, channel })}))`,
);

/** A page of customer `customerId`'s thread, newest first; another store's customer is a 404. One round trip. */
export async function listThread(
  db: Database,
  storeId: string,
  customerId: string,
  page: { limit: number; after?: string },
) {
  return readIdPage<ViewValue<typeof messageView>>(
    db,
    'm',
    sql`customer_messages m WHERE m.store_id = ${storeId} AND m.customer_id = ${customerId}`,
    messageView.json('m'),
    page,
    requireRow('customers', customerId, storeId, NO_CUSTOMER),
  );
}

export interface ConversationFilters {
  /** Only threads with unread messages. */
  unread?: boolean;
  /** Only this channel's messages: the thread as lived on it. */
  channel?: MessageChannel;
}

/**
 * The store's threads, the one with the latest message first: each
 * customer's latest message (on the channel, when filtered) stands for
 * their thread, and its id is the cursor. One round trip.
 *
 * It reads every message's (store, customer, id) to find each thread's
 * latest; past some hundred thousand messages a store would want the
 * latest message kept on the customer instead.
 */
export async function listConversations(
  db: Database,
  storeId: string,
  filters: ConversationFilters,
  page: { limit: number; after?: string },
) {
  const conditions: SQL[] = [sql`store_id = ${storeId}`];
  if (filters.channel) conditions.push(sql`channel = ${filters.channel}`);
  // Unread messages are few and indexed apart: start from their customers.
  if (filters.unread) {
    conditions.push(
      sql`customer_id IN (SELECT u.customer_id FROM customer_messages u WHERE ${isUnread(storeId, { channel: filters.channel })})`,
    );
  }
  const latest = sql`(SELECT DISTINCT ON (customer_id) *
      FROM customer_messages
      WHERE ${sql.join(conditions, sql` AND `)}
      ORDER BY customer_id, id DESC) m
    WHERE m.store_id = ${storeId}`;
  return readIdPage<ViewValue<typeof conversationView>>(
    db,
    'm',
    latest,
    conversationView.json('m', storeId, filters.channel),
    page,
  );
}

/** Stops the batch unless message `upTo` is one of customer `customerId`'s thread. */
function requireThreadMessage(storeId: string, customerId: string, upTo: string): SQL {
  return sql`SELECT api_error('validation_failed', 'The customer’s thread has no message with this id.', 'upTo')
    WHERE NOT EXISTS (SELECT 1 FROM customer_messages
      WHERE id = ${upTo} AND store_id = ${storeId} AND customer_id = ${customerId})`;
}

/**
 * Marks customer `customerId`'s inbound messages read, those up to message
 * `upTo` (ids follow time) or all; answers how many it marked and how many
 * stay unread. Read state is not audited (it changes nothing of the store's
 * business). One round trip.
 */
export async function markRead(
  db: Database,
  storeId: string,
  customerId: string,
  upTo?: string,
): Promise<z.output<typeof ReadStateSchema>> {
  const ofCustomer = isUnread(storeId, { customer: sql`${customerId}::uuid` });
  const upToMessage = upTo ? sql` AND u.id <= ${upTo}` : sql``;
  const { marked, left } = await runBatch(db, {
    exists: requireRow('customers', customerId, storeId, NO_CUSTOMER),
    ...(upTo ? { requireMessage: requireThreadMessage(storeId, customerId, upTo) } : {}),
    marked: sql`UPDATE customer_messages u SET read_at = now() WHERE ${ofCustomer}${upToMessage} RETURNING u.id`,
    // A statement of its own, so that it sees what a concurrent marking committed meanwhile.
    left: statement<{ count: string }>(sql`SELECT count(*) FROM customer_messages u WHERE ${ofCustomer}`),
  });
  return { customerId, marked: marked.length, unreadCount: Number(left[0]!.count) };
}
