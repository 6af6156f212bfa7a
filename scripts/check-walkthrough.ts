/**
 * `npm run check:walkthrough`: runs README.md's walkthrough, as a reader
 * pasting it would, against a fresh `npm run dev`. Its shell blocks between
 * `<!-- walkthrough -->` and `<!-- /walkthrough -->` run in order in one bash,
 * which stops at the first failure; curl fails on an HTTP error (with the
 * answer's body shown), so every step must succeed, not just run.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { startDevServer } from './dev-server.ts';

const readme = readFileSync('README.md', 'utf8');
const section = readme.match(/<!-- walkthrough -->([\s\S]*?)<!-- \/walkthrough -->/)?.[1];
if (!section) throw new Error('README.md has no <!-- walkthrough --> section');
const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1]!);
if (blocks.length === 0) throw new Error('the walkthrough has no sh blocks');

const script = [
  'set -euo pipefail',
  // `curl` fails on an HTTP error status, and shows the problem it got even where its output is captured.
  'curl() { local out; if ! out=$(command curl --fail-with-body "$@"); then echo "$out" >&2; return 22; fi; printf "%s\\n" "$out"; }',
  // Each README line is printed as it is read, above its output.
  'set -v',
  ...blocks,
].join('\n');

const server = await startDevServer();
try {
  console.log(`walkthrough: ${blocks.length} blocks against ${server.url}`);
  const run = spawnSync('bash', ['-c', script], {
    stdio: 'inherit',
    env: { ...process.env, PORT: String(server.port) },
  });
  if (run.status !== 0) {
    console.error(`walkthrough failed (exit ${run.status}); npm run dev printed:\n${server.output()}`);
    process.exitCode = 1;
  } else console.log('walkthrough: every step succeeded');
} finally {
  await server.stop();
}
