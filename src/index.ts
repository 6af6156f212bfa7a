import { createApp } from './app';
import type { Bindings, MailQueueMessage, WebhookMessage } from './env';
import { consumeMailBatch } from './services/mail/consumer';
import { runScheduledJobs } from './services/scheduled';
import { consumeWebhookBatch } from './services/webhooks/consumer';

const app = createApp();

/** The mail queue's name in wrangler.toml; every other batch is the webhook queue's. */
const MAIL_QUEUE_NAME = 'edge-commerce-mail';

export default {
  fetch: app.fetch,
  /** Cron trigger (wrangler.toml `[triggers]`): periodic housekeeping, in bounded batches. */
  async scheduled(controller, env, ctx) {
    ctx.waitUntil(runScheduledJobs(env, new Date(controller.scheduledTime)));
  },
  /** Queue consumers (wrangler.toml `[[queues.consumers]]`): outbound webhook deliveries, and mails. */
  async queue(batch, env) {
    if (batch.queue === MAIL_QUEUE_NAME) await consumeMailBatch(batch as MessageBatch<MailQueueMessage>, env);
    else await consumeWebhookBatch(batch as MessageBatch<WebhookMessage>, env);
  },
} satisfies ExportedHandler<Bindings, WebhookMessage | MailQueueMessage>;
