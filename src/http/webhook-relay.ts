import type { MiddlewareHandler } from 'hono';
import { getDatabase } from '../db/client';
import type { AppEnv } from '../env';
import { afterResponse } from './after-response';
import { queueNewMail } from '../services/mail/queue';
import { relayAndEnqueue } from '../services/webhooks/relay';

/**
 * After the response of a request that may have committed outbox events
 * (any write under /v1 that succeeded: a failed one rolled back), relays
 * them to the webhook queue, and queues the mails written with them, in `waitUntil`, so the first attempt follows
 * the commit within a second or two and the response never waits for it
 * nor fails with it (the cron relays whatever this misses).
 * `WEBHOOK_RELAY_ON_RESPONSE = "off"` leaves relaying to the cron alone: the
 * tests turn it off so that no background round trip lands in another
 * test's round-trip count.
 */
export function relayAfterResponse(): MiddlewareHandler<AppEnv> {
  return async function webhookRelayMiddleware(c, next) {
    await next();
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS') return;
    if (c.res.status >= 400 || c.env.WEBHOOK_RELAY_ON_RESPONSE === 'off') return;
    afterResponse(c, 'outbox relay after response', async () => {
      const db = getDatabase(c.env.DATABASE_URL);
      const now = new Date();
      await relayAndEnqueue(db, c.env.WEBHOOK_QUEUE, now);
      // After the relay: it writes the order mails of the events it relays.
      await queueNewMail(db, c.env.MAIL_QUEUE, now);
    });
  };
}
