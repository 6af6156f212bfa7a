/**
 * `npm run dev` as a child of a check script: on free ports, over a fresh
 * embedded database in a temporary folder, in its own process group so that
 * stopping it stops wrangler, workerd and the database server too.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.ts';
import { waitForHealth } from './wrangler-dev.ts';

export interface DevServer {
  url: string;
  port: number;
  /** Everything the server printed so far, for a failure's report. */
  output(): string;
  stop(): Promise<void>;
}

export async function startDevServer(): Promise<DevServer> {
  const port = await freePort();
  const databasePort = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'dev-server-'));
  // PGlite in one folder of it, wrangler's local state in another (scripts/dev.ts).
  const pgliteDir = join(dataDir, 'pglite');
  const child = spawn('npm', ['run', 'dev'], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: String(port), LOCAL_DB_PORT: String(databasePort), PGLITE_DIR: pgliteDir },
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(-child.pid!, 'SIGTERM');
      const killer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  if (!(await waitForHealth(url, child, 180_000))) {
    await stop();
    throw new Error(`npm run dev did not answer /health:\n${output}`);
  }
  return { url, port, output: () => output, stop };
}
