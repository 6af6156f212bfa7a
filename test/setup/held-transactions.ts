/**
 * Vitest global setup: a local HTTP server through which a Worker test holds
 * transactions open on the test's PostgreSQL database (TEST_HELD_TX_URL),
 * something the Worker's own driver cannot do (each HTTP query is its own
 * transaction). For tests of what other sessions see while a transaction
 * is still running, such as the event feed's ordering under overlapping
 * commits. Only with TEST_DATABASE_URL (PGlite has one connection).
 *
 * `POST /begin` opens one (answers `{tx}`); `POST /{tx}/query` runs
 * `{text, values}` in it (answers `{rows}`); `POST /{tx}/commit` and
 * `/{tx}/rollback` end it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import pg from 'pg';

function readJson(request: IncomingMessage): Promise<{ text?: string; values?: unknown[] }> {
  return new Promise((resolve, reject) => {
    let body = '';
    request
      .setEncoding('utf8')
      .on('data', (chunk: string) => (body += chunk))
      .on('end', () => resolve(body ? JSON.parse(body) : {}))
      .on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

export default async function setup(): Promise<() => Promise<void>> {
  const url = process.env.TEST_SCRATCH_DATABASE_URL;
  const open = new Map<string, pg.Client>();
  let next = 0;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!url) return send(response, 503, { error: 'held transactions need TEST_DATABASE_URL' });
    const [tx, action] = (request.url ?? '').split('/').filter(Boolean);
    if (tx === 'begin') {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query('BEGIN');
      const id = String(++next);
      open.set(id, client);
      return send(response, 200, { tx: id });
    }
    const client = tx ? open.get(tx) : undefined;
    if (!client) return send(response, 404, { error: 'no such transaction' });
    if (action === 'query') {
      const { text, values } = await readJson(request);
      return send(response, 200, { rows: (await client.query(text ?? '', values)).rows });
    }
    if (action === 'commit' || action === 'rollback') {
      open.delete(tx!);
      await client.query(action.toUpperCase());
      await client.end();
      return send(response, 200, {});
    }
    send(response, 404, { error: 'unknown action' });
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: Error) => send(response, 500, { error: error.message }));
  });
  await new Promise<void>((resolve) => server.listen(Number(process.env.TEST_HELD_TX_PORT), '127.0.0.1', resolve));

  return async () => {
    for (const client of open.values()) await client.end().catch(() => undefined);
    await new Promise((resolve) => server.close(resolve));
  };
}
