import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { runBatch, runStatement } from '../../src/db/sql/batch';
import { insertEvents } from '../../src/db/sql/ledgers';
import { preparedStatement, statement } from '../../src/db/sql/statement';
import { uuidv7 } from '../../src/lib/ids';
import { countRoundTrips } from '../helpers/api';
import { createTestStore, testDb } from '../helpers/stores';

describe('src/db/sql', () => {
  it('renders a prepared statement once and binds each call’s own values', async () => {
    let builds = 0;
    const sum = preparedStatement<{ a: number; b: number }, { total: number }>(({ a, b }) => {
      builds++;
      return sql`SELECT (${a}::int + ${b}::int) AS total`;
    });
    const first = sum({ a: 1, b: 2 });
    const second = sum({ a: 40, b: 2 });
    expect(first.render().text).toBe(second.render().text);
    expect(second.render().params).toEqual([40, 2]);
    expect(builds).toBe(1);
    const [one] = await runStatement(testDb(), first);
    const [two] = await runStatement(testDb(), second);
    expect([one?.total, two?.total]).toEqual([3, 42]);
  });

  it('runs a batch in one round trip and answers each statement’s rows by name, lists included', async () => {
    const { requests, result } = await countRoundTrips(() =>
      runBatch(testDb(), {
        first: statement<{ n: number }>(sql`SELECT 1 AS n`),
        several: [statement<{ n: number }>(sql`SELECT 2 AS n`), statement<{ n: number }>(sql`SELECT 3 AS n`)],
        last: statement<{ word: string }>(sql`SELECT 'done' AS word`),
      }),
    );
    expect(requests).toBe(1);
    expect(result.first).toEqual([{ n: 1 }]);
    expect(result.several).toEqual([[{ n: 2 }], [{ n: 3 }]]);
    expect(result.last).toEqual([{ word: 'done' }]);
  });

  it('rolls the whole batch back when a statement fails', async () => {
    const store = await createTestStore();
    const db = testDb();
    const aggregateId = uuidv7();
    const event = insertEvents({
      storeId: store.id,
      type: 'test.rolled_back',
      aggregateType: 'test',
      aggregateId,
      payload: { why: 'the next statement fails' },
    });
    await expect(runBatch(db, { event, fail: sql`SELECT 1 / 0` })).rejects.toThrow();
    const rows = await runStatement(db, statement(sql`SELECT id FROM events WHERE aggregate_id = ${aggregateId}`));
    expect(rows).toEqual([]);
  });

  it('writes ledger rows with the columns the Drizzle table names, values cast to their types', async () => {
    const store = await createTestStore();
    const db = testDb();
    const aggregateId = uuidv7();
    const written = insertEvents(
      {
        storeId: store.id,
        type: sql`'test.' || kind`,
        aggregateType: 'test',
        aggregateId,
        payload: sql`jsonb_build_object('kind', kind)`,
      },
      sql`(VALUES ('one'), ('two')) AS source (kind)`,
    );
    expect(statement(written).render().text).toMatch(
      /^INSERT INTO "events" \("id", "store_id", "type", "aggregate_type", "aggregate_id", "payload"\)/,
    );
    await runStatement(db, statement(written));
    const rows = await runStatement(
      db,
      statement<{ type: string; payload: { kind: string } }>(
        sql`SELECT type, payload FROM events WHERE aggregate_id = ${aggregateId} ORDER BY type`,
      ),
    );
    expect(rows).toEqual([
      { type: 'test.one', payload: { kind: 'one' } },
      { type: 'test.two', payload: { kind: 'two' } },
    ]);
  });
});
