import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { carts, refreshTokens } from '../../src/db/schema';
import { uuidv7 } from '../../src/lib/ids';
import { expireCarts, REFRESH_TOKEN_RETENTION_DAYS } from '../../src/services/scheduled';
import { createTestUser } from '../helpers/auth';
import { createTestStore, testDb } from '../helpers/stores';
import { runCron } from '../helpers/scheduled';

describe('scheduled housekeeping', () => {
  it('expires active carts past their expiry, and only those, idempotently', async () => {
    const store = await createTestStore();
    const db = testDb();
    const now = new Date();
    const minutes = (n: number) => new Date(now.getTime() + n * 60_000);
    const rows = [
      { id: uuidv7(), status: 'active', expiresAt: minutes(-10) },
      { id: uuidv7(), status: 'active', expiresAt: minutes(10) },
      { id: uuidv7(), status: 'converted', expiresAt: minutes(-10) },
      { id: uuidv7(), status: 'active', expiresAt: null },
    ] as const;
    await db.insert(carts).values(rows.map((row) => ({ ...row, storeId: store.id, currency: 'USD' })));

    await runCron(now, '*/5 * * * *');
    await runCron(now, '*/5 * * * *');

    const after = await db
      .select({ id: carts.id, status: carts.status })
      .from(carts)
      .where(eq(carts.storeId, store.id));
    const statusOf = (id: string) => after.find((cart) => cart.id === id)?.status;
    expect(rows.map((row) => statusOf(row.id))).toEqual(['expired', 'active', 'converted', 'active']);
  });

  it('works through a backlog in bounded batches', async () => {
    const store = await createTestStore();
    const db = testDb();
    const past = new Date(Date.now() - 60_000);
    await db
      .insert(carts)
      .values(Array.from({ length: 5 }, () => ({ id: uuidv7(), storeId: store.id, currency: 'USD', expiresAt: past })));
    // Other tests' carts may be due too, so count only this store's.
    const activeLeft = async () =>
      (await db.select().from(carts).where(eq(carts.storeId, store.id))).filter((cart) => cart.status === 'active')
        .length;
    let runs = 0;
    while ((await activeLeft()) > 0 && runs < 50) {
      expect(await expireCarts(db, new Date(), 2)).toBeLessThanOrEqual(2);
      runs++;
    }
    expect(await activeLeft()).toBe(0);
    expect(runs).toBeGreaterThanOrEqual(3);
  });

  it('purges refresh tokens expired longer than the retention, and keeps the rest', async () => {
    const user = await createTestUser();
    const now = new Date();
    const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);
    const rows = [
      daysAgo(REFRESH_TOKEN_RETENTION_DAYS + 1),
      daysAgo(REFRESH_TOKEN_RETENTION_DAYS - 1),
      daysAgo(-30),
    ].map((expiresAt) => {
      const id = uuidv7();
      return { id, userId: user.id, tokenHash: `hash-${id}`, familyId: id, expiresAt };
    });
    await testDb().insert(refreshTokens).values(rows);
    await runCron(now, '*/5 * * * *');
    const left = await testDb()
      .select({ id: refreshTokens.id })
      .from(refreshTokens)
      .where(eq(refreshTokens.userId, user.id));
    expect(left.map((row) => row.id).sort()).toEqual([rows[1]!.id, rows[2]!.id].sort());
  });
});
