import { getDatabase } from '../../db/client';
import type { Bindings, MailQueueMessage } from '../../env';
import { mailApiOf } from './mail-api';
import { type MailSenderContext, sendMail } from './send';
import { consumeEach } from '../queue-batch';

/** The sender's context from the Worker's bindings. */
export function mailSenderContext(env: Bindings): MailSenderContext {
  return {
    db: getDatabase(env.DATABASE_URL),
    api: mailApiOf(env),
    signingSecret: env.JWT_SECRET,
    queue: env.MAIL_QUEUE,
  };
}

/**
 * The mail queue's consumer: each message is one mail, sent concurrently
 * with the batch's others, and acknowledged once its attempt is recorded
 * (retries are scheduled by the app); it goes back to the queue only when
 * recording failed.
 */
export async function consumeMailBatch(batch: MessageBatch<MailQueueMessage>, env: Bindings): Promise<void> {
  const context = mailSenderContext(env);
  await consumeEach(
    batch,
    'mail sending',
    ({ mailId }) => ({ mailId }),
    ({ mailId }) => sendMail(context, mailId, new Date()),
  );
}
