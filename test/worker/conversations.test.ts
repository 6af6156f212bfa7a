import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { countRoundTrips, expectProblem } from '../helpers/api';
import { createStoreWithTeam, createTestApiKey } from '../helpers/auth';
import {
  conversationStore,
  customersOf,
  inboundBody,
  type Message,
  messageCount,
  postInbound,
  storeEvents,
} from '../helpers/conversations';
import { adminCaller, type AdminCall } from '../helpers/payments';
import { testDb } from '../helpers/stores';

interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

interface Conversation {
  customer: { id: string; name: string | null; phone: string | null; email: string | null };
  lastMessage: Message;
  unreadCount: number;
}

const MARTIN = { phone: '+5493415550987', channelUserId: '5493415550987', name: 'Martín Sosa' };

async function receive(call: AdminCall, body: unknown, status = 201): Promise<Message> {
  const response = await postInbound(call, body);
  expect(response.status, await response.clone().text()).toBe(status);
  return response.json<Message>();
}

async function send(call: AdminCall, customerId: string, body: unknown): Promise<Message> {
  const response = await call('POST', `/customers/${customerId}/messages`, body);
  expect(response.status, await response.clone().text()).toBe(201);
  return response.json<Message>();
}

async function readPage<T>(call: AdminCall, path: string): Promise<Page<T>> {
  const response = await call('GET', path);
  expect(response.status, await response.clone().text()).toBe(200);
  return response.json<Page<T>>();
}

describe('inbound messages', () => {
  it('make an unknown sender a customer, in one round trip, with customer.created and message.received', async () => {
    const { store, call } = await conversationStore();
    const body = inboundBody(MARTIN, {
      type: 'image',
      text: '',
      metadata: { mediaUrl: 'https://media.example.com/1.jpg', caption: null, sizes: [1, 2] },
      sentAt: '2026-11-01T13:04:11Z',
    });
    const { result, requests } = await countRoundTrips(() => postInbound(call, body));
    expect(result.status, await result.clone().text()).toBe(201);
    expect(requests).toBe(1);
    const message = await result.json<Message>();
    expect(message).toMatchObject({
      direction: 'inbound',
      channel: 'whatsapp',
      type: 'image',
      text: '',
      metadata: body.metadata,
      channelMessageId: body.channelMessageId,
      readAt: null,
      sender: null,
    });
    expect(new Date(message.createdAt).toISOString()).toBe('2026-11-01T13:04:11.000Z');

    const [customer] = await customersOf(store.id);
    expect(customer).toMatchObject({
      id: message.customerId,
      phone: MARTIN.phone,
      name: MARTIN.name,
      channel_ids: { whatsapp: MARTIN.channelUserId },
    });
    const created = await storeEvents(store.id, 'customer.created');
    expect(created.map((event) => event.payload)).toEqual([
      { customerId: customer!.id, email: null, name: MARTIN.name, phone: MARTIN.phone, source: 'chat' },
    ]);
    const received = await storeEvents(store.id, 'message.received');
    expect(received).toHaveLength(1);
    expect(received[0]!.aggregate_id).toBe(message.id);
    expect(received[0]!.payload).toMatchObject({
      messageId: message.id,
      customerId: customer!.id,
      channel: 'whatsapp',
      direction: 'inbound',
      type: 'image',
      text: '',
      channelMessageId: body.channelMessageId,
      to: null,
      metadata: body.metadata,
    });
  });

  it('match a known sender by their id on the channel, else by phone, and fill in what the customer lacks', async () => {
    const { store, call } = await conversationStore();
    const first = await receive(call, inboundBody({ channelUserId: MARTIN.channelUserId }));
    // By channel id, now with a phone and a name: the customer gains them.
    const second = await receive(call, inboundBody(MARTIN));
    expect(second.customerId).toBe(first.customerId);
    // By phone, on another channel: the customer gains their id there too.
    const third = await receive(call, inboundBody({ phone: MARTIN.phone }, { channel: 'sms' }));
    expect(third.customerId).toBe(first.customerId);
    const telegram = await receive(
      call,
      inboundBody({ phone: MARTIN.phone, channelUserId: '@martinsosa', name: 'Tincho' }, { channel: 'telegram' }),
    );
    expect(telegram.customerId).toBe(first.customerId);
    expect(await customersOf(store.id)).toEqual([
      {
        id: first.customerId,
        phone: MARTIN.phone,
        // What the customer had stays: the first name is kept.
        name: MARTIN.name,
        channel_ids: { whatsapp: MARTIN.channelUserId, telegram: '@martinsosa' },
      },
    ]);
    expect(await storeEvents(store.id, 'customer.created')).toHaveLength(1);
    expect(await storeEvents(store.id, 'message.received')).toHaveLength(4);

    // The same channel id on another channel is someone else; so is an unknown phone.
    const stranger = await receive(call, inboundBody({ channelUserId: MARTIN.channelUserId }, { channel: 'discord' }));
    const other = await receive(call, inboundBody({ phone: '+5491100000000' }));
    expect(new Set([first.customerId, stranger.customerId, other.customerId]).size).toBe(3);
  });

  it('match a customer staff recorded, and are recorded for a blocked customer too', async () => {
    const { store, call } = await conversationStore();
    const staffMade = await call('POST', '/customers', { name: 'Martín', phone: MARTIN.phone, email: 'm@example.com' });
    expect(staffMade.status).toBe(201);
    const { id } = await staffMade.json<{ id: string }>();
    expect((await call('POST', `/customers/${id}/block`, { reason: 'Rechazó envíos.' })).status).toBe(200);
    const message = await receive(call, inboundBody({ phone: MARTIN.phone, name: 'Otro nombre' }));
    expect(message.customerId).toBe(id);
    expect(await customersOf(store.id)).toEqual([expect.objectContaining({ id, name: 'Martín', channel_ids: {} })]);
  });

  it('are recorded once per channel message id: a redelivery answers 200 with the first row and changes nothing', async () => {
    const { store, call } = await conversationStore();
    const body = inboundBody(MARTIN);
    const first = await receive(call, body);
    const { result, requests } = await countRoundTrips(() =>
      postInbound(call, { ...body, text: 'A changed body', from: { phone: '+5491100000001' } }),
    );
    expect(result.status, await result.clone().text()).toBe(200);
    expect(requests).toBe(1);
    expect(await result.json<Message>()).toEqual(first);
    expect(await messageCount(store.id)).toBe(1);
    expect(await customersOf(store.id)).toHaveLength(1);
    expect(await storeEvents(store.id, 'message.received')).toHaveLength(1);
    // The same id on another channel is another message.
    await receive(call, { ...body, channel: 'telegram' });
    expect(await messageCount(store.id)).toBe(2);
  });

  it('take an API key with messages:write (two round trips: the key, then the message); one without it is 403', async () => {
    const team = await createStoreWithTeam();
    const key = await createTestApiKey(team.store, ['messages:write']);
    const integration = adminCaller(team.store.slug, key.secret);
    const { result, requests } = await countRoundTrips(() => postInbound(integration, inboundBody(MARTIN)));
    expect(result.status, await result.clone().text()).toBe(201);
    expect(requests).toBe(2);
    const readOnly = await createTestApiKey(team.store, ['messages:read', 'customers:write']);
    await expectProblem(
      await postInbound(adminCaller(team.store.slug, readOnly.secret), inboundBody(MARTIN)),
      403,
      'forbidden',
    );
    expect(await messageCount(team.store.id)).toBe(1);
  });

  it('refuse malformed input with a 4xx naming the field, and record nothing', async () => {
    const { store, call } = await conversationStore();
    const valid = inboundBody(MARTIN);
    const cases: [unknown, string][] = [
      [{ ...valid, channel: 'fax' }, 'channel'],
      [{ ...valid, channel: undefined }, 'channel'],
      [{ ...valid, channelMessageId: '' }, 'channelMessageId'],
      [{ ...valid, channelMessageId: '   ' }, 'channelMessageId'],
      [{ ...valid, channelMessageId: 'x'.repeat(201) }, 'channelMessageId'],
      [{ ...valid, channelMessageId: 42 }, 'channelMessageId'],
      [{ ...valid, channelMessageId: undefined }, 'channelMessageId'],
      [{ ...valid, from: {} }, 'from'],
      [{ ...valid, from: { name: 'Only a name' } }, 'from'],
      [{ ...valid, from: 'Martín' }, 'from'],
      [{ ...valid, from: { phone: '3415550987' } }, 'from.phone'],
      [{ ...valid, from: { phone: '+54 abc' } }, 'from.phone'],
      [{ ...valid, from: { channelUserId: '' } }, 'from.channelUserId'],
      [{ ...valid, from: { channelUserId: 'x'.repeat(101) } }, 'from.channelUserId'],
      [{ ...valid, from: { ...MARTIN, name: 'x'.repeat(201) } }, 'from.name'],
      [{ ...valid, from: { ...MARTIN, email: 'm@example.com' } }, 'from'],
      [{ ...valid, text: '' }, 'text'],
      [{ ...valid, text: '   ' }, 'text'],
      [{ ...valid, text: 'x'.repeat(4097) }, 'text'],
      [{ ...valid, text: 'nul \u0000 here' }, 'text'],
      [{ ...valid, text: 7 }, 'text'],
      [{ ...valid, type: 'sticker' }, 'type'],
      [{ ...valid, metadata: [] }, 'metadata'],
      [{ ...valid, metadata: 'x' }, 'metadata'],
      [{ ...valid, metadata: null }, 'metadata'],
      [{ ...valid, metadata: { blob: 'x'.repeat(16 * 1024) } }, 'metadata'],
      [{ ...valid, metadata: { a: { b: { c: { d: { e: { f: { g: { h: { i: 1 } } } } } } } } } }, 'metadata'],
      [{ ...valid, metadata: { 'k\u0000': 1 } }, 'metadata'],
      [{ ...valid, metadata: { k: ['\u0000'] } }, 'metadata'],
      [{ ...valid, sentAt: 'yesterday' }, 'sentAt'],
      [{ ...valid, sentAt: '2026-12-21T13:04:11' }, 'sentAt'],
      [{ ...valid, extra: true }, ''],
    ];
    for (const [body, path] of cases) {
      const problem = await expectProblem(await postInbound(call, body), 422, 'validation_failed');
      const paths = problem.errors?.map((error) => error.path ?? '');
      expect(
        paths?.some((found) => (path === '' ? true : found === path || found.startsWith(`${path}.`))),
        `${JSON.stringify(body).slice(0, 200)} → ${JSON.stringify(paths)}`,
      ).toBe(true);
    }
    const notJson = await call('POST', '/messages/inbound', undefined, { 'content-type': 'application/json' });
    expect(notJson.status).toBeGreaterThanOrEqual(400);
    expect(notJson.status).toBeLessThan(500);
    expect(await messageCount(store.id)).toBe(0);
    expect(await customersOf(store.id)).toEqual([]);
  });

  it('keep a future sentAt as now, and deep but small metadata as given', async () => {
    const { call } = await conversationStore();
    const before = Date.now();
    const message = await receive(
      call,
      inboundBody(MARTIN, {
        sentAt: '2099-01-01T00:00:00Z',
        metadata: { a: { b: { c: { d: { e: { f: { g: { h: 1 } } } } } } }, emoji: '🧥', quote: '"\\u0000"' },
      }),
    );
    expect(new Date(message.createdAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(new Date(message.createdAt).getTime()).toBeLessThan(Date.now() + 60_000);
    expect(message.metadata).toMatchObject({ emoji: '🧥', quote: '"\\u0000"' });
  });
});

describe('outbound messages', () => {
  it('go on the channel of the latest inbound message, to the customer there, with message.outbound; one round trip', async () => {
    const { team, store, call } = await conversationStore();
    const first = await receive(call, inboundBody({ phone: MARTIN.phone }));
    await receive(call, inboundBody({ phone: MARTIN.phone, channelUserId: '@martinsosa' }, { channel: 'telegram' }));
    const { result, requests } = await countRoundTrips(() =>
      call('POST', `/customers/${first.customerId}/messages`, { text: '¡Hola! Sí, hay talle L.' }),
    );
    expect(result.status, await result.clone().text()).toBe(201);
    expect(requests).toBe(1);
    const reply = await result.json<Message>();
    expect(reply).toMatchObject({
      customerId: first.customerId,
      direction: 'outbound',
      channel: 'telegram',
      type: 'text',
      text: '¡Hola! Sí, hay talle L.',
      metadata: {},
      channelMessageId: null,
      readAt: null,
      sender: { type: 'user', id: team.users.owner.id },
    });
    // On WhatsApp, where they have no id, their phone is where it goes.
    const onWhatsApp = await send(call, first.customerId, {
      channel: 'whatsapp',
      type: 'image',
      text: '',
      metadata: { mediaUrl: 'https://media.example.com/buzo.jpg' },
    });
    const events = await storeEvents(store.id, 'message.outbound');
    expect(events.map((event) => event.payload)).toEqual([
      expect.objectContaining({ messageId: reply.id, channel: 'telegram', direction: 'outbound', to: '@martinsosa' }),
      {
        messageId: onWhatsApp.id,
        customerId: first.customerId,
        channel: 'whatsapp',
        direction: 'outbound',
        type: 'image',
        text: '',
        channelMessageId: null,
        to: MARTIN.phone,
        metadata: { mediaUrl: 'https://media.example.com/buzo.jpg' },
        createdAt: expect.any(String),
      },
    ]);
  });

  it('name the channel in a 422 when there is none to take or no one to reach there, and 404 for another store’s customer', async () => {
    const { store, call } = await conversationStore();
    const made = await call('POST', '/customers', { email: 'lucia@example.com' });
    const { id } = await made.json<{ id: string }>();
    await expectProblem(
      await call('POST', `/customers/${id}/messages`, { text: 'Hola' }),
      422,
      'validation_failed',
      'channel',
    );
    await expectProblem(
      await call('POST', `/customers/${id}/messages`, { text: 'Hola', channel: 'whatsapp' }),
      422,
      'validation_failed',
      'channel',
    );
    // Email reaches her by her email.
    expect((await send(call, id, { text: 'Hola', channel: 'email' })).channel).toBe('email');

    const other = await conversationStore();
    const theirs = await receive(other.call, inboundBody(MARTIN));
    await expectProblem(
      await call('POST', `/customers/${theirs.customerId}/messages`, { text: 'Hola', channel: 'whatsapp' }),
      404,
      'not_found',
    );
    for (const body of [
      {},
      { text: '' },
      { text: 'x'.repeat(4097) },
      { text: 'a', channel: 'fax' },
      { text: 'a', extra: 1 },
      { text: 'a', metadata: [1] },
      { text: 'a', type: 'sticker' },
    ]) {
      await expectProblem(
        await call('POST', `/customers/${theirs.customerId}/messages`, body),
        422,
        'validation_failed',
      );
    }
    await expectProblem(await call('POST', '/customers/not-a-uuid/messages', { text: 'a' }), 422, 'validation_failed');
    expect(await messageCount(store.id)).toBe(1);
    expect(await storeEvents(store.id, 'message.outbound')).toHaveLength(1);
  });
});

describe('threads', () => {
  it('list a customer’s messages newest first by cursor, in one round trip; another store’s customer is a 404', async () => {
    const { call } = await conversationStore();
    const first = await receive(call, inboundBody(MARTIN, { text: 'uno' }));
    const customerId = first.customerId;
    await send(call, customerId, { text: 'dos' });
    await receive(call, inboundBody(MARTIN, { text: 'tres' }));
    await send(call, customerId, { text: 'cuatro' });
    await receive(call, inboundBody(MARTIN, { text: 'cinco' }));

    const texts: string[] = [];
    let path = `/customers/${customerId}/messages?limit=2`;
    for (;;) {
      const { result, requests } = await countRoundTrips(() => readPage<Message>(call, path));
      expect(requests).toBe(1);
      texts.push(...result.data.map((message) => message.text));
      if (!result.nextCursor) break;
      path = `/customers/${customerId}/messages?limit=2&cursor=${encodeURIComponent(result.nextCursor)}`;
    }
    expect(texts).toEqual(['cinco', 'cuatro', 'tres', 'dos', 'uno']);

    const other = await conversationStore();
    await expectProblem(await other.call('GET', `/customers/${customerId}/messages`), 404, 'not_found');
    await expectProblem(await other.call('POST', `/customers/${customerId}/messages/read`, {}), 404, 'not_found');
    await expectProblem(await call('GET', `/customers/${customerId}/messages?cursor=nonsense`), 400, 'bad_request');
    await expectProblem(await call('GET', `/customers/${customerId}/messages?limit=0`), 422, 'validation_failed');
  });

  it('make an inbox latest first with unread counts; marking read, up to a message or all, answers what stays unread', async () => {
    const { store, call } = await conversationStore();
    const martin = await receive(call, inboundBody(MARTIN, { text: 'uno' }));
    const lucia = await receive(call, inboundBody({ channelUserId: '@lucia', name: 'Lucía' }, { channel: 'telegram' }));
    const second = await receive(call, inboundBody(MARTIN, { text: 'dos' }));
    await receive(call, inboundBody(MARTIN, { text: 'tres' }));

    const { result: inbox, requests } = await countRoundTrips(() => readPage<Conversation>(call, '/conversations'));
    expect(requests).toBe(1);
    expect(inbox.data.map((thread) => [thread.customer.name, thread.lastMessage.text, thread.unreadCount])).toEqual([
      ['Martín Sosa', 'tres', 3],
      ['Lucía', lucia.text, 1],
    ]);
    expect(inbox.data[0]!.customer).toEqual({
      id: martin.customerId,
      name: 'Martín Sosa',
      phone: MARTIN.phone,
      email: null,
    });

    const firstPage = await readPage<Conversation>(call, '/conversations?limit=1');
    expect(firstPage.data.map((thread) => thread.customer.id)).toEqual([martin.customerId]);
    const nextPage = await readPage<Conversation>(call, `/conversations?limit=1&cursor=${firstPage.nextCursor}`);
    expect(nextPage).toEqual({ data: [expect.objectContaining({ unreadCount: 1 })], nextCursor: null });
    const onTelegram = await readPage<Conversation>(call, '/conversations?channel=telegram');
    expect(onTelegram.data.map((thread) => thread.customer.id)).toEqual([lucia.customerId]);
    expect((await readPage<Conversation>(call, '/conversations?channel=sms')).data).toEqual([]);

    const marked = await countRoundTrips(() =>
      call('POST', `/customers/${martin.customerId}/messages/read`, { upTo: second.id }),
    );
    expect(marked.requests).toBe(1);
    expect(await marked.result.json()).toEqual({ customerId: martin.customerId, marked: 2, unreadCount: 1 });
    // A reply is never unread, and reading again marks nothing new.
    await send(call, martin.customerId, { text: 'cuatro' });
    const again = await call('POST', `/customers/${martin.customerId}/messages/read`, { upTo: second.id });
    expect(await again.json()).toEqual({ customerId: martin.customerId, marked: 0, unreadCount: 1 });
    const thread = await readPage<Message>(call, `/customers/${martin.customerId}/messages`);
    expect(thread.data.map((message) => [message.text, message.readAt !== null])).toEqual([
      ['cuatro', false],
      ['tres', false],
      ['dos', true],
      ['uno', true],
    ]);

    const unread = await readPage<Conversation>(call, '/conversations?unread=true');
    expect(unread.data.map((entry) => [entry.customer.id, entry.unreadCount])).toEqual([
      [martin.customerId, 1],
      [lucia.customerId, 1],
    ]);
    // No body marks all.
    const all = await call('POST', `/customers/${martin.customerId}/messages/read`);
    expect(await all.json()).toEqual({ customerId: martin.customerId, marked: 1, unreadCount: 0 });
    const stillUnread = await readPage<Conversation>(call, '/conversations?unread=true');
    expect(stillUnread.data.map((entry) => entry.customer.id)).toEqual([lucia.customerId]);
    const withRead = await readPage<Conversation>(call, '/conversations?unread=false');
    expect(withRead.data).toHaveLength(2);

    // Another customer's message is no place in this thread to read up to.
    await expectProblem(
      await call('POST', `/customers/${martin.customerId}/messages/read`, { upTo: lucia.id }),
      422,
      'validation_failed',
      'upTo',
    );
    for (const body of [{ upTo: 'x' }, { upTo: null }, { all: true }, []]) {
      await expectProblem(
        await call('POST', `/customers/${martin.customerId}/messages/read`, body),
        422,
        'validation_failed',
      );
    }
    for (const query of ['unread=yes', 'channel=fax', 'limit=101', 'other=1']) {
      await expectProblem(await call('GET', `/conversations?${query}`), 422, 'validation_failed');
    }
    const { rows } = await testDb().execute<{ count: string }>(
      sql`SELECT count(*) FROM customer_messages WHERE store_id = ${store.id} AND read_at IS NOT NULL`,
    );
    expect(Number(rows[0]!.count)).toBe(3);
  });

  it('are another store’s business: its inbox never shows this store’s threads', async () => {
    const { call } = await conversationStore();
    await receive(call, inboundBody(MARTIN));
    const other = await conversationStore();
    expect((await readPage<Conversation>(other.call, '/conversations')).data).toEqual([]);
  });
});
