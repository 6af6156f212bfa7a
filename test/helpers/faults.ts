import { env } from 'cloudflare:workers';
import { onTestFinished } from 'vitest';

/** A fault of the local database server's switch (scripts/local-db/faults.ts); no count: until switched off. */
export type DatabaseFault = { mode: 'refuse' | 'reset' | 'drop-answer'; count?: number } | { mode: 'off' };

/** The switch sits beside the counters on the local server. */
function faultsUrl(): string {
  return new URL('/__faults', env.LOCAL_DB_STATS_URL).toString();
}

async function setFault(fault: DatabaseFault): Promise<void> {
  const response = await fetch(faultsUrl(), { method: 'POST', body: JSON.stringify(fault) });
  if (!response.ok) throw new Error(`the fault switch answered ${response.status}: ${await response.text()}`);
}

/**
 * Makes the next requests to the database fail (see DatabaseFault), and
 * switches the fault off when the test finishes, passed or failed, so that
 * no other test meets it.
 */
export async function armDatabaseFault(fault: DatabaseFault): Promise<void> {
  onTestFinished(() => setFault({ mode: 'off' }));
  await setFault(fault);
}

/** The database is back: requests to it are served again. */
export function clearDatabaseFault(): Promise<void> {
  return setFault({ mode: 'off' });
}
