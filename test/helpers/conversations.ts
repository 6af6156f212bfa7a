import { sql } from 'drizzle-orm';
import { uuidv7 } from '../../src/lib/ids';
import { createStoreWithTeam } from './auth';
import { adminCaller, type AdminCall } from './payments';
import { testDb } from './stores';

/** A message as the API answers it. */
export interface Message {
  id: string;
  customerId: string;
  direction: 'inbound' | 'outbound';
  channel: string;
  type: string;
  text: string;
  metadata: Record<string, unknown>;
  channelMessageId: string | null;
  readAt: string | null;
  sender: { type: string; id: string | null } | null;
  createdAt: string;
}

/** A store of the test's own with its owner's admin caller. */
export async function conversationStore() {
  const team = await createStoreWithTeam();
  return { team, store: team.store, call: adminCaller(team.store.slug, team.tokens.owner) };
}

/** An inbound WhatsApp text from `from`, with a fresh channel message id unless `overrides` gives one. */
export function inboundBody<Overrides extends Record<string, unknown>>(
  from: Record<string, unknown>,
  overrides: Overrides = {} as Overrides,
) {
  return {
    channel: 'whatsapp',
    channelMessageId: `wamid.${uuidv7()}`,
    from,
    text: 'Hola, ¿tienen talle L?',
    ...overrides,
  };
}

/** Posts an inbound message through the admin API. */
export function postInbound(call: AdminCall, body: unknown): Promise<Response> {
  return call('POST', '/messages/inbound', body);
}

/** The store's customers, oldest first, with what an inbound message can set. */
export async function customersOf(storeId: string) {
  const { rows } = await testDb().execute<{
    id: string;
    phone: string | null;
    name: string | null;
    channel_ids: Record<string, string>;
  }>(sql`SELECT id, phone, name, channel_ids FROM customers WHERE store_id = ${storeId} ORDER BY id`);
  return rows;
}

/** How many messages the store has. */
export async function messageCount(storeId: string): Promise<number> {
  const { rows } = await testDb().execute<{ count: string }>(
    sql`SELECT count(*) FROM customer_messages WHERE store_id = ${storeId}`,
  );
  return Number(rows[0]!.count);
}

/** The store's events of `type`, oldest first, with their payloads. */
export async function storeEvents(storeId: string, type: string) {
  const { rows } = await testDb().execute<{ aggregate_id: string; payload: Record<string, unknown> }>(
    sql`SELECT aggregate_id, payload FROM events WHERE store_id = ${storeId} AND type = ${type} ORDER BY id`,
  );
  return rows;
}
