import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { api, jsonBody } from './api';
import { uniqueAddress } from './auth';
import { deliverMailTo, mailsTo, type CaughtMail } from './mail';
import { testDb } from './stores';

/** Signs `email` up to store `slug`'s newsletter, from a client address of its own unless one is given. */
export function subscribe(slug: string, body: Record<string, unknown>, address = uniqueAddress()): Promise<Response> {
  return api(
    `/v1/stores/${slug}/newsletter/subscriptions`,
    jsonBody(body, { headers: { 'cf-connecting-ip': address } }),
  );
}

/** The `token` of the first link to `path` (`confirm`, `unsubscribe`) in a mail's text. */
export function tokenIn(mail: CaughtMail, path: 'confirm' | 'unsubscribe'): string {
  const match = new RegExp(`/newsletter/${path}\\?token=([^\\s&"<]+)`).exec(mail.text ?? '');
  expect(match, `a ${path} link in: ${mail.text}`).not.toBeNull();
  return decodeURIComponent(match![1]!);
}

/** Signs `email` up, sends the confirmation mail through the catcher and answers it (the newest mail to the address). */
export async function signUpAndMail(slug: string, email: string, source?: string): Promise<CaughtMail> {
  const response = await subscribe(slug, source ? { email, source } : { email });
  expect(response.status, await response.clone().text()).toBe(202);
  await deliverMailTo([email]);
  const [mail] = await mailsTo(email);
  expect(mail, `a confirmation mail to ${email}`).toBeDefined();
  return mail!;
}

/** A subscriber row as the database holds it. */
export async function subscriberRow(storeId: string, email: string) {
  const { rows } = await testDb().execute<{
    id: string;
    status: string;
    source: string | null;
    confirmed_at: string | null;
    unsubscribed_at: string | null;
    confirmation_sent_at: string | null;
  }>(sql`SELECT id, status, source, confirmed_at, unsubscribed_at, confirmation_sent_at
    FROM newsletter_subscribers WHERE store_id = ${storeId} AND email = ${email}`);
  return rows[0];
}

/** The newsletter events of the store, oldest first: type and payload. */
export async function newsletterEvents(storeId: string) {
  const { rows } = await testDb().execute<{ type: string; payload: Record<string, unknown> }>(
    sql`SELECT type, payload FROM events WHERE store_id = ${storeId} AND type LIKE 'newsletter.%' ORDER BY id`,
  );
  return rows;
}

/** Subscribers written straight to the database, as a legacy list would have them. */
export async function insertSubscribers(
  storeId: string,
  rows: { email: string; status?: string; source?: string | null }[],
): Promise<void> {
  const values = rows.map(
    (row) =>
      sql`(uuid_v7(), ${storeId}::uuid, ${row.email}, ${row.status ?? 'subscribed'}::subscriber_status, ${row.source ?? null})`,
  );
  await testDb().execute(
    sql`INSERT INTO newsletter_subscribers (id, store_id, email, status, source) VALUES ${sql.join(values, sql`, `)}`,
  );
}
