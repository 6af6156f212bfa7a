/**
 * `npm run openapi`: writes the Worker's OpenAPI document, with its examples,
 * to the file given (or to stdout). The lint steps and the typed client are
 * generated from it, with no server running, and scripts/docs-assets.ts
 * serves it as public/openapi.json. The Worker's own `GET /openapi.json`
 * answers the same document without the examples, which its bundle leaves
 * out (src/docs/examples/index.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The document as JSON text, indented, as every copy of it is written. */
export async function openApiText(): Promise<string> {
  // Imported by a path the script type-check does not follow: src/ is checked
  // with the Workers types (tsconfig.json), which this Node config does not load.
  const appModule: string = '../src/app.ts';
  const { buildOpenApiDocument, createApp } = (await import(appModule)) as {
    createApp(): unknown;
    buildOpenApiDocument(app: unknown): object;
  };
  return `${JSON.stringify(buildOpenApiDocument(createApp()), null, 2)}\n`;
}

/** Writes the document to `file`, making its folder. */
export async function writeOpenApi(file: string): Promise<void> {
  const text = await openApiText();
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (file) await writeOpenApi(file);
  else process.stdout.write(await openApiText());
}
