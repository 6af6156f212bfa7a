import { getDatabase } from '../../db/client';
import type { Bindings, WebhookMessage } from '../../env';
import { deliverWebhook, type SenderContext } from './deliver';
import { consumeEach } from '../queue-batch';

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
  await consumeEach(
    batch,
    'webhook delivery',
    ({ deliveryId }) => ({ deliveryId }),
    ({ deliveryId }) => deliverWebhook(context, deliveryId, new Date()),
  );
}
