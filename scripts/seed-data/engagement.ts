/**
 * A demo store's newsletter list and chat conversations, so that the admin's
 * newsletter and inbox are not empty on first run. Subscribers are plain
 * rows (their sign-up history needs no events); chat messages go through the
 * conversation services, as an integration and staff make them (the sender
 * becomes or matches a customer, `message.received` / `message.outbound`).
 */
import { eq } from 'drizzle-orm';
import type { DrizzleDatabase } from '../../src/db/drizzle.ts';
import { newsletterSubscribers, users } from '../../src/db/schema/index.ts';
import { uuidv7 } from '../../src/lib/ids.ts';
import type { AuditContext } from '../../src/services/audit.ts';
import { receiveMessage } from '../../src/services/conversations/inbound.ts';
import { sendMessage } from '../../src/services/conversations/outbound.ts';
import type { storeRows } from './rows.ts';
import type { SeedStore } from './types.ts';

const DAY_MS = 86_400_000;

/** Writes `data.newsletter` and plays `data.conversations` in the store just written from `rows`. */
export async function seedEngagement(
  db: DrizzleDatabase,
  data: SeedStore,
  rows: ReturnType<typeof storeRows>,
): Promise<void> {
  const now = Date.now();
  if (data.newsletter?.length) {
    await db.insert(newsletterSubscribers).values(
      data.newsletter.map((subscriber) => {
        const at = new Date(now - subscriber.daysAgo * DAY_MS);
        return {
          id: uuidv7(at.getTime()),
          storeId: rows.storeId,
          email: subscriber.email,
          status: subscriber.status,
          source: subscriber.source,
          subscribedAt: at,
          confirmationSentAt: at,
          confirmedAt: subscriber.status === 'pending' ? null : at,
          unsubscribedAt: subscriber.status === 'unsubscribed' ? new Date(at.getTime() + DAY_MS) : null,
        };
      }),
    );
  }
  if (!data.conversations?.length) return;
  const [owner] = await db.select({ id: users.id }).from(users).where(eq(users.email, data.owner.email));
  if (!owner) throw new Error(`seed: no owner ${data.owner.email}`);
  const staff: AuditContext = { storeId: rows.storeId, actor: { type: 'user', id: owner.id }, requestId: 'seed' };
  for (const [thread, conversation] of data.conversations.entries()) {
    let customerId: string | undefined;
    for (const [index, message] of conversation.messages.entries()) {
      const content = { text: message.text, type: 'text' as const, metadata: {} };
      if (message.from === 'customer') {
        const received = await receiveMessage(db, rows.storeId, {
          ...content,
          channel: 'whatsapp',
          channelMessageId: `seed-${data.slug}-${thread}-${index}`,
          from: { phone: conversation.phone, channelUserId: conversation.phone, name: conversation.name },
        });
        customerId = (JSON.parse(received.json) as { customerId: string }).customerId;
      } else if (customerId) {
        await sendMessage(db, staff, customerId, content);
      }
    }
  }
}
