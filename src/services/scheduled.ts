import type { Bindings } from '../env';

export async function runScheduledJobs(_env: Bindings, _now: Date): Promise<void> {}
