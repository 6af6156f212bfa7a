import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from '../../src/lib/csv';
import { EXPORT_PAGE_SIZE } from '../../src/services/newsletter/export';
import { api, countRoundTrips, jsonBody } from '../helpers/api';
import { bearer, createStoreWithTeam, createTestApiKey, uniqueEmail } from '../helpers/auth';
import { mailsTo } from '../helpers/mail';
import { insertSubscribers, newsletterEvents, signUpAndMail, subscriberRow, tokenIn } from '../helpers/newsletter';
import { adminCaller } from '../helpers/payments';
import { auditRowsOf, testDb } from '../helpers/stores';

interface Subscriber {
  id: string;
  email: string;
  status: string;
  source: string | null;
  subscribedAt: string;
  confirmedAt: string | null;
  unsubscribedAt: string | null;
}

interface Page {
  data: Subscriber[];
  nextCursor: string | null;
}

/** A store with an owner who calls its admin API, and a subscribed, a pending and a departed address. */
async function storeWithList() {
  const team = await createStoreWithTeam();
  const call = adminCaller(team.store.slug, team.tokens.owner);
  const [subscribed, pending, departed] = [uniqueEmail('sub'), uniqueEmail('pend'), uniqueEmail('gone')];
  for (const [email, source] of [
    [subscribed, 'footer'],
    [pending, 'checkout'],
    [departed, 'footer'],
  ] as const) {
    await signUpAndMail(team.store.slug, email, source);
  }
  const confirm = async (email: string) => {
    const token = tokenIn((await mailsTo(email))[0]!, 'confirm');
    expect((await api(`/v1/stores/${team.store.slug}/newsletter/confirm?token=${token}`)).status).toBe(200);
  };
  await confirm(subscribed);
  await confirm(departed);
  const leave = tokenIn((await mailsTo(departed))[0]!, 'unsubscribe');
  expect((await api(`/v1/stores/${team.store.slug}/newsletter/unsubscribe?token=${leave}`, jsonBody({}))).status).toBe(
    200,
  );
  return { team, call, subscribed, pending, departed };
}

async function readPage(call: ReturnType<typeof adminCaller>, query: string): Promise<Page> {
  const response = await call('GET', `/newsletter/subscribers${query}`);
  expect(response.status, await response.clone().text()).toBe(200);
  return response.json<Page>();
}

/** The CSV's records (a naive split is enough for the test's cells), header first. */
function csvRecords(text: string): string[] {
  expect(text.endsWith('\r\n')).toBe(true);
  return text.slice(0, -2).split('\r\n');
}

describe('newsletter subscribers, as staff see them', () => {
  it('lists newest first, filtered by status, email and source, page by page, each page one round trip', async () => {
    const { team, call, subscribed, pending, departed } = await storeWithList();
    const all = await countRoundTrips(() => call('GET', '/newsletter/subscribers'));
    expect(all.requests).toBe(1);
    const everyone = await all.result.json<Page>();
    expect(everyone.data.map((row) => row.email)).toEqual([departed, pending, subscribed]);
    expect(everyone.data[2]).toMatchObject({ status: 'subscribed', source: 'footer', unsubscribedAt: null });
    expect(everyone.data[2]!.confirmedAt).not.toBeNull();
    expect(everyone.data[0]!.unsubscribedAt).not.toBeNull();

    const emails = async (query: string) => (await readPage(call, query)).data.map((row) => row.email);
    expect(await emails('?status=pending')).toEqual([pending]);
    expect(await emails('?status=subscribed')).toEqual([subscribed]);
    expect(await emails('?status=unsubscribed')).toEqual([departed]);
    expect(await emails('?source=checkout')).toEqual([pending]);
    expect(await emails(`?q=${encodeURIComponent(subscribed.slice(0, 9).toUpperCase())}`)).toEqual([subscribed]);
    expect(await emails('?source=footer&status=subscribed')).toEqual([subscribed]);
    expect(await emails('?q=nobody-has-this')).toEqual([]);

    const first = await readPage(call, '?limit=2');
    expect(first.data.map((row) => row.email)).toEqual([departed, pending]);
    const second = await readPage(call, `?limit=2&cursor=${first.nextCursor}`);
    expect(second.data.map((row) => row.email)).toEqual([subscribed]);
    expect(second.nextCursor).toBeNull();

    for (const query of ['?status=gone', '?limit=0', '?limit=101', '?q=', `?q=${'a'.repeat(255)}`, '?extra=1']) {
      expect((await call('GET', `/newsletter/subscribers${query}`)).status, query).toBe(422);
    }
    expect((await call('GET', '/newsletter/subscribers?cursor=bogus')).status).toBe(400);

    const one = await countRoundTrips(() => call('GET', `/newsletter/subscribers/${everyone.data[1]!.id}`));
    expect(one.requests).toBe(1);
    expect(await one.result.json()).toEqual(everyone.data[1]);
    expect(team.store.id).toBeTruthy();
  });

  it('keeps another store’s subscribers out of sight: 404 to read or unsubscribe them, absent from lists and exports', async () => {
    const { call } = await storeWithList();
    const other = await createStoreWithTeam();
    const stranger = uniqueEmail('elsewhere');
    await signUpAndMail(other.store.slug, stranger);
    const theirs = (await subscriberRow(other.store.id, stranger))!;

    expect((await call('GET', `/newsletter/subscribers/${theirs.id}`)).status).toBe(404);
    expect((await call('POST', `/newsletter/subscribers/${theirs.id}/unsubscribe`)).status).toBe(404);
    expect((await call('GET', `/newsletter/subscribers/${crypto.randomUUID()}`)).status).toBe(404);
    expect((await call('GET', '/newsletter/subscribers/not-a-uuid')).status).toBe(422);
    expect((await readPage(call, `?q=${stranger}`)).data).toEqual([]);
    expect(await (await call('GET', `/newsletter/subscribers.csv?q=${stranger}`)).text()).not.toContain(stranger);
    expect(await subscriberRow(other.store.id, stranger)).toMatchObject({ status: 'pending' });
  });

  it('unsubscribes in one round trip, audited and announced once; again changes nothing', async () => {
    const { team, call, subscribed, pending } = await storeWithList();
    const { id } = (await subscriberRow(team.store.id, subscribed))!;
    const before = (await newsletterEvents(team.store.id)).length;

    const done = await countRoundTrips(() => call('POST', `/newsletter/subscribers/${id}/unsubscribe`));
    expect(done.requests).toBe(1);
    expect(done.result.status).toBe(200);
    const answer = await done.result.json<Subscriber>();
    expect(answer).toMatchObject({ id, status: 'unsubscribed', email: subscribed });
    expect(answer.unsubscribedAt).not.toBeNull();

    const again = await call('POST', `/newsletter/subscribers/${id}/unsubscribe`);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(answer);
    const audits = await auditRowsOf(team.store.id, 'newsletter_subscriber.unsubscribed');
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      entityType: 'newsletter_subscriber',
      entityId: id,
      before: { status: 'subscribed' },
      after: { status: 'unsubscribed' },
    });
    const events = (await newsletterEvents(team.store.id)).slice(before);
    expect(events).toEqual([expect.objectContaining({ type: 'newsletter.unsubscribed' })]);

    // A pending address leaves too: audited, but no event (it was never on the list).
    const { id: pendingId } = (await subscriberRow(team.store.id, pending))!;
    const key = await createTestApiKey(team.store, ['newsletter:write']);
    const withKey = adminCaller(team.store.slug, key.secret);
    expect((await withKey('POST', `/newsletter/subscribers/${pendingId}/unsubscribe`)).status).toBe(200);
    expect(await auditRowsOf(team.store.id, 'newsletter_subscriber.unsubscribed')).toHaveLength(2);
    expect((await newsletterEvents(team.store.id)).slice(before)).toHaveLength(1);
  });
});

describe('the CSV export', () => {
  it('streams a header and every subscriber the filters keep, newest first, in pages of 1,000 (one round trip each)', async () => {
    const team = await createStoreWithTeam();
    const call = adminCaller(team.store.slug, team.tokens.owner);
    const count = EXPORT_PAGE_SIZE * 2 + 345;
    await testDb().execute(sql`INSERT INTO newsletter_subscribers (id, store_id, email, status, source)
      SELECT uuid_v7(), ${team.store.id}, 'bulk-' || n || '@example.test',
        (CASE WHEN n % 3 = 0 THEN 'unsubscribed' ELSE 'subscribed' END)::subscriber_status, 'import'
      FROM generate_series(1, ${count}) AS n`);

    const exported = await countRoundTrips(async () => {
      const response = await call('GET', '/newsletter/subscribers.csv');
      return { response, text: await response.text() };
    });
    const { response, text } = exported.result;
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(response.headers.get('content-disposition')).toMatch(
      new RegExp(`^attachment; filename="newsletter-${team.store.slug}-\\d{4}-\\d{2}-\\d{2}\\.csv"$`),
    );
    expect(exported.requests).toBe(3);
    const [header, ...records] = csvRecords(text);
    expect(header).toBe('id,email,status,source,subscribedAt,confirmedAt,unsubscribedAt');
    expect(records).toHaveLength(count);
    const { rows } = await testDb().execute<{ id: string }>(
      sql`SELECT id FROM newsletter_subscribers WHERE store_id = ${team.store.id} ORDER BY id DESC`,
    );
    expect(records.map((record) => record.split(',')[0])).toEqual(rows.map((row) => row.id));
    expect(records[0]).toMatch(
      /^[0-9a-f-]{36},bulk-\d+@example\.test,(un)?subscribed,import,\d{4}-\d\d-\d\dT[\d:.]+Z,,$/,
    );

    const filtered = await call('GET', '/newsletter/subscribers.csv?status=unsubscribed&q=BULK-3');
    const kept = csvRecords(await filtered.text()).slice(1);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.every((record) => /,bulk-3\d*@example\.test,unsubscribed,/.test(record))).toBe(true);

    // An empty export is the header alone; bad filters are refused before anything is read.
    expect(await (await call('GET', '/newsletter/subscribers.csv?source=nowhere')).text()).toBe(`${header}\r\n`);
    expect((await call('GET', '/newsletter/subscribers.csv?status=maybe')).status).toBe(422);
    expect((await call('GET', '/newsletter/subscribers.csv?limit=5')).status).toBe(422);
  });

  it('quotes cells as RFC 4180 says and defuses what a spreadsheet would run as a formula', async () => {
    const team = await createStoreWithTeam();
    await insertSubscribers(team.store.id, [
      { email: '=cmd@example.test', source: '=HYPERLINK("https://evil.example","x")' },
      { email: '+tag@example.test', source: 'fair, "quoted"\r\nline' },
      { email: '-dash@example.test', source: '@SUM(A1)' },
      { email: 'plain@example.test', source: null },
    ]);
    const response = await api(
      `/v1/admin/stores/${team.store.slug}/newsletter/subscribers.csv`,
      bearer(team.tokens.admin),
    );
    const text = await response.text();
    expect(text).toContain(`,'=cmd@example.test,subscribed,"'=HYPERLINK(""https://evil.example"",""x"")",`);
    expect(text).toContain(`,'+tag@example.test,subscribed,"fair, ""quoted""\r\nline",`);
    expect(text).toContain(`,'-dash@example.test,subscribed,'@SUM(A1),`);
    expect(text).toMatch(/,plain@example\.test,subscribed,,\d{4}-/);

    expect(csvCell(null)).toBe('');
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('a"b')).toBe('"a""b"');
    expect(csvLine(['a', null, '=1'])).toBe("a,,'=1\r\n");
  });
});
