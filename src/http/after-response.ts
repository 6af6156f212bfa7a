import type { Context } from 'hono';
import type { AppEnv } from '../env';

/**
 * Runs `work` after the response, in `waitUntil`: the response never waits
 * for it nor fails with it, and a failure is logged with the request id
 * (`what` says what failed). Without an execution context (an app called
 * without one) nothing runs; each caller's work has a scheduled job that
 * does it too.
 */
export function afterResponse<E extends AppEnv>(c: Context<E>, what: string, work: () => Promise<unknown>): void {
  let context: { waitUntil(promise: Promise<unknown>): void };
  try {
    context = c.executionCtx;
  } catch {
    return;
  }
  const logged = work().catch((error: unknown) =>
    console.error(
      JSON.stringify({
        level: 'error',
        message: `${what} failed`,
        requestId: c.var.requestId,
        error: error instanceof Error ? error.message : String(error),
      }),
    ),
  );
  context.waitUntil(logged);
}
