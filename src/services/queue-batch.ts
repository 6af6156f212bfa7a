import type { MessageQueue } from '../env';

/** Messages per `sendBatch` call: the Queues limit. */
const QUEUE_BATCH_LIMIT = 100;
/** The longest `delaySeconds` a queue message takes (12 hours); a later retry is left to the cron's sweep. */
export const QUEUE_MAX_DELAY_SECONDS = 43_200;

/** Queues one message per body, in calls of at most 100 messages. */
export async function sendInBatches<Body>(queue: MessageQueue<Body>, bodies: readonly Body[]): Promise<void> {
  for (let start = 0; start < bodies.length; start += QUEUE_BATCH_LIMIT) {
    await queue.sendBatch(bodies.slice(start, start + QUEUE_BATCH_LIMIT).map((body) => ({ body })));
  }
}

/**
 * Queues a retry `retryInMs` from now when there is one and the queue can
 * delay a message that long; otherwise the cron's sweep finds it when due.
 */
export async function queueRetry<Body>(queue: MessageQueue<Body>, body: Body, retryInMs: number | null): Promise<void> {
  if (retryInMs !== null && retryInMs <= QUEUE_MAX_DELAY_SECONDS * 1000) {
    await queue.send(body, { delaySeconds: Math.ceil(retryInMs / 1000) });
  }
}

/** Wait before the queue offers a message again after its handling broke (the database, not the far end). */
const REDELIVERY_DELAY_SECONDS = 5;

/**
 * A queue consumer's loop, for the webhook and the mail queues alike: each
 * message handled concurrently with the batch's others, acknowledged once
 * `handle` is done (it records its own outcome and schedules its own retry),
 * and offered again a little later only when `handle` threw, logged with
 * `what` and the message's id.
 */
export async function consumeEach<Body>(
  batch: MessageBatch<Body>,
  what: string,
  idOf: (body: Body) => Record<string, string>,
  handle: (body: Body) => Promise<unknown>,
): Promise<void> {
  await Promise.all(
    batch.messages.map(async (message) => {
      try {
        await handle(message.body);
        message.ack();
      } catch (error) {
        console.error(
          JSON.stringify({
            level: 'error',
            message: `${what} failed`,
            ...idOf(message.body),
            error: error instanceof Error ? error.message : String(error),
          }),
        );
        message.retry({ delaySeconds: REDELIVERY_DELAY_SECONDS });
      }
    }),
  );
}
