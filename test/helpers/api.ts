import { env, exports } from 'cloudflare:workers';

/** Calls the Worker's real fetch entry point, as a client on the internet would. */
export function api(path: string, init?: RequestInit): Promise<Response> {
  return exports.default.fetch(new Request(new URL(path, 'https://api.test'), init));
}

/** A JSON request body with its content type. */
export function jsonBody(body: unknown, init: RequestInit = {}): RequestInit {
  return {
    method: 'POST',
    ...init,
    headers: { 'content-type': 'application/json', ...init.headers },
    body: JSON.stringify(body),
  };
}

export interface RoundTrips {
  requests: number;
  statements: number;
}

async function stats(path = ''): Promise<RoundTrips> {
  const response = await fetch(`${env.LOCAL_DB_STATS_URL}${path}`, { method: path ? 'POST' : 'GET' });
  return response.json();
}

/**
 * Runs `work` and answers how many HTTP requests (round trips) and statements
 * it sent to the database, read from the local server's counters.
 */
export async function countRoundTrips<T>(work: () => Promise<T>): Promise<RoundTrips & { result: T }> {
  await stats('/reset');
  const result = await work();
  return { ...(await stats()), result };
}
