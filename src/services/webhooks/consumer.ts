import { getDatabase } from '../../db/client';
import type { Bindings, WebhookMessage } from '../../env';
import { deliverWebhook, type SenderContext } from './deliver';

/** Wait before the queue offers a message again after its sending broke (the database, not the endpoint). */
const REDELIVERY_DELAY_SECONDS = 5;

/** The sender's context from the Worker's bindings. */
export function senderContext(env: Bindings): SenderContext {
  return {
    db: getDatabase(env.DATABASE_URL),
    sealingKey: env.PAYMENT_SECRETS_KEY,
    queue: env.WEBHOOK_QUEUE,
    loopbackOnly: env.WEBHOOK_LOOPBACK_ONLY === 'on',
  };
}

/**
 * The queue consumer: each message is one delivery, sent concurrently with
 * the batch's others. A message is acknowledged once its attempt is recorded
 * (whatever the endpoint answered: retries are scheduled by the app, not by
 * the queue) or when there was nothing to send; it goes back to the queue
 * only when recording failed, and then the lease keeps two senders apart.
 */
export async function consumeWebhookBatch(batch: MessageBatch<WebhookMessage>, env: Bindings): Promise<void> {
  const context = senderContext(env);
  await Promise.all(
    batch.messages.map(async (message) => {
      try {
        await deliverWebhook(context, message.body.deliveryId, new Date());
        message.ack();
      } catch (error) {
        console.error(
          JSON.stringify({
            level: 'error',
            message: 'webhook delivery failed',
            deliveryId: message.body.deliveryId,
            error: error instanceof Error ? error.message : String(error),
          }),
        );
        message.retry({ delaySeconds: REDELIVERY_DELAY_SECONDS });
      }
    }),
  );
}
