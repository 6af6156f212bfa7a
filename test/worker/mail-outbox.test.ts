import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createCatalogStore } from '../helpers/catalog';
import { checkoutBody, type PlacedOrder, postCheckout } from '../helpers/checkout';
import { deliverMailTo, failNextMails, mailsTo, testMailSender } from '../helpers/mail';
import { testDb } from '../helpers/stores';
import { uuidv7 } from '../../src/lib/ids';
import { sendMail } from '../../src/services/mail/send';

/** A bank-transfer order of one unit, to a fresh address. */
async function placeOrder(catalog: Awaited<ReturnType<typeof createCatalogStore>>) {
  const email = `buyer-${uuidv7().slice(-12)}@example.test`;
  const variant = catalog.variant('BAL-HOE-NEG-M');
  const response = await postCheckout(
    catalog.slug,
    checkoutBody(catalog, { items: [{ variantId: variant.id, quantity: 1 }] }, { email }),
  );
  expect(response.status).toBe(201);
  return { email, order: await response.json<PlacedOrder>() };
}

async function mailRowsTo(email: string) {
  const { rows } = await testDb().execute<{ id: string; status: string; attempts: number; last_error: string | null }>(
    sql`SELECT id, status, attempts, last_error FROM mail_messages WHERE to_email = ${email} ORDER BY created_at`,
  );
  return rows;
}

describe('the mail outbox', () => {
  it('mails nothing in the request: the relay writes the order mail, the sender posts it to the mail API', async () => {
    const catalog = await createCatalogStore();
    const { email, order } = await placeOrder(catalog);
    expect(await mailRowsTo(email)).toEqual([]);
    expect(await mailsTo(email)).toEqual([]);

    const results = await deliverMailTo([email]);
    expect(results.map((result) => result.kind)).toEqual(['sent']);
    const [mail] = await mailsTo(email);
    expect(mail!.to).toEqual([email]);
    expect(mail!.from).toBe('Balsamoa <shop@mail.example.test>');
    expect(mail!.reply_to).toEqual(['hola@balsamoa.test']);
    expect(mail!.subject).toContain(order.number);
    expect(mail!.text).toContain('BALSAMOA.ROPA');
    expect(mail!.html).toContain('<!doctype html>');
    expect((await mailRowsTo(email)).map((row) => row.status)).toEqual(['sent']);

    // Relayed and sent again, nothing more goes out: one mail per event and template, and a sent mail is not sent twice.
    expect(await deliverMailTo([email])).toEqual([]);
    const [row] = await mailRowsTo(email);
    expect((await sendMail(testMailSender(), row!.id, new Date())).kind).toBe('skipped');
    expect(await mailsTo(email)).toHaveLength(1);
  });

  it('retries a mail the API failed, later, and gives up at once on one it refused', async () => {
    const catalog = await createCatalogStore();
    const { email } = await placeOrder(catalog);
    await failNextMails(1, 503);
    const [first] = await deliverMailTo([email]);
    expect(first).toMatchObject({ kind: 'sent', outcome: { ok: false, permanent: false }, retryInMs: 30_000 });
    expect(await mailsTo(email)).toEqual([]);
    // Not due yet; due 30 s later, and sent.
    expect(await deliverMailTo([email])).toEqual([]);
    const [second] = await deliverMailTo([email], new Date(Date.now() + 31_000));
    expect(second).toMatchObject({ kind: 'sent', outcome: { ok: true } });
    expect(await mailsTo(email)).toHaveLength(1);
    expect((await mailRowsTo(email))[0]).toMatchObject({ status: 'sent', attempts: 2 });

    const other = await placeOrder(catalog);
    await failNextMails(1, 422);
    const [refused] = await deliverMailTo([other.email]);
    expect(refused).toMatchObject({ kind: 'sent', outcome: { ok: false, permanent: true }, retryInMs: null });
    expect((await mailRowsTo(other.email))[0]).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('sends nothing without a mail API key, and keeps the mail to retry', async () => {
    const catalog = await createCatalogStore();
    const { email } = await placeOrder(catalog);
    await deliverMailTo([]);
    const [row] = await mailRowsTo(email);
    const sender = { ...testMailSender(), api: { ...testMailSender().api, apiKey: undefined } };
    const result = await sendMail(sender, row!.id, new Date());
    expect(result).toMatchObject({ kind: 'sent', outcome: { ok: false, error: 'MAIL_API_KEY is not set' } });
    expect((await mailRowsTo(email))[0]).toMatchObject({ status: 'pending' });
    expect(env.MAIL_API_KEY).toBe('test-mail-api-key');
  });
});
