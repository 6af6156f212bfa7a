import type { ViewJson } from '../db/sql/views';

/**
 * A view's JSON with top-level fields that only the Worker knows (a secret
 * shown once, which the database never holds): the view's text parsed,
 * extended and written again, typed as the view's value with those fields.
 * Fields left `undefined` are left out.
 */
export function withFields<Value extends object, Extra extends object>(
  json: ViewJson<Value>,
  extra: Extra,
): ViewJson<Value & Extra> {
  return JSON.stringify({ ...JSON.parse(json), ...extra });
}
