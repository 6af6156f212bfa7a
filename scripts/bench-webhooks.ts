/**
 * The bench's outbound webhook stage: a receiver on loopback, an endpoint of
 * the checkout store subscribed to `order.created`, and a checkout scenario
 * run against the Worker under `wrangler dev` (whose local queue delivers).
 * Reports, per delivery, event committed to delivered (the receiver's clock
 * minus the event's `created_at`, which the body's `timestamp` carries; both
 * clocks are this machine's) and deliveries per second; and the buyers'
 * order mails, which the same Worker posts to a local mail catcher that
 * answers each after a delay (a distant mail API): order committed to mail
 * accepted.
 */
import { createServer } from 'node:http';
import { eq, sql } from 'drizzle-orm';
import type { DrizzleDatabase } from '../src/db/drizzle.ts';
import { stores, webhookEndpoints } from '../src/db/schema/index.ts';
import { uuidv7 } from '../src/lib/ids.ts';
import { newEndpointSecret, sealEndpointSecret } from '../src/services/webhooks/endpoint-secrets.ts';

export interface BenchReceiver {
  url: string;
  /** Per delivery: the ms from the event's commit to its arrival, and when it arrived. */
  arrivals: { latencyMs: number; at: number }[];
  close(): Promise<void>;
}

export async function startBenchReceiver(): Promise<BenchReceiver> {
  const arrivals: BenchReceiver['arrivals'] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const at = Date.now();
      const { timestamp } = JSON.parse(body) as { timestamp: string };
      arrivals.push({ latencyMs: at - Date.parse(timestamp), at });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    arrivals,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An endpoint of the store `slug` at `url`, for `events`; answers its id. */
export async function addBenchEndpoint(
  db: DrizzleDatabase,
  slug: string,
  url: string,
  sealingKey: string,
  events: string[],
): Promise<string> {
  const [store] = await db.select({ id: stores.id }).from(stores).where(eq(stores.slug, slug));
  const id = uuidv7();
  const secretCiphertext = await sealEndpointSecret(sealingKey, id, newEndpointSecret());
  await db.insert(webhookEndpoints).values({ id, storeId: store!.id, url, secretCiphertext, events });
  return id;
}

/** Deliveries of the endpoint made so far, and how many of them succeeded. */
export async function deliveryCounts(db: DrizzleDatabase, endpointId: string) {
  const { rows } = await db.execute<{ made: number; succeeded: number }>(sql`SELECT count(*)::int AS made,
      (count(*) FILTER (WHERE status = 'succeeded'))::int AS succeeded
    FROM webhook_deliveries WHERE endpoint_id = ${endpointId}`);
  return rows[0]!;
}

const percentile = (sorted: number[], share: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0;

/** p50 and p99 of commit-to-delivered, and deliveries per second from the first arrival to the last. */
export function summarizeArrivals(arrivals: BenchReceiver['arrivals']) {
  const latencies = arrivals.map((arrival) => arrival.latencyMs).sort((a, b) => a - b);
  const times = arrivals.map((arrival) => arrival.at);
  const spanSeconds = arrivals.length > 1 ? (Math.max(...times) - Math.min(...times)) / 1000 : 0;
  return {
    deliveries: arrivals.length,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    deliveriesPerSecond: spanSeconds > 0 ? Math.round(arrivals.length / spanSeconds) : null,
  };
}

/** The order mails of store `slug` written so far, how many were accepted, and order committed to accepted (p50, p99). */
export async function mailCounts(db: DrizzleDatabase, slug: string) {
  const { rows } = await db.execute<{ made: number; sent: number; p50_ms: number | null; p99_ms: number | null }>(sql`
    SELECT count(*)::int AS made, (count(*) FILTER (WHERE m.status = 'sent'))::int AS sent,
      round(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM m.sent_at - o.created_at) * 1000))::int AS p50_ms,
      round(percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM m.sent_at - o.created_at) * 1000))::int AS p99_ms
    FROM mail_messages m
    JOIN stores s ON s.id = m.store_id AND s.slug = ${slug}
    LEFT JOIN orders o ON o.id = (m.data -> 'order' ->> 'id')::uuid
    WHERE m.template = 'order.placed'`);
  return rows[0]!;
}
