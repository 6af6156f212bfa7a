/**
 * Vitest setup file of the worker project: loads the response contract
 * (test/helpers/contract.ts) before the file's first test, under a hook's
 * own timeout, so that fetching and compiling the OpenAPI document (and the
 * Worker's cold start) is not charged to whichever test calls `api()` first.
 */
import { beforeAll } from 'vitest';
import { loadContract } from './contract';

beforeAll(async () => {
  await loadContract();
}, 60_000);
