/**
 * Vitest global setup: builds the app's OpenAPI document once per run, in
 * Node (`scripts/openapi.ts`, as `npm run openapi` does), and provides it to
 * every test file, whose response contract (test/helpers/contract.ts) is
 * compiled from it. Building it in each file's fresh Worker instead cost some
 * 3 s per file. The Worker's own `GET /openapi.json` is the same document
 * without examples, from the same code; test/worker/platform.test.ts checks it.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

export default async function setup({ provide }: TestProject): Promise<void> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/openapi.ts'], {
    maxBuffer: 64 * 1024 * 1024,
  });
  provide('openApiDocument', stdout);
}
