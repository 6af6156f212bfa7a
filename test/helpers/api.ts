import { env, exports } from 'cloudflare:workers';
import { expect } from 'vitest';
import { checked } from './contract';

/**
 * Calls the Worker's real fetch entry point, as a client on the internet
 * would, and checks the answer against the app's OpenAPI document (see
 * contract.ts): an answer that drifts from its contract fails the test.
 */
export function api(path: string, init?: RequestInit): Promise<Response> {
  return fetchWorker(new Request(new URL(path, 'https://api.test'), init));
}

/** The Worker's fetch entry, each answer checked like `api()`'s: the `fetch` of a client under test. */
export function fetchWorker(request: Request): Promise<Response> {
  return checked({ method: request.method, url: request.url }, exports.default.fetch(request));
}

/** An app built in the test (`createApp()`, with routes or bindings of the test's own). */
interface TestApp {
  request(
    path: string,
    init?: RequestInit,
    bindings?: object,
    context?: ExecutionContext,
  ): Response | Promise<Response>;
}

/** `app.request(...)`, with its answer checked against the contract like `api()`'s. */
export function requestApp(
  app: TestApp,
  path: string,
  init?: RequestInit,
  bindings?: object,
  context?: ExecutionContext,
): Promise<Response> {
  const line = { method: init?.method ?? 'GET', url: new URL(path, 'http://localhost').href };
  return checked(line, app.request(path, init, bindings, context));
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
 * Reads `read()` every `everyMs` until what it answers is `done`, and answers
 * that; past `withinMs`, answers the last reading, for the caller's
 * assertion to say what was missing. For what happens after a response: a
 * queue's consumer, a commit elsewhere.
 */
export async function pollUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  withinMs = 10_000,
  everyMs = 50,
): Promise<T> {
  const giveUpAt = Date.now() + withinMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > giveUpAt) return value;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** How long the database must have seen no request before a count starts. */
const QUIET_MS = 25;

/**
 * Waits (up to about a second) until the database has seen no request for
 * QUIET_MS: work an earlier request left running after its response (a
 * cache refresh, a capture, a Stripe call's record) must not land in the
 * next count. The counters are reset when it returns.
 */
async function quietDatabase(): Promise<void> {
  for (let tries = 0; tries < 40; tries++) {
    await stats('/reset');
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
    if ((await stats()).requests === 0) return;
  }
}

/**
 * Runs `work` and answers how many HTTP requests (round trips) and statements
 * it sent to the database, read from the local server's counters, once the
 * database is quiet.
 */
export async function countRoundTrips<T>(work: () => Promise<T>): Promise<RoundTrips & { result: T }> {
  await quietDatabase();
  const result = await work();
  return { ...(await stats()), result };
}

/** A problem+json body as tests read it. */
export interface ProblemBody {
  code: string;
  detail: string;
  errors?: { path?: string; message?: string }[];
}

/** Asserts that `response` is a problem of `status` and `code` (naming `field` among its errors, when given); answers it. */
export async function expectProblem(
  response: Response,
  status: number,
  code: string,
  field?: string,
): Promise<ProblemBody> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  const problem = JSON.parse(text) as ProblemBody;
  expect(problem.code, text).toBe(code);
  if (field)
    expect(
      problem.errors?.map((error) => error.path),
      text,
    ).toContain(field);
  return problem;
}
