import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import {
  conversationStore,
  customersOf,
  inboundBody,
  type Message,
  messageCount,
  postInbound,
  storeEvents,
} from '../helpers/conversations';

const onPostgres = env.TEST_DATABASE_BACKEND === 'postgres';
if (!onPostgres) {
  console.info(
    '[skipped] conversation concurrency tests need real PostgreSQL (TEST_DATABASE_URL): PGlite runs one batch at a time, so nothing would race.',
  );
}

const MARTIN = { phone: '+5493415550987', channelUserId: '5493415550987', name: 'Martín Sosa' };

describe.runIf(onPostgres)('inbound messages under concurrency (real PostgreSQL only; skipped on PGlite)', () => {
  it('records 20 concurrent deliveries of one message once: one 201, nineteen 200 with the same row, one event', async () => {
    const { store, call } = await conversationStore();
    const body = inboundBody(MARTIN);
    const responses = await Promise.all(Array.from({ length: 20 }, () => postInbound(call, body)));
    const statuses = responses.map((response) => response.status);
    expect(
      statuses.filter((status) => status === 201),
      statuses.join(', '),
    ).toHaveLength(1);
    expect(
      statuses.filter((status) => status === 200),
      statuses.join(', '),
    ).toHaveLength(19);
    const messages = await Promise.all(responses.map((response) => response.json<Message>()));
    expect(new Set(messages.map((message) => message.id)).size).toBe(1);
    expect(await messageCount(store.id)).toBe(1);
    expect(await customersOf(store.id)).toHaveLength(1);
    expect(await storeEvents(store.id, 'message.received')).toHaveLength(1);
    expect(await storeEvents(store.id, 'customer.created')).toHaveLength(1);
  });

  it('makes one customer of a new sender whose messages arrive at once, some naming their phone only', async () => {
    const { store, call } = await conversationStore();
    // WhatsApp names the sender by number and id; an SMS gateway by number alone: every delivery shares the phone.
    const deliveries = Array.from({ length: 20 }, (_, n) =>
      n % 2 ? inboundBody(MARTIN) : inboundBody({ phone: MARTIN.phone }, { channel: 'sms' }),
    );
    const answers = await Promise.all(deliveries.map((body) => postInbound(call, body)));
    expect(answers.map((response) => response.status)).toEqual(deliveries.map(() => 201));
    const messages = await Promise.all(answers.map((response) => response.json<Message>()));
    expect(new Set(messages.map((message) => message.customerId)).size).toBe(1);
    expect(await customersOf(store.id)).toEqual([
      expect.objectContaining({ phone: MARTIN.phone, channel_ids: { whatsapp: MARTIN.channelUserId } }),
    ]);
    expect(await storeEvents(store.id, 'customer.created')).toHaveLength(1);
    expect(await storeEvents(store.id, 'message.received')).toHaveLength(20);
  });

  it('makes one customer of a new sender known by one id whose twenty different messages arrive at once', async () => {
    const { store, call } = await conversationStore();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, n) => postInbound(call, inboundBody(MARTIN, { text: `mensaje ${n}` }))),
    );
    expect(answers.map((response) => response.status)).toEqual(answers.map(() => 201));
    const messages = await Promise.all(answers.map((response) => response.json<Message>()));
    expect(new Set(messages.map((message) => message.customerId)).size).toBe(1);
    expect(await customersOf(store.id)).toHaveLength(1);
    expect(await storeEvents(store.id, 'customer.created')).toHaveLength(1);
    expect(await messageCount(store.id)).toBe(20);
  });
});
