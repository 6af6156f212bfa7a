import { env } from 'cloudflare:workers';
import { describe, expect, it, onTestFinished } from 'vitest';
import { pollUntil } from '../helpers/api';
import { createStoreWithTeam } from '../helpers/auth';
import { beginHeld as begin, type HeldTransaction, insertEventIn } from '../helpers/held-transactions';
import { adminCaller, type AdminCall } from '../helpers/payments';

const onPostgres = env.TEST_DATABASE_BACKEND === 'postgres';
if (!onPostgres) {
  console.info(
    '[skipped] event feed ordering tests need real PostgreSQL (TEST_DATABASE_URL): PGlite runs one transaction at a time, so none overlaps.',
  );
}

interface FeedPage {
  data: { id: string; type: string }[];
  nextCursor: string;
}

async function poll(call: AdminCall, after?: string): Promise<FeedPage> {
  const response = await call('GET', `/events?limit=100${after ? `&after=${after}` : ''}`);
  expect(response.status, await response.clone().text()).toBe(200);
  return response.json<FeedPage>();
}

/** A held transaction rolled back when the test ends, should an assertion fail before it commits. */
async function beginHeld(): Promise<HeldTransaction> {
  const tx = await begin();
  onTestFinished(() => tx.rollback().catch(() => undefined));
  return tx;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls from `after` until a page has `count` events (or 10 s passed): any write still running on the
 * server, of any database, rightly holds the feed back while it runs, so "now" may be a moment later.
 */
const pollFor = (count: number, call: AdminCall, after: string) =>
  pollUntil(
    () => poll(call, after),
    (page) => page.data.length >= count,
    10_000,
    20,
  );

describe.runIf(onPostgres)('the event feed under overlapping commits (real PostgreSQL only; skipped on PGlite)', () => {
  it('holds back an event behind a transaction still running, then gives both in order', async () => {
    const team = await createStoreWithTeam();
    const call = adminCaller(team.store.slug, team.tokens.owner);
    const start = await poll(call);
    expect(start.data).toEqual([]);

    const t1 = await beginHeld();
    const a = await insertEventIn(t1, team.store.id, 'order.created');
    const t2 = await beginHeld();
    const b = await insertEventIn(t2, team.store.id, 'order.paid');
    await t2.commit();

    // B committed, but T1 (older) still runs: B must not pass the cursor ahead of A.
    const held = await poll(call, start.nextCursor);
    expect(held).toEqual({ data: [], nextCursor: start.nextCursor });

    await t1.commit();
    const both = await pollFor(2, call, held.nextCursor);
    expect(both.data.map((event) => event.id)).toEqual([a, b]);
    expect(await poll(call, both.nextCursor)).toEqual({ data: [], nextCursor: both.nextCursor });
  });

  it('a poller polling throughout sees every event of many overlapping writers, once each, in the feed’s order', async () => {
    const team = await createStoreWithTeam();
    const call = adminCaller(team.store.slug, team.tokens.owner);
    const WRITERS = 12;
    const EVENTS_EACH = 4;
    const written: string[] = [];
    let writing = true;

    const writer = async (n: number) => {
      await sleep((n * 37) % 60);
      const tx = await beginHeld();
      for (let k = 0; k < EVENTS_EACH; k++) {
        written.push(await insertEventIn(tx, team.store.id, k % 2 ? 'order.paid' : 'order.created'));
        await sleep((n * 13 + k * 7) % 25);
      }
      // Commit in an order other than the one they started in.
      await sleep(((WRITERS - n) * 23) % 90);
      await tx.commit();
    };

    const seen: string[] = [];
    // Polls until the writers are done, it has seen as many events as they wrote, and one poll after
    // that found nothing more. Not "until quiet": any transaction of the server still running (another
    // database's, too) holds the feed back, rightly, for as long as it runs.
    const poller = async () => {
      let cursor: string | undefined;
      let quietAfterAll = false;
      const giveUpAt = Date.now() + 20_000;
      while (!quietAfterAll && Date.now() < giveUpAt) {
        const all = !writing && seen.length >= written.length;
        const page = await poll(call, cursor);
        seen.push(...page.data.map((event) => event.id));
        if (cursor !== undefined && page.data.length === 0) expect(page.nextCursor).toBe(cursor);
        cursor = page.nextCursor;
        quietAfterAll = all && page.data.length === 0;
        await sleep(10);
      }
    };

    const polling = poller();
    await Promise.all(Array.from({ length: WRITERS }, (_, n) => writer(n)));
    writing = false;
    await polling;

    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...written].sort());
    // What the poller saw, in the order it saw it, is the feed's order from the start.
    const whole = await poll(call);
    expect(seen).toEqual(whole.data.map((event) => event.id));
  });
});
