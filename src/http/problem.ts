import type { Context } from 'hono';
import { type ApiError, type Problem, problemTitles } from '../lib/api-error';

/** The problem+json response for `error`, with the request id as `instance`. */
export function problemResponse(c: Context, error: ApiError): Response {
  const problem: Problem = {
    type: `/docs#problem-${error.code}`,
    title: problemTitles[error.code],
    status: error.status,
    detail: error.detail,
    code: error.code,
    instance: `urn:request:${c.get('requestId') ?? 'unknown'}`,
    ...(error.errors ? { errors: error.errors } : {}),
  };
  return c.body(JSON.stringify(problem), error.status, {
    'content-type': 'application/problem+json',
    ...error.headers,
  });
}
