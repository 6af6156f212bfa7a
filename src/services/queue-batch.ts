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
