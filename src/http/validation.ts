import type { Hook } from '@hono/zod-openapi';
import { ApiError, type FieldProblem } from '../lib/api-error';
import { NO_NUL, nulPath } from '../lib/nul';

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

/** A NUL character anywhere in what the schema accepted is refused too, naming its field (lib/nul.ts). */
function refuseNul(data: unknown, target: string): void {
  const path = nulPath(data);
  if (!path) return;
  throw new ApiError(
    'validation_failed',
    `The request ${target === 'json' ? 'body' : target} has 1 invalid field(s).`,
    [{ in: target, path: pathOf(path), message: NO_NUL, code: 'invalid_string' }],
  );
}
