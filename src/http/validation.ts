import type { Hook } from '@hono/zod-openapi';
import { ApiError, type FieldProblem } from '../lib/api-error';

type Issue = { path: readonly PropertyKey[]; message: string; code?: string };

/** `items[0].quantity` style paths, readable in a client's form errors. */
function pathOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)),
    '',
  );
}

/**
 * The validation hook of every route: a request that fails its zod schema is a
 * 422 `validation_failed` listing each field problem, with where it was found
 * (`json`, `query`, `param`, `header`), and the handler never runs.
 */
// Typed for any env: every route group, whatever its variables, shares this hook.
// biome-ignore lint/suspicious/noExplicitAny: Hook's env parameter must accept every route group's env.
export const validationHook: Hook<unknown, any, string, unknown> = (result) => {
  if (result.success) {
    refuseNul(result.data, result.target);
    return;
  }
  const issues = (result.error as { issues: Issue[] }).issues;
  const errors: FieldProblem[] = issues.map((issue) => ({
    in: result.target,
    path: pathOf(issue.path),
    message: issue.message,
    code: issue.code,
  }));
  throw new ApiError(
    'validation_failed',
    `The request ${result.target === 'json' ? 'body' : result.target} has ${errors.length} invalid field(s).`,
    errors,
  );
};

/** Where in `value` a string holds a NUL character, if one does. */
function nulPath(value: unknown, path: PropertyKey[] = []): PropertyKey[] | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\u0000')) return [...path, key];
    const found = nulPath(item, [...path, Array.isArray(value) ? Number(key) : key]);
    if (found) return found;
  }
  return undefined;
}

/**
 * PostgreSQL's text cannot hold a NUL character (\u0000): every string of
 * every request is refused here, naming its field, instead of by the database,
 * which could not say which field it was.
 */
function refuseNul(data: unknown, target: string): void {
  const path = nulPath(data);
  if (!path) return;
  throw new ApiError(
    'validation_failed',
    `The request ${target === 'json' ? 'body' : target} has 1 invalid field(s).`,
    [{ in: target, path: pathOf(path), message: 'No NUL (\\u0000) characters.', code: 'invalid_string' }],
  );
}
