import { NeonDbError } from '@neondatabase/serverless';
import { ApiError, problemStatus, type ProblemCode } from '../../lib/api-error';

/** The Postgres fields Neon's driver puts on its error, reached through drizzle's `cause`. */
interface PostgresError {
  code: string;
  constraint?: string;
  message: string;
  hint?: string;
  detail?: string;
}

/** SQLSTATE of `api_error(code, message, field)` (drizzle/0005_api_errors_from_sql.sql). */
const API_ERROR_SQLSTATE = 'EC001';

/** `error` and the errors it wraps: drizzle puts the driver's error on `cause`. */
function* errorChain(error: unknown): Generator<Error> {
  for (let current = error, depth = 0; current instanceof Error && depth < 3; current = current.cause, depth++) {
    yield current;
  }
}

function postgresErrorOf(error: unknown): PostgresError | undefined {
  for (const current of errorChain(error)) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return current as unknown as PostgresError;
  }
  return undefined;
}

/**
 * SQLSTATEs that say the database is not there for us right now, rather
 * than that the statement was wrong: Postgres shutting down or restarting
 * (57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now) or
 * out of connections (53300). Class 08 is added by `isUnavailableSqlState`.
 */
const UNAVAILABLE_SQLSTATES: ReadonlySet<string> = new Set(['57P01', '57P02', '57P03', '53300']);

/**
 * Class 08, connection exceptions (connection failure, rejected connection,
 * transaction resolution unknown, ...), is an outage, except 08P01: a
 * protocol violation is a bug on one side of the wire, and a retry would
 * send the same bytes again.
 */
function isUnavailableSqlState(code: string): boolean {
  return UNAVAILABLE_SQLSTATES.has(code) || (code.startsWith('08') && code !== '08P01');
}

/**
 * HTTP statuses of the SQL endpoint (Neon's proxy, or the local server) that
 * mean it could not serve the request now: a 5xx (Neon answers 500 when it
 * cannot reach the compute), a timeout (408) or its rate limit (429). Not
 * 507, Neon's "response is too large", which a retry would meet again, and
 * not the other 4xx (a wrong endpoint or credentials): those stay a logged 500.
 */
function isUnavailableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599 && status !== 507);
}

/** The status in the neon driver's message for a non-400 answer: `Server error (HTTP status 503): ...`. */
const SERVER_ERROR_STATUS = /^Server error \(HTTP status (\d{3})\)/;

/**
 * Whether `error` means the database cannot be reached, refuses
 * connections, or dropped one, rather than that the request was wrong: the
 * outage is not the caller's bug and is worth retrying, so it is a 503 with
 * `Retry-After`, and cached catalog reads may stand in for the answer.
 * Recognised, through drizzle's `cause`: the driver's fetch throwing (it
 * keeps that error as `sourceError`), a non-400 answer of the endpoint that
 * a retry may get past, and the SQLSTATEs above. A 400 without an SQLSTATE
 * (Neon's own refusals of a malformed request) is not one.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (const current of errorChain(error)) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return isUnavailableSqlState(code);
    if (!(current instanceof NeonDbError)) continue;
    if (current.sourceError !== undefined) return true;
    const status = SERVER_ERROR_STATUS.exec(current.message)?.[1];
    return status !== undefined && isUnavailableStatus(Number(status));
  }
  return false;
}

/**
 * How long a client should wait before retrying after a 503, in seconds.
 * Long enough for what usually causes one to pass (a suspended Neon compute
 * waking, a dropped connection replaced, a Postgres restart), short enough
 * that a shopper retrying a checkout with its key is not kept waiting.
 */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** The 503 for a database that is unavailable; names nothing of the database or its error. */
export function databaseUnavailableProblem(): ApiError {
  return new ApiError(
    'service_unavailable',
    'The service cannot reach its database right now. Retry after a short wait; a checkout is safe to retry with the same Idempotency-Key.',
    undefined,
    { 'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS) },
  );
}

/** The SQLSTATE, constraint and detail (`Key (...)=(...) already exists.`) of a database refusal, when `error` is one. */
export function constraintViolation(
  error: unknown,
): { code: string; constraint?: string; detail?: string } | undefined {
  const postgres = postgresErrorOf(error);
  return postgres ? { code: postgres.code, constraint: postgres.constraint, detail: postgres.detail } : undefined;
}

/** Whether `error` is a unique violation, of the named constraint when one is given. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const postgres = postgresErrorOf(error);
  return postgres?.code === '23505' && (constraint === undefined || postgres.constraint === constraint);
}

/**
 * Constraint violations that reach the handler unmapped by a service become
 * a 409 that names no table, column or SQL: the database is the last line of
 * defence, and its refusal is still the caller's problem, not a 500.
 */
export function databaseProblem(error: unknown): ApiError | undefined {
  const postgres = postgresErrorOf(error);
  switch (postgres?.code) {
    case API_ERROR_SQLSTATE:
      return apiErrorRaisedInSql(postgres);
    case '23505':
      return new ApiError('conflict', 'A resource with the same unique value already exists.');
    case '23503':
      return new ApiError(
        'conflict',
        'The resource is referenced by, or refers to, another that does not allow this change.',
      );
    case '23514':
      return new ApiError('conflict', 'The change would break a rule the data must keep.');
    // Text, numbers or dates the database cannot take: a malformed cursor value, a NUL character.
    case '22P02':
    case '22003':
    case '22007':
    case '22008':
    case '22021':
    case '22P05':
      return new ApiError('bad_request', 'A value in the request is not valid for its field.');
    default:
      return undefined;
  }
}

/** A rule a statement checked with `api_error(...)`: its code, message and field, as the SQL wrote them. */
function apiErrorRaisedInSql(postgres: PostgresError): ApiError {
  const code = postgres.hint && postgres.hint in problemStatus ? (postgres.hint as ProblemCode) : 'conflict';
  return new ApiError(
    code,
    postgres.message,
    postgres.detail ? [{ path: postgres.detail, message: postgres.message }] : undefined,
  );
}
