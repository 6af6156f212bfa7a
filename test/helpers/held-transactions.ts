import { env } from 'cloudflare:workers';

/** A transaction held open on the test's Postgres by test/setup/held-transactions.ts, ended when the test says. */
export interface HeldTransaction {
  query<Row>(text: string, values?: unknown[]): Promise<Row[]>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

async function call<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${env.TEST_HELD_TX_URL}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`held transaction ${path}: ${response.status} ${await response.text()}`);
  return response.json<T>();
}

/** Opens a transaction (BEGIN) on its own connection. Real PostgreSQL only. */
export async function beginHeld(): Promise<HeldTransaction> {
  const { tx } = await call<{ tx: string }>('/begin');
  return {
    query: async (text, values = []) => (await call<{ rows: never[] }>(`/${tx}/query`, { text, values })).rows,
    commit: async () => void (await call(`/${tx}/commit`)),
    rollback: async () => void (await call(`/${tx}/rollback`)),
  };
}

/** Writes an event of `type` for `storeId` inside `tx` and answers its id (the txid is `tx`'s). */
export async function insertEventIn(tx: HeldTransaction, storeId: string, type: string): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO events (store_id, type, aggregate_type, aggregate_id, payload)
     VALUES ($1, $2, 'test', gen_random_uuid(), '{}'::jsonb) RETURNING id`,
    [storeId, type],
  );
  return row!.id;
}
