/**
 * `npm run dev`: the database and the Worker together, on this machine.
 *
 * Writes the reference's static assets (scripts/docs-assets.ts: the /docs
 * page's Scalar bundle, and the OpenAPI document with its examples, which
 * the Worker's bundle leaves out), resolves the database
 * (scripts/database-target.ts: embedded PGlite unless DATABASE_URL says
 * otherwise), applies pending migrations, seeds the demo stores into an
 * empty database, then runs `wrangler dev` on 127.0.0.1:8787 pointed at it.
 * Ctrl-C or SIGTERM stops both.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import { sql } from 'drizzle-orm';
import { type DrizzleDatabase, drizzleDatabase } from '../src/db/drizzle.ts';
import { resolveDatabaseTarget, type DatabaseTarget } from './database-target.ts';
import { writeDocsAssets } from './docs-assets.ts';
import { startMailCatcher } from './mail-catcher.ts';
import { migrate } from './migrate.ts';
import { seedDemoData } from './seed.ts';
import { spawnWranglerDev, waitForHealth } from './wrangler-dev.ts';

const API_HOST = '127.0.0.1';
const API_PORT = Number(process.env.PORT ?? 8787);
/** The mail catcher's port (MailHog's habit); when it is taken, any free one. */
const MAIL_CATCHER_PORT = Number(process.env.MAIL_CATCHER_PORT ?? 8025);

const randomKey = () => randomBytes(32).toString('base64url');

/**
 * First run: `.dev.vars` from the example, with secrets of its own. A
 * `.dev.vars` from before PAYMENT_SECRETS_KEY existed gets one added.
 */
function ensureDevVars(): void {
  if (existsSync('.dev.vars')) {
    const vars = readFileSync('.dev.vars', 'utf8');
    if (!/^PAYMENT_SECRETS_KEY=/m.test(vars))
      writeFileSync('.dev.vars', `${vars.trimEnd()}\nPAYMENT_SECRETS_KEY=${randomKey()}\n`);
    return;
  }
  const example = readFileSync('.dev.vars.example', 'utf8');
  writeFileSync(
    '.dev.vars',
    example
      .replace(/^JWT_SECRET=.*$/m, `JWT_SECRET=${randomKey()}`)
      .replace(/^PAYMENT_SECRETS_KEY=.*$/m, `PAYMENT_SECRETS_KEY=${randomKey()}`),
  );
  console.log('[dev] wrote .dev.vars from .dev.vars.example');
}

async function isEmpty(db: DrizzleDatabase): Promise<boolean> {
  const { rows } = await db.execute<{ empty: boolean }>(sql`SELECT NOT EXISTS (SELECT 1 FROM stores) AS empty`);
  return rows[0]?.empty === true;
}

/** wrangler's own line per request, e.g. `[wrangler:info] GET /health 200 OK (3ms)`, colours aside. */
const WRANGLER_REQUEST_LINE = /^\[wrangler:info\] [A-Z]+ \S+ \d{3} /;

/**
 * Passes wrangler's output through, but for its line per request: the
 * Worker's own JSON access line (src/http/access-log.ts) says the same and more.
 */
function printWithoutRequestLines(output: Readable): void {
  createInterface({ input: output, crlfDelay: Number.POSITIVE_INFINITY }).on('line', (line) => {
    if (!WRANGLER_REQUEST_LINE.test(stripVTControlCharacters(line))) process.stdout.write(`${line}\n`);
  });
}

/** Everything `stop` must undo, filled in as it starts. */
let target: DatabaseTarget | undefined;
let mailCatcher: Awaited<ReturnType<typeof startMailCatcher>> | undefined;
let wrangler: ChildProcess | undefined;
let wranglerExited: Promise<unknown> = Promise.resolve();
let stopping = false;

async function stop(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    if (wrangler && wrangler.exitCode === null && wrangler.signalCode === null) {
      wrangler.kill('SIGTERM');
      const killer = setTimeout(() => wrangler?.kill('SIGKILL'), 5000);
      await wranglerExited;
      clearTimeout(killer);
    }
    await target?.close();
    await mailCatcher?.close();
  }
  process.exit(code);
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
// `npm run` passes a SIGTERM to its shell, which dies without passing it on:
// when our parent goes, we go too, rather than leave the API and database running.
const parent = process.ppid;
setInterval(() => process.ppid !== parent && void stop(0), 500).unref();

try {
  ensureDevVars();
  await writeDocsAssets();
  target = await resolveDatabaseTarget();
  console.log(`[dev] database: ${target.description}`);
  const applied = await migrate(target.url);
  if (applied) console.log(`[dev] applied ${applied} migration(s)`);
  const db = drizzleDatabase(target.url);
  if (await isEmpty(db)) {
    const { created } = await seedDemoData(db);
    console.log(`[dev] seeded demo stores: ${created.join(', ')}`);
  }
} catch (error) {
  console.error('[dev] could not prepare the database:', error instanceof Error ? error.message : error);
  await stop(1);
}

const mailVars: string[] = [];
if (process.env.MAIL_CATCHER !== 'off') {
  // On its usual port, or on any free one when that is taken.
  const apiKey = `catcher_${randomKey()}`;
  mailCatcher = await startMailCatcher({ port: MAIL_CATCHER_PORT, apiKey }).catch(() =>
    startMailCatcher({ port: 0, apiKey }),
  );
  mailVars.push('--var', `MAIL_API_URL:${mailCatcher.url}`, '--var', `MAIL_API_KEY:${apiKey}`);
}

// Over the embedded database, wrangler keeps its local state (the Cache API's
// catalog entries, rate limits) beside it, so a fresh database never meets
// another database's cached answers, and deleting one folder resets both.
const persistTo = target!.pgliteDir ? ['--persist-to', `${target!.pgliteDir}.wrangler`] : [];
wrangler = spawnWranglerDev({
  port: API_PORT,
  databaseUrl: target!.url,
  environment: 'development',
  stdio: ['inherit', 'pipe', 'inherit'],
  extraArgs: [...persistTo, ...mailVars],
  // Piped to drop its request lines (below), wrangler would print without colours.
  env: process.stdout.isTTY ? { FORCE_COLOR: '1' } : {},
});
printWithoutRequestLines(wrangler.stdout!);
wranglerExited = new Promise((resolve) => wrangler!.once('exit', resolve));
wrangler.once('exit', (code) => void stop(code ?? 1));

if (await waitForHealth(`http://${API_HOST}:${API_PORT}`, wrangler)) {
  console.log(
    `\n[dev] API   http://${API_HOST}:${API_PORT}\n[dev] docs  http://${API_HOST}:${API_PORT}/docs${
      mailCatcher ? `\n[dev] mail  ${mailCatcher.url} (every mail sent; JSON at ${mailCatcher.url}/emails?to=)` : ''
    }\n[dev] Ctrl-C stops the API and the database.\n`,
  );
}
