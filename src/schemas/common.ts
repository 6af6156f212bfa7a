import { z } from '@hono/zod-openapi';
import { problemStatus } from '../lib/api-error';

/** RFC 9457 problem details, the body of every error response. */
export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: '/docs#problem-not_found' }),
    title: z.string().openapi({ example: 'Not found' }),
    status: z.number().int().openapi({ example: 404 }),
    detail: z.string(),
    code: z.enum(Object.keys(problemStatus) as [keyof typeof problemStatus, ...(keyof typeof problemStatus)[]]),
    instance: z.string().openapi({ example: 'urn:request:0193b5d2-7f3a-7c4e-9a41-8d3e2f1b6c5a' }),
    errors: z.array(z.object({ path: z.string().optional(), message: z.string().optional() }).passthrough()).optional(),
  })
  .openapi('Problem');

/** OpenAPI response entries for problem+json answers, from status to description. */
export function problemResponses<S extends number>(descriptions: Record<S, string>) {
  const entries = Object.entries(descriptions).map(([status, description]) => [
    status,
    { description: description as string, content: { 'application/problem+json': { schema: ProblemSchema } } },
  ]);
  return Object.fromEntries(entries) as Record<
    S,
    { description: string; content: { 'application/problem+json': { schema: typeof ProblemSchema } } }
  >;
}

/** A 400 of a route that takes a JSON body: Hono refuses one that does not parse before validation runs. */
export const malformedBody = { 400: 'The request body is not valid JSON' } as const;

/** The answers of the tenancy guard, common to every admin route, and the 400 of a malformed request. */
export const adminProblems = problemResponses({
  400: 'A request body that is not valid JSON (routes that take one), or a cursor this API did not give out (lists)',
  401: 'No credentials, or an invalid, expired or revoked token or API key',
  403: 'The caller’s role or the key’s scopes do not grant this route’s permission',
  404: 'No such store for this caller, or no such resource in it',
  422: 'A field of the request is invalid',
});

/** A JSON request or response body of `schema`, for `createRoute`. */
export function jsonContent<T>(schema: T) {
  return { content: { 'application/json': { schema } } };
}

/**
 * A query flag: `true` or `false` in the URL, a boolean to the handler. The
 * document types it as the boolean it means (a query string carries a
 * boolean's text), so generated clients take `true`, not `"true"`.
 */
export const BooleanFlag = z
  .enum(['true', 'false'])
  .transform((value) => value === 'true')
  .openapi({ type: 'boolean' });
