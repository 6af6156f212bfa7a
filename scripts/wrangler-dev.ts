import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface WranglerDevOptions {
  port: number;
  /** The Worker's DATABASE_URL binding, overriding .dev.vars. */
  databaseUrl: string;
  environment: string;
  stdio: StdioOptions;
  extraArgs?: string[];
  /** Added to the environment wrangler inherits. */
  env?: Record<string, string>;
}

/** wrangler's own bin script, to run with this project's Node (22) rather than through npx. */
export function wranglerBin(): string {
  const wranglerPackage = createRequire(import.meta.url).resolve('wrangler/package.json');
  return join(dirname(wranglerPackage), 'bin', 'wrangler.js');
}

/** `wrangler dev` on 127.0.0.1 with this project's Node (22), offline-friendly. */
export function spawnWranglerDev(options: WranglerDevOptions): ChildProcess {
  const args = [
    'dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--var',
    `DATABASE_URL:${options.databaseUrl}`,
    '--var',
    `ENVIRONMENT:${options.environment}`,
  ];
  return spawn(process.execPath, [wranglerBin(), ...args, ...(options.extraArgs ?? [])], {
    stdio: options.stdio,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', ...options.env },
  });
}

/** Polls `/health` until it answers 200; false if the child exits or the time runs out first. */
export async function waitForHealth(baseUrl: string, child: ChildProcess, timeoutMs = 90_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && child.exitCode === null && child.signalCode === null) {
    try {
      const response = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return false;
}
