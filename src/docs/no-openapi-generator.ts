import type { ZodType } from 'zod';

/**
 * `@asteasolutions/zod-to-openapi` in the deployed Worker (wrangler.toml
 * [alias]; `wrangler dev` too). @hono/zod-openapi builds the OpenAPI
 * document with it, and records every route and schema for that; the
 * Worker never builds the document (Node writes it to public/openapi.json,
 * served as a static asset), so it needs only what routing and validation
 * call: a registry that keeps nothing, and `.openapi()` on every schema
 * answering the schema itself. About 8 KiB gzipped of the bundle budget.
 * The tests and every Node script use the real package (the vitest plugin
 * does not apply wrangler's aliases), and `npm run check:walkthrough` runs
 * the Worker built with this one.
 */

export class OpenAPIRegistry {
  readonly definitions: never[] = [];
  register<T>(_refId: string, schema: T): T {
    return schema;
  }
  registerParameter<T>(_refId: string, schema: T): T {
    return schema;
  }
  registerPath(): void {}
  registerWebhook(): void {}
  registerComponent<T>(_type: string, _name: string, component: T): { name: string; ref: T } {
    return { name: _name, ref: component };
  }
}

/** The Worker has no document to build: where it would, /openapi.json answers from the static asset instead. */
class NoDocument {
  generateDocument(): never {
    throw new Error('This build has no OpenAPI generator: the document is public/openapi.json.');
  }
}
export { NoDocument as OpenApiGeneratorV3, NoDocument as OpenApiGeneratorV31 };

export function extendZodWithOpenApi(zod: { ZodType: { prototype: object } }): void {
  const prototype = zod.ZodType.prototype as { openapi?: unknown };
  prototype.openapi ??= function openapi(this: ZodType) {
    return this;
  };
}

export function getOpenApiMetadata(): { _internal?: { refId?: string } } {
  return {};
}
