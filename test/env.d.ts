import type { Bindings } from '../src/env';

declare global {
  namespace Cloudflare {
    interface Env extends Bindings {
      /** The local Neon-protocol server's counters; bound only in tests. */
      LOCAL_DB_STATS_URL: string;
    }
    interface GlobalProps {
      mainModule: typeof import('../src/index');
    }
  }
}
