import { dereference, encodePointer, type OutputUnit, type Schema, validate } from '@cfworker/json-schema';
import { inject } from 'vitest';

/**
 * The response contract: every answer the suite receives is checked against
 * the response schema that the app's own OpenAPI document gives for its
 * operation and status, so SQL that renames a key, or a route that answers
 * a status it does not declare, fails the test that provoked it.
 *
 * Response objects are checked as closed: a key the document does not name
 * is drift too (the published document leaves them open, as zod objects do,
 * so that clients tolerate additions; the API itself must send only what it
 * documents). Without that, renaming an optional key would pass unseen.
 */

const DOCUMENT_URL = 'https://api.test/openapi.json';
const COMPONENTS = '#/components/schemas/';
/** Open copies of the component schemas, for use as `allOf` branches (which must not close the whole). */
const OPEN_COMPONENTS = '#/components/x-open-schemas/';
const JSON_MEDIA_TYPES = new Set(['application/json', 'application/problem+json']);
/** Answers with no body by definition: only their status is checked. */
const BODILESS_STATUSES = new Set([204, 304]);
/** Served by the app but outside the document: the document itself. (/docs is a static asset, not the Worker's.) */
const UNDOCUMENTED = new Set(['GET /openapi.json', 'HEAD /openapi.json']);
const ERRORS_SHOWN = 5;

type MediaTypes = Record<string, { schema?: Schema; example?: unknown; examples?: unknown }>;

interface Operation {
  method: string;
  template: string;
  /** Its operationId, else its summary, for messages. */
  name: string;
  /** Literal segments, or null where the template has a parameter. */
  segments: (string | null)[];
  responses: Record<string, { content?: MediaTypes }>;
}

interface Contract {
  operations: Operation[];
  problem: Schema;
  lookup: Record<string, Schema | boolean>;
}

interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      {
        operationId?: string;
        summary?: string;
        requestBody?: { content?: MediaTypes };
        responses?: Operation['responses'];
      }
    >
  >;
  components: { schemas: Record<string, Schema> } & Record<string, unknown>;
}

let contract: Promise<Contract> | undefined;

/** The app's own document, built once per run by the global setup (test/setup/openapi-document.ts), compiled once per file. */
export function loadContract(): Promise<Contract> {
  contract ??= Promise.resolve().then(() => compile(JSON.parse(inject('openApiDocument')) as OpenApiDocument));
  return contract;
}

function compile(document: OpenApiDocument): Contract {
  dropExamples(document);
  const schemas = document.components.schemas;
  const open: Record<string, Schema> = {};
  for (const [name, schema] of Object.entries(schemas)) {
    open[name] = structuredClone(schema);
    closeObjects(open[name], true);
    closeObjects(schema, false);
  }
  document.components['x-open-schemas'] = open;
  const operations: Operation[] = [];
  for (const [template, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const responses = operation.responses ?? {};
      for (const response of Object.values(responses)) {
        for (const media of Object.values(response.content ?? {})) if (media.schema) closeObjects(media.schema, false);
      }
      operations.push({
        method: method.toUpperCase(),
        template,
        name: operation.operationId ?? operation.summary ?? '',
        segments: template.split('/').map((segment) => (/^\{[^}]+\}$/.test(segment) ? null : segment)),
        responses,
      });
    }
  }
  const problem = schemas.Problem;
  if (!problem) throw new Error('the document has no Problem schema');
  // The whole document is one schema resource, so `#/components/...` refs resolve wherever they appear.
  const lookup = dereference(document as unknown as Schema, Object.create(null), new URL(DOCUMENT_URL));
  return { operations, problem, lookup };
}

/**
 * Drops the whole-body examples of request and response bodies: they are
 * data, not schemas, and `dereference` would read the `id` of an example
 * (a cart, an order) as a schema's id.
 */
export function dropExamples(document: Pick<OpenApiDocument, 'paths'>): void {
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item)) {
      for (const body of [operation.requestBody, ...Object.values(operation.responses ?? {})]) {
        for (const media of Object.values(body?.content ?? {})) {
          delete media.example;
          delete media.examples;
        }
      }
    }
  }
}

/**
 * Closes every object schema that lists its properties and says nothing of
 * others (`unevaluatedProperties: false`, which sees through `allOf` and
 * `$ref`). A direct `allOf` branch stays open, since it describes only part
 * of the object, and its refs point at the open copies of the components.
 */
function closeObjects(schema: Schema | boolean | undefined, isBranch: boolean): void {
  if (!schema || typeof schema !== 'object') return;
  if (isBranch && schema.$ref?.startsWith(COMPONENTS)) schema.$ref = schema.$ref.replace(COMPONENTS, OPEN_COMPONENTS);
  const describesObject = schema.properties !== undefined || schema.allOf !== undefined;
  if (
    !isBranch &&
    describesObject &&
    schema.additionalProperties === undefined &&
    schema.unevaluatedProperties === undefined
  ) {
    schema.unevaluatedProperties = false;
  }
  for (const property of Object.values(schema.properties ?? {})) closeObjects(property, false);
  for (const branch of schema.allOf ?? []) closeObjects(branch, true);
  for (const alternative of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) closeObjects(alternative, false);
  for (const item of schema.prefixItems ?? []) closeObjects(item, false);
  if (!Array.isArray(schema.items)) closeObjects(schema.items, false);
  if (typeof schema.additionalProperties === 'object') closeObjects(schema.additionalProperties, false);
  closeObjects(schema.not, false);
}

/**
 * The operation a request reaches: same method, a template whose literal
 * segments match, preferring at each segment a literal over a parameter
 * (`/products/search` before `/products/{id}`), as Hono's router does.
 */
function operationFor(operations: Operation[], method: string, pathname: string): Operation | undefined {
  const segments = pathname.split('/');
  const lookupMethod = method === 'HEAD' ? 'GET' : method;
  const candidates = operations.filter(
    (operation) =>
      operation.method === lookupMethod &&
      operation.segments.length === segments.length &&
      operation.segments.every((literal, index) =>
        literal === null ? segments[index] !== '' : literal === segments[index],
      ),
  );
  return candidates.sort((a, b) => specificity(b) - specificity(a))[0];
}

/** Literal segments earlier in the path weigh more than any number of later ones. */
function specificity(operation: Operation): number {
  return operation.segments.reduce((score, literal) => score * 2 + (literal === null ? 0 : 1), 0);
}

const AGGREGATE_KEYWORDS = new Set(['$ref', 'properties', 'allOf', 'anyOf', 'oneOf', 'items', 'prefixItems', 'false']);
const CLOSED_KEYWORDS = new Set(['unevaluatedProperties', 'additionalProperties']);

/**
 * The schema errors worth reading, as `location: message` lines: the
 * leaves, not the "a subschema had errors" above them, and an undocumented
 * key said plainly. A documented key whose value failed is also reported
 * by `unevaluatedProperties` (it did not evaluate); that echo is dropped.
 */
function readableErrors(errors: OutputUnit[]): string[] {
  const leaves = errors.filter((error) => !AGGREGATE_KEYWORDS.has(error.keyword));
  const lines: string[] = [];
  for (const error of leaves) {
    if (!CLOSED_KEYWORDS.has(error.keyword)) {
      lines.push(`${error.instanceLocation}: ${error.error}`);
      continue;
    }
    const key = /^Property "(.*)" does not match/.exec(error.error)?.[1] ?? '?';
    const location = `${error.instanceLocation}/${encodePointer(key)}`;
    const failedInside = leaves.some(
      (other) =>
        other !== error && (other.instanceLocation === location || other.instanceLocation.startsWith(`${location}/`)),
    );
    if (!failedInside) lines.push(`${location}: "${key}" is a key the document does not name.`);
  }
  return lines;
}

export class ContractError extends Error {
  override name = 'ContractError';
}

/** What the checker needs of the request: its method and URL (the body may already be consumed). */
export interface RequestLine {
  method: string;
  url: string;
}

/**
 * Checks `response`, the answer to `request`, against the document: its
 * status must be one its operation declares, and a JSON body must match the
 * schema declared for that status and media type. A request no operation
 * matches must be answered with a problem. Reads a clone: the body stays
 * readable. Throws a `ContractError` naming what drifted.
 */
export async function checkResponse(request: RequestLine, response: Response): Promise<void> {
  const { pathname } = new URL(request.url);
  const method = request.method.toUpperCase();
  // CORS preflights are answered by the CORS middleware, for every path, and carry no body.
  if (method === 'OPTIONS' || UNDOCUMENTED.has(`${method} ${pathname}`)) return;
  const { operations, problem, lookup } = await loadContract();
  const operation = operationFor(operations, method, pathname);
  const mediaType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const target = operation ? `"${operation.name}" (${operation.method} ${operation.template})` : 'no operation';
  const where = `${method} ${pathname} → ${target}, status ${response.status}`;
  const fail = (reason: string): never => {
    throw new ContractError(`Response contract broken: ${where}: ${reason}`);
  };

  let schema: Schema | undefined;
  if (!operation) {
    if (mediaType !== 'application/problem+json') fail(`an unknown route must answer a problem, not '${mediaType}'`);
    schema = problem;
  } else {
    const declared = operation.responses[String(response.status)] ?? operation.responses.default;
    if (!declared) {
      const statuses = Object.keys(operation.responses).join(', ');
      fail(`the operation does not declare this status (it declares ${statuses})`);
    }
    if (BODILESS_STATUSES.has(response.status) || method === 'HEAD') return;
    const content = declared!.content ?? {};
    if (!(mediaType in content)) {
      const declaredTypes = Object.keys(content).join(', ') || 'no body';
      fail(`answered '${mediaType || 'no content type'}', but the document declares ${declaredTypes}`);
    }
    if (!JSON_MEDIA_TYPES.has(mediaType)) return;
    schema = content[mediaType]!.schema;
    if (!schema) return;
  }

  const text = await response.clone().text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    fail(`the body is not JSON: ${text.slice(0, 200)}`);
  }
  const result = validate(body, schema, '2020-12', lookup, false);
  if (result.valid) return;
  const lines = readableErrors(result.errors);
  const more = lines.length > ERRORS_SHOWN ? `\n  ... and ${lines.length - ERRORS_SHOWN} more` : '';
  fail(
    `the body does not match its schema:\n${lines
      .slice(0, ERRORS_SHOWN)
      .map((line) => `  ${line}`)
      .join('\n')}${more}`,
  );
}

/** `response`, once checked against the contract of `request`'s operation. */
export async function checked(request: RequestLine, response: Response | Promise<Response>): Promise<Response> {
  const answer = await response;
  await checkResponse(request, answer);
  return answer;
}
