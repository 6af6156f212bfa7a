/**
 * Vitest global setup: the mail catcher of `npm run dev` (scripts/mail-catcher.ts),
 * on the port the config chose; the Worker's MAIL_API_URL points at it, and
 * test/helpers/mail.ts reads what it caught.
 */
import { startMailCatcher } from '../../scripts/mail-catcher';

export default async function setup(): Promise<() => Promise<void>> {
  const catcher = await startMailCatcher({
    port: Number(process.env.TEST_MAIL_CATCHER_PORT),
    apiKey: 'test-mail-api-key',
  });
  return catcher.close;
}
