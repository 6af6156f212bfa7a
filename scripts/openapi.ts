/**
 * `npm run openapi`: writes the Worker's OpenAPI document, exactly as
 * `GET /openapi.json` serves it, to the file given (or to stdout). The lint
 * steps and the typed client are generated from it, with no server running.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

// Imported by a path the script type-check does not follow: src/ is checked
// with the Workers types (tsconfig.json), which this Node config does not load.
const appModule: string = '../src/app.ts';
const { buildOpenApiDocument, createApp } = (await import(appModule)) as {
  createApp(): unknown;
  buildOpenApiDocument(app: unknown): object;
};

const text = `${JSON.stringify(buildOpenApiDocument(createApp()), null, 2)}\n`;
const file = process.argv[2];
if (file) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
} else process.stdout.write(text);
