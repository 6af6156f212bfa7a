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

function postgresErrorOf(error: unknown): PostgresError | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 3; current = current.cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return current as unknown as PostgresError;
  }
  return undefined;
}

/** The SQLSTATE and constraint of a database refusal, when `error` is one. */
export function constraintViolation(error: unknown): { code: string; constraint?: string } | undefined {
  const postgres = postgresErrorOf(error);
  return postgres ? { code: postgres.code, constraint: postgres.constraint } : undefined;
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
