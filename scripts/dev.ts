/**
 * `npm run dev`: the database and the Worker together, on this machine.
 *
 * Resolves the database (scripts/database-target.ts: embedded PGlite unless
 * DATABASE_URL says otherwise), applies pending migrations, seeds the demo
 * stores into an empty database, then runs `wrangler dev` on 127.0.0.1:8787
 * pointed at it. Ctrl-C or SIGTERM stops both.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { neon } from '@neondatabase/serverless';
import { getDatabase } from '../src/db/client.ts';
import { resolveDatabaseTarget } from './database-target.ts';
import { migrate } from './migrate.ts';
import { seedDemoData } from './seed.ts';

const API_HOST = '127.0.0.1';
const API_PORT = Number(process.env.PORT ?? 8787);

/** First run: `.dev.vars` from the example, with a JWT secret of its own. */
function ensureDevVars(): void {
  if (existsSync('.dev.vars')) return;
  const example = readFileSync('.dev.vars.example', 'utf8');
  writeFileSync('.dev.vars', example.replace(/^JWT_SECRET=.*$/m, `JWT_SECRET=${randomBytes(32).toString('base64url')}`));
  console.log('[dev] wrote .dev.vars from .dev.vars.example');
}

async function isEmpty(databaseUrl: string): Promise<boolean> {
  const [row] = await neon(databaseUrl)`SELECT NOT EXISTS (SELECT 1 FROM stores) AS empty`;
  return row?.empty === true;
}

async function waitForHealth(child: ChildProcess): Promise<boolean> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      const response = await fetch(`http://${API_HOST}:${API_PORT}/health`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return false;
}

ensureDevVars();
const target = await resolveDatabaseTarget();
console.log(`[dev] database: ${target.description}`);
const applied = await migrate(target.url);
if (applied) console.log(`[dev] applied ${applied} migration(s)`);
if (await isEmpty(target.url)) {
  const { created } = await seedDemoData(getDatabase(target.url));
  console.log(`[dev] seeded demo stores: ${created.join(', ')}`);
}

const wranglerBin = createRequire(import.meta.url).resolve('wrangler/bin/wrangler.js');
const wrangler = spawn(
  process.execPath,
  [wranglerBin, 'dev', '--ip', API_HOST, '--port', String(API_PORT), '--var', `DATABASE_URL:${target.url}`, '--var', 'ENVIRONMENT:development'],
  { stdio: 'inherit', env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } },
);

let stopping = false;
async function stop(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    if (wrangler.exitCode === null) {
      wrangler.kill('SIGTERM');
      const killer = setTimeout(() => wrangler.kill('SIGKILL'), 5000);
      await new Promise((resolve) => wrangler.once('exit', resolve));
      clearTimeout(killer);
    }
    await target.close();
  }
  process.exit(code);
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
wrangler.on('exit', (code) => void stop(code ?? 1));

if (await waitForHealth(wrangler)) {
  console.log(`\n[dev] API   http://${API_HOST}:${API_PORT}\n[dev] docs  http://${API_HOST}:${API_PORT}/docs\n[dev] Ctrl-C stops the API and the database.\n`);
}
