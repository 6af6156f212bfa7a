import { createApp } from './app';
import type { Bindings } from './env';
import { runScheduledJobs } from './services/scheduled';

const app = createApp();

export default {
  fetch: app.fetch,
  /** Cron trigger (wrangler.toml `[triggers]`): periodic housekeeping, in bounded batches. */
  async scheduled(controller, env, ctx) {
    ctx.waitUntil(runScheduledJobs(env, new Date(controller.scheduledTime)));
  },
} satisfies ExportedHandler<Bindings>;
