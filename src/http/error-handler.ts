import type { Context, ErrorHandler, MiddlewareHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../env';
import { databaseProblem, databaseUnavailableProblem, isDatabaseUnavailable } from '../db/sql/errors';
import { problemResponse } from './problem';
import { ApiError } from '../lib/api-error';

/**
 * Turns every thrown error into problem+json. Expected failures are
 * `ApiError`s; database constraint violations are mapped in one place; a
 * database that cannot be reached is a logged 503 with `Retry-After`;
 * anything else is logged with the request id and answered with a generic
 * 500 that carries no message, SQL, stack or path.
 */
export const handleError: ErrorHandler<AppEnv> = (error, c) => {
  if (error instanceof ApiError) return problemResponse(c, error);
  if (error instanceof HTTPException) return problemResponse(c, fromHttpException(error));
  const mapped = databaseProblem(error);
  if (mapped) return problemResponse(c, mapped);
  if (isDatabaseUnavailable(error)) {
    logDatabaseUnavailable(c, error);
    return problemResponse(c, databaseUnavailableProblem());
  }
  logUnexpected(c, error);
  return problemResponse(
    c,
    new ApiError('internal_error', 'An unexpected error occurred. Quote the request id when reporting it.'),
  );
};

/** An unknown route is a 404 problem like any other. */
export const handleNotFound: NotFoundHandler<AppEnv> = (c) =>
  problemResponse(c, new ApiError('not_found', `No route matches ${c.req.method} ${new URL(c.req.url).pathname}.`));

/** Hono raises these itself, for example when a JSON body does not parse. */
function fromHttpException(error: HTTPException): ApiError {
  switch (error.status) {
    case 400:
      return new ApiError(
        'bad_request',
        /json/i.test(error.message) ? 'The request body is not valid JSON.' : 'The request is malformed.',
      );
    case 401:
      return new ApiError('unauthorized', 'Authentication is required.');
    case 413:
      return new ApiError('payload_too_large', 'The request body is too large.');
    case 415:
      return new ApiError('unsupported_media_type', 'The request body has an unsupported content type.');
    default:
      return new ApiError(
        error.status >= 500 ? 'internal_error' : 'bad_request',
        'The request could not be processed.',
      );
  }
}

/**
 * Hono hands only `Error`s to `onError` and rethrows anything else thrown;
 * this outermost middleware gives those the same generic, logged 500.
 */
export function catchNonErrors(): MiddlewareHandler<AppEnv> {
  return async function catchNonErrorsMiddleware(c, next) {
    try {
      await next();
    } catch (thrown) {
      if (thrown instanceof Error) throw thrown;
      c.res = await handleError(new Error(`non-Error thrown: ${String(thrown)}`), c);
    }
  };
}

/** What every error line says of its request. */
function requestFields(c: Context<AppEnv>) {
  return { level: 'error', requestId: c.get('requestId'), method: c.req.method, path: c.req.path };
}

/**
 * One JSON line for an outage. Only the driver's own account is logged (its
 * message and SQLSTATE, and the network error beneath it): never the failed
 * query, whose parameters may hold emails, hashes or tokens, nor a stack,
 * which says nothing about an outage.
 */
function logDatabaseUnavailable(c: Context<AppEnv>, error: Error): void {
  const driverError = error.cause instanceof Error && (error as { query?: unknown }).query ? error.cause : error;
  const source = (driverError as { sourceError?: unknown }).sourceError;
  console.error(
    JSON.stringify({
      ...requestFields(c),
      code: 'service_unavailable',
      message: 'database unavailable',
      cause: {
        name: driverError.name,
        message: driverError.message,
        code: (driverError as { code?: unknown }).code,
        source: source instanceof Error ? source.message : undefined,
      },
    }),
  );
}

/** The stack's `at ...` lines only: its first line repeats the message. */
function stackFrames(error: Error): string[] {
  return (error.stack ?? '')
    .split('\n')
    .filter((line) => line.trimStart().startsWith('at '))
    .map((line) => line.trim());
}

/**
 * One JSON line for the logs. A failed drizzle query's message embeds its
 * parameters (emails, hashes, tokens), so for those only the SQL text and
 * the database's own error are logged.
 */
function logUnexpected(c: Context<AppEnv>, error: Error): void {
  const query = (error as { query?: unknown }).query;
  const cause =
    error.cause instanceof Error
      ? { message: error.cause.message, code: (error.cause as { code?: unknown }).code }
      : undefined;
  const message = typeof query === 'string' ? 'database query failed' : error.message;
  console.error(
    JSON.stringify({
      ...requestFields(c),
      name: error.name,
      message,
      query,
      cause,
      frames: stackFrames(error),
    }),
  );
}
