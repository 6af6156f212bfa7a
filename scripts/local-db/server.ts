import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DatabaseUnreachable,
  type IsolationLevel,
  type SqlBackend,
  type Statement,
  type TextResult,
  type TransactionOptions,
} from './backend.ts';
import { type Fault, FaultSwitch, parseFault } from './faults.ts';

export interface LocalDbOptions {
  backend: SqlBackend;
  /** Defaults to 127.0.0.1: the server has no authentication. */
  host?: string;
  /** Defaults to 4444; 0 picks a free port. */
  port?: number;
  /** Artificial latency added to every `/sql` request, simulating the edge-to-database distance. */
  delayMs?: number;
  /**
   * Whether `POST /__faults` may make requests fail (see faults.ts). On by
   * default when the server listens on a loopback address, which is where
   * tests and `npm run dev` run it; never on any other address, where anyone
   * who reaches the server could take the database away from the API.
   */
  faults?: boolean;
}

export interface Stats {
  requests: number;
  statements: number;
}

/** One `/sql` request as it arrived: a lone statement, or a batch run as one transaction. */
export interface ServedRequest {
  statements: Statement[];
  transaction: boolean;
}

export interface LocalDb {
  /** The connection string a Worker uses to reach this server through Neon's driver. */
  readonly connectionString: string;
  readonly port: number;
  readonly backend: SqlBackend;
  stats(): Stats;
  resetStats(): void;
  /** The last `/sql` request served, for the bench to replay under EXPLAIN ANALYZE; undefined before the first. */
  lastRequest(): ServedRequest | undefined;
  setDelay(ms: number): void;
  /** Sets the fault switch, as `POST /__faults` does; throws when the server was started without it. */
  setFault(fault: Fault): void;
  /** Stops listening, then closes the backend. */
  close(): Promise<void>;
}

/** Postgres error fields that Neon returns beside `message`, and its client copies onto the error. */
const ERROR_FIELDS = [
  'severity',
  'code',
  'detail',
  'hint',
  'position',
  'internalPosition',
  'internalQuery',
  'where',
  'schema',
  'table',
  'column',
  'dataType',
  'constraint',
  'file',
  'line',
  'routine',
] as const;

const ISOLATION_LEVELS = new Set<IsolationLevel>([
  'ReadUncommitted',
  'ReadCommitted',
  'RepeatableRead',
  'Serializable',
]);
/** Loopback names as a Host header or a listen address spells them. */
export const LOOPBACK_NAMES: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** A request the protocol cannot accept; answered 400 like Neon does. */
class BadRequest extends Error {}

/** A request this server refuses to serve at all; answered 403. */
class Forbidden extends Error {}

/**
 * The server has no authentication, so it serves only what a database
 * driver on this machine sends. A browser's request carries an `Origin`
 * (refused: no web page may run SQL here), a DNS-rebinding attack carries a
 * foreign `Host` (refused), and a driver always names its connection string,
 * a custom header no page can send without a CORS preflight we never grant.
 */
function assertLocalDriver(request: IncomingMessage, boundHost: string): void {
  if (request.headers.origin !== undefined) throw new Forbidden('requests from web pages are refused');
  const hostHeader = request.headers.host ?? '';
  const hostname = hostHeader.startsWith('[')
    ? hostHeader.slice(0, hostHeader.indexOf(']') + 1)
    : hostHeader.split(':')[0]!;
  if (!LOOPBACK_NAMES.has(hostname) && hostname !== boundHost) throw new Forbidden(`host ${hostHeader} is not served`);
}

/** Whether faults may be switched on for a server bound to `host`: only on loopback, and by default there. */
function faultsAllowed(host: string, requested: boolean | undefined): boolean {
  const loopback = LOOPBACK_NAMES.has(host);
  if (requested && !loopback)
    throw new Error(`the fault switch is refused on ${host}: it is for loopback servers only`);
  return requested ?? loopback;
}

/**
 * Starts an HTTP server that speaks Neon's SQL-over-HTTP protocol
 * (`POST /sql`) in front of `backend`, so the real `@neondatabase/serverless`
 * client and `drizzle-orm/neon-http` work against it unchanged. It counts
 * requests and statements (`GET /__stats`, `POST /__stats/reset`), and on
 * loopback it has a fault switch for tests (`GET`/`POST /__faults`).
 */
export async function startLocalDb(options: LocalDbOptions): Promise<LocalDb> {
  const { backend } = options;
  const host = options.host ?? '127.0.0.1';
  let delayMs = options.delayMs ?? 0;
  const stats: Stats = { requests: 0, statements: 0 };
  let lastRequest: ServedRequest | undefined;
  const faults = faultsAllowed(host, options.faults) ? new FaultSwitch() : undefined;

  async function handleSql(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!request.headers['neon-connection-string']) throw new BadRequest('missing Neon-Connection-String header');
    stats.requests++;
    const body = parseBody(await readBody(request));
    const arrayMode = request.headers['neon-array-mode'] === 'true';
    const fault = faults?.take();
    if (fault === 'reset') return void response.destroy();
    if (fault === 'refuse') return sendJson(response, 503, { message: 'refused by the fault switch (/__faults)' });
    if (delayMs > 0) await sleep(delayMs);
    const answer = execute(body, request, arrayMode);
    if (fault === 'drop-answer') {
      // Whatever the outcome, committed or not, the client never hears it.
      await answer.catch(() => undefined);
      return void response.destroy();
    }
    sendJson(response, 200, await answer);
  }

  /** Runs a statement, or a batch as one transaction, and answers the JSON body Neon would. */
  async function execute(body: Statement | { queries: Statement[] }, request: IncomingMessage, arrayMode: boolean) {
    if ('queries' in body) {
      stats.statements += body.queries.length;
      lastRequest = { statements: body.queries, transaction: true };
      const results = await backend.transaction(body.queries, transactionOptions(request));
      return { results: results.map((result) => present(result, arrayMode)) };
    }
    stats.statements++;
    lastRequest = { statements: [body], transaction: false };
    return present(await backend.query(body), arrayMode);
  }

  async function handleFaults(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!faults) return sendJson(response, 404, { message: 'this server has no fault switch' });
    if (request.method === 'POST') {
      const text = await readBody(request);
      try {
        faults.set(parseFault(JSON.parse(text)));
      } catch (error) {
        throw new BadRequest(error instanceof Error ? error.message : String(error));
      }
    }
    sendJson(response, 200, faults.current());
  }

  function resetStats(): void {
    stats.requests = 0;
    stats.statements = 0;
  }

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    assertLocalDriver(request, host);
    const route = `${request.method} ${new URL(request.url ?? '/', 'http://local').pathname}`;
    switch (route) {
      case 'POST /sql':
        return handleSql(request, response);
      case 'GET /__stats':
        return sendJson(response, 200, stats);
      case 'POST /__stats/reset':
        resetStats();
        return sendJson(response, 200, stats);
      case 'GET /__faults':
      case 'POST /__faults':
        return handleFaults(request, response);
      default:
        return sendJson(response, 404, { message: `no route for ${route}` });
    }
  }

  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => sendError(response, error));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4444, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    connectionString: `postgres://local:local@${host.includes(':') ? `[${host}]` : host}:${port}/commerce`,
    port,
    backend,
    stats: () => ({ ...stats }),
    resetStats,
    lastRequest: () => lastRequest,
    setDelay(ms: number) {
      delayMs = ms;
    },
    setFault(fault: Fault) {
      if (!faults) throw new Error('this server has no fault switch');
      faults.set(fault);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await backend.close();
    },
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(new BadRequest('request body too large'));
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function parseBody(text: string): Statement | { queries: Statement[] } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new BadRequest('request body is not valid JSON');
  }
  if (typeof body === 'object' && body !== null && 'queries' in body) {
    const { queries } = body;
    if (!Array.isArray(queries)) throw new BadRequest('"queries" must be an array');
    return { queries: queries.map(parseStatement) };
  }
  return parseStatement(body);
}

function parseStatement(value: unknown): Statement {
  if (typeof value !== 'object' || value === null) throw new BadRequest('a query must be an object');
  const { query, params = [] } = value as { query?: unknown; params?: unknown };
  if (typeof query !== 'string') throw new BadRequest('"query" must be a string');
  if (!Array.isArray(params)) throw new BadRequest('"params" must be an array');
  return { query, params: params.map(toPostgresText) };
}

/** Neon's client sends every parameter as Postgres text already (or null); numbers and booleans are accepted too. */
function toPostgresText(value: unknown): string | null {
  if (value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new BadRequest('each parameter must be a string, number, boolean or null');
}

function transactionOptions(request: IncomingMessage): TransactionOptions {
  const level = request.headers['neon-batch-isolation-level'];
  if (level !== undefined && !ISOLATION_LEVELS.has(level as IsolationLevel)) {
    throw new BadRequest(`unknown isolation level ${String(level)}`);
  }
  return {
    isolationLevel: level as IsolationLevel | undefined,
    readOnly: booleanHeader(request, 'neon-batch-read-only'),
    deferrable: booleanHeader(request, 'neon-batch-deferrable'),
  };
}

function booleanHeader(request: IncomingMessage, name: string): boolean | undefined {
  const value = request.headers[name];
  return value === undefined ? undefined : value === 'true';
}

function present(result: TextResult, arrayMode: boolean) {
  const fields = result.fields.map((field) => ({
    ...field,
    tableID: 0,
    columnID: 0,
    dataTypeSize: -1,
    dataTypeModifier: -1,
    format: 'text',
  }));
  const rows = arrayMode
    ? result.rows
    : result.rows.map((row) => Object.fromEntries(row.map((value, i) => [result.fields[i]!.name, value])));
  return { command: result.command, rowCount: result.rowCount, rowAsArray: arrayMode, fields, rows };
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  response.end(payload);
}

/**
 * A Postgres error is a 400 carrying its fields, as Neon answers; a database
 * that cannot be reached is a 503, as a proxy answers an outage; anything
 * else is a 500. A request whose client has gone gets no answer.
 */
function sendError(response: ServerResponse, error: unknown): void {
  if (response.headersSent || response.destroyed) return;
  if (error instanceof BadRequest || error instanceof Forbidden) {
    sendJson(response, error instanceof BadRequest ? 400 : 403, { message: error.message });
    return;
  }
  if (error instanceof DatabaseUnreachable) {
    console.error(`[local-db] ${error.message}`);
    sendJson(response, 503, { message: error.message });
    return;
  }
  const fields = error as Record<string, unknown>;
  if (error instanceof Error && typeof fields.code === 'string' && typeof fields.severity === 'string') {
    const body: Record<string, unknown> = { message: error.message };
    for (const field of ERROR_FIELDS) if (fields[field] !== undefined) body[field] = fields[field];
    sendJson(response, 400, body);
    return;
  }
  console.error('[local-db] internal error:', error);
  response.writeHead(500, { 'content-type': 'text/plain' });
  response.end('internal error in the local database server');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
