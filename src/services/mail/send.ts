import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runStatement } from '../../db/sql/batch';
import { statement } from '../../db/sql/statement';
import type { MailQueueMessage, MessageQueue } from '../../env';
import type { MailLanguage } from '../../lib/store-settings';
import { mailLanguage } from '../store-settings';
import { type MailApi, type MailOutcome, postToMailApi } from './mail-api';
import type { MailStore } from './render';
import { renderMail } from './templates';
import { queueRetry } from '../queue-batch';

/** How long one sender holds a mail: past the mail API's timeout, so a sender that died frees it. */
const LEASE_SECONDS = 30;
/** Waits before the 2nd ... 9th attempt (about a day in all); after the 9th, the mail has failed. */
export const MAIL_RETRY_SCHEDULE_MS = [
  30_000,
  2 * 60_000,
  10 * 60_000,
  30 * 60_000,
  3_600_000,
  3 * 3_600_000,
  6 * 3_600_000,
  12 * 3_600_000,
] as const;

/** The name the platform's own mails (an account's, asked for without a store) are sent under. */
export const PLATFORM_SENDER_NAME = 'Edge Commerce';

interface ClaimedMail {
  id: string;
  template: string;
  to_email: string;
  data: Record<string, unknown>;
  attempts: number;
  store: MailStore | null;
  sender_name: string | null;
  reply_to: string | null;
  language: MailLanguage;
}

/**
 * Takes the mail for one attempt if it is pending, due and held by no one:
 * a lease and the attempt counted, with its store's name, sender settings
 * and language, in one statement. Answers nothing otherwise.
 */
async function claimMail(db: Database, mailId: string, now: Date): Promise<ClaimedMail | undefined> {
  const [row] = await runStatement(
    db,
    statement<ClaimedMail>(sql`WITH claimed AS (
        UPDATE mail_messages
        SET lease_until = ${now}::timestamptz + make_interval(secs => ${LEASE_SECONDS}),
          attempts = attempts + 1, updated_at = ${now}
        -- Due by the Worker's clock or the database's: a mail written a moment ago (the database's
        -- now()) is due to a Worker whose clock is a little behind.
        WHERE id = ${mailId} AND status = 'pending' AND next_attempt_at <= greatest(${now}::timestamptz, now())
          AND (lease_until IS NULL OR lease_until < ${now})
        RETURNING id, store_id, template, to_email, data, attempts)
      SELECT c.id, c.template, c.to_email, c.data, c.attempts,
        CASE WHEN s.id IS NOT NULL THEN json_build_object('id', s.id, 'slug', s.slug, 'name', s.name,
          'storefrontUrl', s.settings ->> 'storefrontUrl', 'timezone', s.timezone) END AS store,
        coalesce(s.settings ->> 'mailSenderName', s.name) AS sender_name,
        coalesce(s.settings ->> 'mailReplyTo', s.contact_email) AS reply_to,
        -- A platform mail (no store) is English: the API keeps no language of its own for an account.
        CASE WHEN s.id IS NULL THEN 'en' ELSE ${mailLanguage('s')} END AS language
      FROM claimed c
      LEFT JOIN stores s ON s.id = c.store_id`),
  );
  return row;
}

/** The wait before attempt `attempts + 1`, or null when `attempts` was the last. */
export function mailRetryDelayMs(attempts: number): number | null {
  return MAIL_RETRY_SCHEDULE_MS[attempts - 1] ?? null;
}

async function recordAttempt(
  db: Database,
  mail: ClaimedMail,
  outcome: MailOutcome,
  now: Date,
  retryInMs: number | null,
) {
  if (outcome.ok) {
    await runStatement(
      db,
      statement(sql`UPDATE mail_messages
        SET status = 'sent', sent_at = ${now}, provider_message_id = ${outcome.providerMessageId}, last_error = NULL,
          lease_until = NULL, updated_at = ${now}
        WHERE id = ${mail.id}`),
    );
    return;
  }
  const nextAttemptAt = retryInMs === null ? null : new Date(now.getTime() + retryInMs);
  await runStatement(
    db,
    statement(sql`UPDATE mail_messages
      SET status = ${nextAttemptAt === null ? 'failed' : 'pending'}::mail_status,
        next_attempt_at = coalesce(${nextAttemptAt}::timestamptz, next_attempt_at), last_error = ${outcome.error},
        lease_until = NULL, updated_at = ${now}
      WHERE id = ${mail.id}`),
  );
}

/** What a sender needs besides the message. */
export interface MailSenderContext {
  db: Database;
  api: MailApi;
  /** JWT_SECRET: the links mails carry are signed with it as they are rendered. */
  signingSecret: string;
  queue: MessageQueue<MailQueueMessage>;
}

export type MailSendResult = { kind: 'skipped' } | { kind: 'sent'; outcome: MailOutcome; retryInMs: number | null };

/**
 * Sends one mail at `now`: claims it, renders it in its store's language,
 * posts it to the mail API (with the mail's id as the idempotency key, so
 * a retry after a lost answer is not a second mail), records the outcome,
 * and queues the retry with a delay when the queue can hold it that long.
 */
export async function sendMail(context: MailSenderContext, mailId: string, now: Date): Promise<MailSendResult> {
  const mail = await claimMail(context.db, mailId, now);
  if (!mail) return { kind: 'skipped' };
  let outcome: MailOutcome;
  try {
    const rendered = await renderMail(mail.template, mail.data, {
      mailId: mail.id,
      store: mail.store,
      language: mail.language,
      signingSecret: context.signingSecret,
    });
    outcome = await postToMailApi(context.api, {
      idempotencyKey: mail.id,
      fromName: mail.sender_name ?? PLATFORM_SENDER_NAME,
      to: mail.to_email,
      replyTo: mail.reply_to,
      ...rendered,
    });
  } catch (error) {
    // A template that cannot render this data will not render it next time either.
    outcome = { ok: false, providerMessageId: null, permanent: true, error: `not rendered: ${String(error)}` };
  }
  const retryInMs = outcome.ok || outcome.permanent ? null : mailRetryDelayMs(mail.attempts);
  await recordAttempt(context.db, mail, outcome, now, retryInMs);
  await queueRetry(context.queue, { mailId }, retryInMs);
  return { kind: 'sent', outcome, retryInMs };
}
