import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { MailQueueMessage, MessageQueue } from '../../src/env';
import { mailApiOf } from '../../src/services/mail/mail-api';
import { queueNewMail } from '../../src/services/mail/queue';
import { type MailSendResult, type MailSenderContext, sendMail } from '../../src/services/mail/send';
import { RELAY_BATCH_SIZE, relayEvents } from '../../src/services/webhooks/relay';
import type { CaughtMail } from '../../scripts/mail-catcher';
import { testDb } from './stores';
import { collectingQueue } from './webhooks';

export type { CaughtMail };

/** The sender's context the queue consumer would build (the catcher of the tests as the mail API), with the test's queue. */
export function testMailSender(
  queue: MessageQueue<MailQueueMessage> = collectingQueue<MailQueueMessage>(),
): MailSenderContext {
  return { db: testDb(), api: mailApiOf(env), signingSecret: env.JWT_SECRET, queue };
}

/** Relays every unpublished event (the relay writes the order mails), as the relay after a response and the cron do. */
export async function relayAllEvents(now = new Date()): Promise<void> {
  while ((await relayEvents(testDb(), now)).claimed >= RELAY_BATCH_SIZE) {}
}

/**
 * What the relay after a response and the queue's consumer do, for mails to
 * `addresses`: relays every event, queues the new mails, and sends those
 * of the addresses that are due, at `now`. Answers each send's result.
 * (The tests run with the relay after the response off.)
 */
export async function deliverMailTo(addresses: readonly string[], now = new Date()): Promise<MailSendResult[]> {
  await relayAllEvents(now);
  await queueNewMail(testDb(), collectingQueue<MailQueueMessage>(), now);
  const due = await testDb().execute<{ id: string }>(sql`SELECT id FROM mail_messages
    WHERE status = 'pending' AND next_attempt_at <= greatest(${now}::timestamptz, now())
      AND to_email = ANY(${`{${addresses.map((address) => JSON.stringify(address)).join(',')}}`}::text[])
    ORDER BY created_at`);
  const sender = testMailSender();
  return Promise.all(due.rows.map((row) => sendMail(sender, row.id, now)));
}

/** The mails the catcher holds for `address`, newest first. */
export async function mailsTo(address: string): Promise<CaughtMail[]> {
  const response = await fetch(`${env.MAIL_API_URL}/emails?to=${encodeURIComponent(address)}`);
  expect(response.status).toBe(200);
  return (await response.json<{ data: CaughtMail[] }>()).data;
}

/** Makes the catcher refuse the next `count` mails with `status`. */
export async function failNextMails(count: number, status = 500): Promise<void> {
  const response = await fetch(`${env.MAIL_API_URL}/__test/fail-next`, {
    method: 'POST',
    body: JSON.stringify({ count, status }),
  });
  expect(response.status).toBe(200);
}
