import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import type { MailQueueMessage, WebhookMessage } from '../../src/env';
import worker from '../../src/index';
import { collectingQueue } from './webhooks';

/**
 * Runs the Worker's scheduled handler at `at`, as the cron trigger `cron`, and
 * waits for everything it started. Its queues only collect: the cron relays
 * and requeues the due deliveries and mails of every store in the database,
 * and on the real queues their consumers would go on writing to it (and
 * retrying) after the test, into other tests' round-trip counts.
 */
export async function runCron(at: Date = new Date(), cron = '* * * * *'): Promise<void> {
  const queues = { WEBHOOK_QUEUE: collectingQueue<WebhookMessage>(), MAIL_QUEUE: collectingQueue<MailQueueMessage>() };
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime: at, cron }), { ...env, ...queues }, ctx);
  await waitOnExecutionContext(ctx);
}
