import { createApp } from './app';
import type { Bindings, WebhookMessage } from './env';
import { runScheduledJobs } from './services/scheduled';
import { consumeWebhookBatch } from './services/webhooks/consumer';

const app = createApp();

export default {
  fetch: app.fetch,
  /** Cron trigger (wrangler.toml `[triggers]`): periodic housekeeping, in bounded batches. */
  async scheduled(controller, env, ctx) {
    ctx.waitUntil(runScheduledJobs(env, new Date(controller.scheduledTime)));
  },
  /** Queue consumer (wrangler.toml `[[queues.consumers]]`): outbound webhook deliveries, signed and sent. */
  async queue(batch, env) {
    await consumeWebhookBatch(batch, env);
  },
} satisfies ExportedHandler<Bindings, WebhookMessage>;
