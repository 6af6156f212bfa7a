import type { ViewJson } from '../db/sql/views';

/**
 * A view's JSON with top-level fields that only the Worker knows (a secret
 * shown once, which the database never holds), typed as the view's value
 * with those fields. Fields left `undefined` are left out. The fields are
 * written in before the object's closing brace, rather than the view's
 * text parsed and written again: Postgres built the object, and the view's
 * own fields never share these names.
 */
export function withFields<Value extends object, Extra extends object>(
  json: ViewJson<Value>,
  extra: Extra,
): ViewJson<Value & Extra> {
  const fields = Object.entries(extra)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${JSON.stringify(name)}:${JSON.stringify(value)}`);
  const body = json.trimEnd();
  if (fields.length === 0) return body;
  if (!body.endsWith('}')) throw new Error('withFields: a view answers a JSON object');
  const open = body.slice(0, -1).trimEnd();
  return `${open}${open.endsWith('{') ? '' : ','}${fields.join(',')}}`;
}
