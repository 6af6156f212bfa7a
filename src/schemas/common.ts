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

/**
 * Several whole-body examples of one schema, by name, for `jsonContent` or
 * `problemResponses`: a reference offers a choice between them (OpenAPI's
 * `examples`, where a single one is `example`).
 */
export class NamedExamples<T> {
  constructor(readonly named: Record<string, { summary: string; value: T }>) {}
}

/** One whole-body example, or several by name. */
export type Example<T> = T | NamedExamples<T>;

/** An OpenAPI media type object: a schema, with its example or examples. */
type MediaType<S, T> = { schema: S; example?: T; examples?: NamedExamples<T>['named'] };

function mediaType<S, T>(schema: S, example: Example<T> | undefined): MediaType<S, T> {
  const media: MediaType<S, T> = { schema };
  if (example instanceof NamedExamples) media.examples = example.named;
  else if (example !== undefined) media.example = example;
  return media;
}

/** A problem+json body, as `http/problem.ts` answers it. */
export type ProblemBody = z.input<typeof ProblemSchema>;

/** A problem answer: what it means, and optionally an example of it. */
type ProblemAnswer = string | { description: string; example: Example<ProblemBody> };

/** OpenAPI response entries for problem+json answers, from status to description (and example). */
export function problemResponses<S extends number>(answers: Record<S, ProblemAnswer>) {
  const entries = Object.entries<ProblemAnswer>(answers).map(([status, answer]) => {
    const { description, example } = typeof answer === 'string' ? { description: answer, example: undefined } : answer;
    return [status, { description, content: { 'application/problem+json': mediaType(ProblemSchema, example) } }];
  });
  return Object.fromEntries(entries) as Record<
    S,
    { description: string; content: { 'application/problem+json': MediaType<typeof ProblemSchema, ProblemBody> } }
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

/**
 * A JSON request or response body of `schema`, for `createRoute`, with a
 * whole-body example (or several, by name) for references to show and lint
 * to check. The example is typed as what the schema accepts (zod's input):
 * for a request body, what a client sends; response schemas transform
 * nothing, so for them it is also what the view answers.
 */
export function jsonContent<S extends z.ZodType>(schema: S, example?: Example<NoInfer<z.input<S>>>) {
  return { content: { 'application/json': mediaType(schema, example) } };
}

/**
 * An absolute http(s) URL that a page may link or load: no `javascript:` or
 * `data:` URL, and at most 2048 characters.
 */
export const HttpUrl = z.url({ protocol: /^https?$/ }).max(2048);

/** The first and last instants the database stores as written: the years 0001 to 9999 (UTC). */
const EARLIEST = Date.parse('0001-01-01T00:00:00Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * An instant a request gives, ISO 8601 with its offset. Within the years 0001
 * to 9999 in UTC: the database has no year 0, and writes earlier ones as BC.
 */
export const Instant = z.iso
  .datetime({ offset: true })
  .refine((value) => Date.parse(value) >= EARLIEST && Date.parse(value) <= LATEST, 'In the years 0001 to 9999 (UTC).');

/**
 * A query flag: `true` or `false` in the URL, a boolean to the handler. The
 * document types it as the boolean it means (a query string carries a
 * boolean's text), so generated clients take `true`, not `"true"`.
 */
export const BooleanFlag = z
  .enum(['true', 'false'])
  .transform((value) => value === 'true')
  .openapi({ type: 'boolean' });

/**
 * Whether a decimal number is a whole number of `1 / unitsPerOne` (100: at
 * most two decimals), allowing for binary floating point (8.875 × 10,000).
 */
export const inWholeUnitsOf = (unitsPerOne: number) => (value: number) =>
  Math.abs(value * unitsPerOne - Math.round(value * unitsPerOne)) < 1e-6;
