/**
 * Vitest global setup: a local HTTP server that receives the Worker's
 * outbound webhooks (endpoints in the tests point here) and verifies every
 * delivery with the official `standardwebhooks` package, against the
 * secrets the test registered for the endpoint's name.
 *
 * Paths say how to answer: `/ok/<name>` 200, `/fail/<name>` 500,
 * `/redirect/<name>` 302 elsewhere, `/slow/<name>` 200 after two seconds.
 * For the tests: `POST /__test/secrets` ({name, secrets}) sets the secrets
 * a name's deliveries are verified with; `GET /__test/received?name=` lists
 * what arrived for that name, each with the indexes of the secrets that
 * verified it (empty: its signature matched none).
 */
import { createServer } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { readBody } from '../../scripts/read-body';

export interface ReceivedWebhook {
  name: string;
  outcome: string;
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  /** Indexes of the registered secrets that verify the delivery. */
  verifiedBy: number[];
  receivedAt: number;
}

/** The indexes of `secrets` under which the delivery's signature verifies (with the library's timestamp tolerance). */
function verifiedBy(secrets: readonly string[], body: string, headers: Record<string, string>): number[] {
  return secrets.flatMap((secret, index) => {
    try {
      new Webhook(secret).verify(body, headers);
      return [index];
    } catch {
      return [];
    }
  });
}

export default async function setup(): Promise<() => Promise<void>> {
  const secrets = new Map<string, string[]>();
  const received: ReceivedWebhook[] = [];

  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://receiver.test');
    const body = await readBody(request);
    const json = (status: number, value: unknown) =>
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    if (url.pathname === '/__test/secrets') {
      const given = JSON.parse(body) as { name: string; secrets: string[] };
      secrets.set(given.name, given.secrets);
      return json(200, {});
    }
    if (url.pathname === '/__test/received') {
      const name = url.searchParams.get('name');
      return json(
        200,
        received.filter((item) => item.name === name),
      );
    }
    const [, outcome = '', name = ''] = url.pathname.split('/');
    const headers = {
      'webhook-id': String(request.headers['webhook-id'] ?? ''),
      'webhook-timestamp': String(request.headers['webhook-timestamp'] ?? ''),
      'webhook-signature': String(request.headers['webhook-signature'] ?? ''),
    };
    received.push({
      name,
      outcome,
      id: headers['webhook-id'],
      timestamp: headers['webhook-timestamp'],
      signature: headers['webhook-signature'],
      body,
      verifiedBy: verifiedBy(secrets.get(name) ?? [], body, headers),
      receivedAt: Date.now(),
    });
    if (outcome === 'fail') return json(500, { error: 'receiver told to fail' });
    if (outcome === 'redirect') return void response.writeHead(302, { location: 'https://example.com/' }).end();
    if (outcome === 'slow') await new Promise((resolve) => setTimeout(resolve, 2_000));
    json(200, { received: true });
  });
  await new Promise<void>((resolve) =>
    server.listen(Number(process.env.TEST_WEBHOOK_RECEIVER_PORT), '127.0.0.1', resolve),
  );
  return () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
}
