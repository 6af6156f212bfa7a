import { buildOpenApiDocument as buildUndescribed, type OpenApiDocument } from './document';
import { type SchemaDescription, schemaDescriptions } from './schema-descriptions';
import * as descriptions from './descriptions';
import { summaries } from './summaries';

/**
 * The document's texts that the deployed Worker leaves out of its bundle
 * (its `#examples` is a stub: src/docs/no-examples.ts), put into the
 * generated document where the routes and schemas would have put them:
 * operations' summaries (summaries.ts) and long descriptions
 * (descriptions.ts), both by operationId, and schemas' descriptions
 * (schema-descriptions.ts, where `.openapi({ description })` would have
 * put them). The schemas the Worker validates with and its routes carry no
 * documentation text.
 */

type Node = Record<string, unknown>;

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null;

/** The operations of the document by operationId. */
function operationsById(document: OpenApiDocument): Map<string, Node> {
  const operations = new Map<string, Node>();
  for (const item of Object.values(document.paths ?? {}))
    for (const operation of Object.values(item ?? {}))
      if (isNode(operation) && typeof operation.operationId === 'string')
        operations.set(operation.operationId, operation);
  return operations;
}

/** `key` inserted into `node` before the first of `successors` it has (else last), keeping the generator's key order. */
function insertBefore(node: Node, key: string, value: unknown, successors: readonly string[]): void {
  const entries = Object.entries(node).filter(([name]) => name !== key);
  const at = entries.findIndex(([name]) => successors.includes(name));
  entries.splice(at === -1 ? entries.length : at, 0, [key, value]);
  for (const name of Object.keys(node)) delete node[name];
  Object.assign(node, Object.fromEntries(entries));
}

/** A schema's description, as zod-to-openapi writes one: beside a `$ref` it takes an `allOf`. */
function describeSchema(schema: Node, description: SchemaDescription): void {
  const text = typeof description === 'string' ? description : description.text;
  if (typeof schema.$ref === 'string') {
    const ref = schema.$ref;
    delete schema.$ref;
    schema.allOf = [{ $ref: ref }, { description: text }];
    return;
  }
  const afterExample = typeof description !== 'string' && description.afterExample;
  insertBefore(schema, 'description', text, afterExample ? [] : ['example']);
}

/** The node a key names under `root`: `.`-separated property names, `[]` for an array's items, other keywords as written. */
function resolve(root: Node, key: string, where: string): Node {
  let node: unknown = root;
  for (const segment of key === '' ? [] : key.split('.')) {
    if (!isNode(node)) break;
    const properties = node.properties;
    if (segment === '[]') node = node.items;
    else if (isNode(properties) && segment in properties) node = properties[segment];
    else node = node[segment];
  }
  if (!isNode(node)) throw new Error(`schema-descriptions.ts: nothing at ${where} "${key}"`);
  return node;
}

/** A query, path or header parameter: the description goes on the parameter and on its schema. */
function describeParameter(operation: Node, key: string, description: SchemaDescription, where: string): void {
  const [, location, name] = key.split('.');
  const parameters = Array.isArray(operation.parameters) ? (operation.parameters as Node[]) : [];
  const parameter = parameters.find((candidate) => candidate.in === location && candidate.name === name);
  if (!parameter) throw new Error(`schema-descriptions.ts: no parameter ${where} "${key}"`);
  insertBefore(parameter, 'description', typeof description === 'string' ? description : description.text, ['name']);
  if (isNode(parameter.schema)) describeSchema(parameter.schema, description);
}

/** Applies every description; one whose schema or operation is gone is an error, so none is silently lost. */
export function describeSchemas(document: OpenApiDocument): OpenApiDocument {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Node>;
  const operations = operationsById(document);
  for (const [owner, fields] of Object.entries(schemaDescriptions)) {
    const root = schemas[owner] ?? operations.get(owner);
    if (!root) throw new Error(`schema-descriptions.ts: no schema or operation named ${owner}`);
    for (const [key, description] of Object.entries(fields)) {
      if (!schemas[owner] && key.startsWith('parameters.')) describeParameter(root, key, description, owner);
      else describeSchema(resolve(root, key, owner), description);
    }
  }
  return document;
}

/** Every operation's summary, after its tags as createRoute would place it; a summary of no operation is an error. */
export function summarizeOperations(document: OpenApiDocument): OpenApiDocument {
  const operations = operationsById(document);
  for (const [operationId, summary] of Object.entries(summaries)) {
    const operation = operations.get(operationId);
    if (!operation) throw new Error(`summaries.ts: no operation ${operationId}`);
    insertBefore(
      operation,
      'summary',
      summary,
      Object.keys(operation).slice(Object.keys(operation).indexOf('tags') + 1),
    );
  }
  for (const [operationId, operation] of operations)
    if (typeof operation.summary !== 'string') throw new Error(`summaries.ts: no summary for ${operationId}`);
  return document;
}

/**
 * Every operation's long description of descriptions.ts, after its summary,
 * before what the document builder already wrote there (the permission it
 * needs); one of no operation is an error.
 */
export function describeOperations(document: OpenApiDocument): OpenApiDocument {
  const operations = operationsById(document);
  for (const [operationId, description] of Object.entries(descriptions)) {
    const operation = operations.get(operationId);
    if (!operation) throw new Error(`descriptions.ts: no operation ${operationId}`);
    const written = typeof operation.description === 'string' ? operation.description : '';
    // A route that still names its description (a branch from before this file) has it already.
    if (written.startsWith(description)) continue;
    const keys = Object.keys(operation);
    const text = written ? `${description}\n\n${written}` : description;
    insertBefore(operation, 'description', text, keys.slice(keys.indexOf('summary') + 1));
  }
  return document;
}

/** The OpenAPI document (src/docs/document.ts) with its summaries, its operations' and its schemas' descriptions. */
export const buildOpenApiDocument: typeof buildUndescribed = (app) =>
  describeSchemas(describeOperations(summarizeOperations(buildUndescribed(app))));
