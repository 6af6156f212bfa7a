import { getDatabase } from '../../db/client';
import type { Bindings, MailQueueMessage } from '../../env';
import { mailApiOf } from './mail-api';
import { type MailSenderContext, sendMail } from './send';

/** Wait before the queue offers a message again after its sending broke (the database, not the mail API). */
const REDELIVERY_DELAY_SECONDS = 5;

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
  await Promise.all(
    batch.messages.map(async (message) => {
      try {
        await sendMail(context, message.body.mailId, new Date());
        message.ack();
      } catch (error) {
        console.error(
          JSON.stringify({
            level: 'error',
            message: 'mail sending failed',
            mailId: message.body.mailId,
            error: error instanceof Error ? error.message : String(error),
          }),
        );
        message.retry({ delaySeconds: REDELIVERY_DELAY_SECONDS });
      }
    }),
  );
}
