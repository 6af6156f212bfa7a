/**
 * A local stand-in for the mail API (Resend's `POST /emails`) that keeps
 * every mail it is sent, in memory, for people and tests to read:
 *
 * - `POST /emails`: `Authorization: Bearer <key>` (401 otherwise), a JSON
 *   body with `from`, `to` (an address or a list), `subject` and `text` or
 *   `html` (422 otherwise), optional `reply_to` and `headers`; answers
 *   `{id}`. An `Idempotency-Key` seen before answers the first mail's id and
 *   keeps nothing new, as Resend does.
 * - `GET /emails?to=<address>`: `{data: [...]}`, newest first, each as sent
 *   plus `id` and `created_at`; `GET /emails/<id>`: one.
 * - `DELETE /emails`: forgets every mail.
 * - `GET /`: the same list as a page, each mail's text in full.
 * - `POST /__test/fail-next` `{count, status}`: the next `count` sends
 *   answer `status` (to try retries).
 *
 * `npm run dev` runs it on 127.0.0.1:8025 (MAIL_CATCHER_PORT); the tests
 * start one of their own (test/setup/mail-catcher.ts).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from './read-body.ts';

export interface CaughtMail {
  id: string;
  from: string;
  to: string[];
  subject: string;
  text: string | null;
  html: string | null;
  reply_to: string[];
  headers: Record<string, string>;
  idempotency_key: string | null;
  created_at: string;
}

const list = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]).map(String);

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

function page(mails: readonly CaughtMail[]): string {
  const items = mails
    .map(
      (mail) =>
        `<article><h2>${escapeHtml(mail.subject)}</h2><p>${escapeHtml(mail.created_at)} · from ${escapeHtml(mail.from)} · to ${escapeHtml(mail.to.join(', '))}</p><pre>${escapeHtml(mail.text ?? '')}</pre></article><hr>`,
    )
    .join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>Mail catcher</title></head><body style="font-family:sans-serif"><h1>Mail catcher: ${mails.length} mail(s)</h1><p>JSON: <code>GET /emails?to=address</code></p>${items}</body></html>`;
}

/**
 * Starts the catcher on `port` (0: any free one) of 127.0.0.1; mails must
 * carry `apiKey`. `answerDelayMs` makes each send wait that long, as a
 * distant mail API does (the bench).
 */
export async function startMailCatcher(options: { port: number; apiKey: string; answerDelayMs?: number }): Promise<{
  url: string;
  server: Server;
  close(): Promise<void>;
}> {
  const mails: CaughtMail[] = [];
  const byIdempotencyKey = new Map<string, string>();
  let failNext = { count: 0, status: 500 };

  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://mail.test');
    const body = await readBody(request);
    const json = (status: number, value: unknown) =>
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    if (request.method === 'POST' && url.pathname === '/__test/fail-next') {
      const given = JSON.parse(body || '{}') as { count?: number; status?: number };
      failNext = { count: given.count ?? 1, status: given.status ?? 500 };
      return json(200, failNext);
    }
    if (url.pathname === '/emails' && request.method === 'POST') {
      if (request.headers.authorization !== `Bearer ${options.apiKey}`)
        return json(401, { name: 'missing_api_key', message: 'Missing or wrong API key.' });
      if (options.answerDelayMs) await new Promise((resolve) => setTimeout(resolve, options.answerDelayMs));
      if (failNext.count > 0) {
        failNext.count -= 1;
        return json(failNext.status, { name: 'application_error', message: 'The catcher was told to fail.' });
      }
      let given: Record<string, unknown>;
      try {
        given = JSON.parse(body) as Record<string, unknown>;
      } catch {
        return json(422, { name: 'validation_error', message: 'The body is not JSON.' });
      }
      const to = list(given.to);
      if (typeof given.from !== 'string' || to.length === 0 || typeof given.subject !== 'string')
        return json(422, { name: 'validation_error', message: 'from, to and subject are required.' });
      if (typeof given.text !== 'string' && typeof given.html !== 'string')
        return json(422, { name: 'validation_error', message: 'text or html is required.' });
      const key = typeof request.headers['idempotency-key'] === 'string' ? request.headers['idempotency-key'] : null;
      const seen = key ? byIdempotencyKey.get(key) : undefined;
      if (seen) return json(200, { id: seen });
      const mail: CaughtMail = {
        id: randomUUID(),
        from: given.from,
        to,
        subject: given.subject,
        text: typeof given.text === 'string' ? given.text : null,
        html: typeof given.html === 'string' ? given.html : null,
        reply_to: list(given.reply_to),
        headers: (given.headers as Record<string, string> | undefined) ?? {},
        idempotency_key: key,
        created_at: new Date().toISOString(),
      };
      mails.push(mail);
      if (key) byIdempotencyKey.set(key, mail.id);
      return json(200, { id: mail.id });
    }
    if (url.pathname === '/emails' && request.method === 'GET') {
      const to = url.searchParams.get('to')?.toLowerCase();
      const found = mails.filter((mail) => !to || mail.to.some((address) => address.toLowerCase() === to));
      return json(200, { data: found.toReversed() });
    }
    if (url.pathname === '/emails' && request.method === 'DELETE') {
      mails.length = 0;
      byIdempotencyKey.clear();
      return json(200, { deleted: true });
    }
    const one = /^\/emails\/([^/]+)$/.exec(url.pathname);
    if (one && request.method === 'GET') {
      const mail = mails.find((each) => each.id === one[1]);
      return mail ? json(200, mail) : json(404, { name: 'not_found', message: 'No such mail.' });
    }
    if (url.pathname === '/' && request.method === 'GET')
      return void response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(mails.toReversed()));
    json(404, { name: 'not_found', message: 'Not a route of the mail catcher.' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
