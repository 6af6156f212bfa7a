import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { balsamoa } from '../../scripts/seed-data/balsamoa';
import { bellaTeh } from '../../scripts/seed-data/bella-teh';
import { uuidv7 } from '../../src/lib/ids';
import { settleDueCampaigns } from '../../src/services/campaigns/settle';
import { formatDateTime, formatMoney } from '../../src/services/mail/templates/layout';
import { expireReservations } from '../../src/services/orders/expire-reservations';
import { stripeSettings } from '../../src/services/payments/stripe-api';
import { countRoundTrips } from '../helpers/api';
import { insertTestCampaign, joinBody, postJoin } from '../helpers/campaigns';
import { type CatalogStore, createCatalogStore } from '../helpers/catalog';
import { checkoutBody, type PlacedOrder, postCheckout } from '../helpers/checkout';
import { type CaughtMail, deliverMailTo, mailsTo } from '../helpers/mail';
import { moveOrder } from '../helpers/orders';
import { ownerOf, placeOrder } from '../helpers/payments';
import { type CardOrder, paymentIntentObject, sendWebhook, setUpStripe, stripeEvent } from '../helpers/stripe';
import { testDb } from '../helpers/stores';

const FROM_ADDRESS = 'shop@mail.example.test';
/** A time before any other test's data, for the jobs that act on everything due: ours alone is. */
const LONG_AGO = '2000-01-01T00:00:00Z';
const DAY_AFTER = new Date('2000-01-02T00:00:00Z');
const JAKARTA = { name: 'Siti Rahma', line1: 'Jl. Sudirman 1', city: 'Jakarta', postalCode: '10220', country: 'ID' };

/** A buyer's address no other test uses. */
const buyerEmail = () => `buyer-${uuidv7().slice(-12)}@example.test`;

/** An order of `items` to a fresh address, placed through checkout (bank transfer unless `overrides` say otherwise). */
async function orderTo(catalog: CatalogStore, items: [string, number][], overrides: Record<string, unknown> = {}) {
  const email = buyerEmail();
  return { email, order: await placeOrder(catalog, items, { email, ...overrides }) };
}

/** The mails written for `email` so far (sent or not). */
async function mailRowsTo(email: string) {
  const { rows } = await testDb().execute<{ template: string }>(
    sql`SELECT template FROM mail_messages WHERE to_email = ${email} ORDER BY created_at`,
  );
  return rows.map((row) => row.template);
}

/** Delivers what is due to `email` and answers the one mail the catcher holds whose subject has `subject`. */
async function mailOf(email: string, subject: string): Promise<CaughtMail> {
  await deliverMailTo([email]);
  const mails = (await mailsTo(email)).filter((mail) => mail.subject.includes(subject));
  expect(mails.map((mail) => mail.subject)).toEqual([expect.stringContaining(subject)]);
  return mails[0]!;
}

/** The mail's text with Intl's narrow and no-break spaces as plain ones, so amounts and dates can be compared. */
const textOf = (mail: CaughtMail) => mail.text!.replace(/[\u00a0\u202f]/g, ' ');
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');
/** Money and a moment as the mails write them, in plain spaces. */
const money = (...args: Parameters<typeof formatMoney>) => plain(formatMoney(...args));
const moment = (...args: Parameters<typeof formatDateTime>) => plain(formatDateTime(...args));

describe('order mails', () => {
  it('Spanish (balsamoa): placed with the transfer instructions, amount, number and deadline; paid; shipped with tracking, and a later parcel; refunded in part and in whole: each once, none in the request', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const email = buyerEmail();
    const body = checkoutBody(
      catalog,
      { items: [{ variantId: catalog.variant('BAL-HOE-NEG-M').id, quantity: 2 }] },
      { email },
    );
    const key = uuidv7();
    const { requests, result } = await countRoundTrips(() => postCheckout(catalog.slug, body, { key }));
    expect(result.status).toBe(201);
    expect(requests).toBe(1);
    const order = await result.json<PlacedOrder>();
    expect(await mailRowsTo(email)).toEqual([]);
    // The same checkout again (its idempotent replay) is the same order: one mail.
    expect((await postCheckout(catalog.slug, body, { key })).headers.get('idempotent-replayed')).toBe('true');

    const placed = await mailOf(email, `Balsamoa: recibimos tu pedido ${order.number}`);
    expect(placed).toMatchObject({ to: [email], from: `Balsamoa <${FROM_ADDRESS}>`, reply_to: ['hola@balsamoa.test'] });
    const placedText = textOf(placed);
    expect(placedText).toContain(balsamoa.settings!.bankTransferInstructions);
    expect(placedText).toContain('pagá como indica la tienda');
    expect(placedText).toContain(`Monto: ${money(order.totals.total, 'ARS', 'es')}`);
    expect(placedText).toContain(`Número de pedido a indicar: ${order.number}`);
    const deadline = moment(order.reservationExpiresAt, 'es', balsamoa.timezone);
    expect(deadline).toMatch(/de 20\d\d,? .*\d\d:\d\d/);
    expect(placedText).toContain(`Pagá antes del: ${deadline}`);
    expect(placedText).toContain('2 × Hoodie Oversize Essential');
    expect(placedText).toContain('\nEnvío estándar: ');
    expect(placedText).toContain(`Total: ${money(order.totals.total, 'ARS', 'es')}`);
    expect(placedText).toMatch(/Gracias por comprar en Balsamoa\.$/);
    expect(placed.html).toContain('<pre');
    expect(placed.html).toContain('BALSAMOA.ROPA');

    expect((await call('POST', `/payments/${order.payment!.id}/confirm`)).status).toBe(200);
    // Confirmed twice, paid once: the second is refused and writes no event.
    expect((await call('POST', `/payments/${order.payment!.id}/confirm`)).status).toBe(409);
    const paid = await mailOf(email, `Balsamoa: recibimos el pago del pedido ${order.number}`);
    expect(textOf(paid)).toContain(`Recibimos tu pago de ${money(order.totals.total, 'ARS', 'es')}`);

    const parcel = { carrier: 'Correo Argentino', trackingNumber: 'CA123456789AR' };
    expect((await call('POST', `/orders/${order.id}/shipments`, parcel)).status).toBe(201);
    const shipped = await mailOf(email, `Balsamoa: tu pedido ${order.number} está en camino`);
    expect(textOf(shipped)).toContain('Transporte y número de seguimiento:\n\nCorreo Argentino: CA123456789AR');
    expect(shipped.html).toContain('CA123456789AR');
    // A second parcel, later: mailed with both.
    expect(
      (await call('POST', `/orders/${order.id}/shipments`, { carrier: 'OCA', trackingNumber: 'OCA-778' })).status,
    ).toBe(201);
    await deliverMailTo([email]);
    const [again] = await mailsTo(email);
    expect(again!.subject).toBe(shipped.subject);
    expect(textOf(again!)).toContain('Correo Argentino: CA123456789AR\nOCA: OCA-778');

    expect((await call('POST', `/orders/${order.id}/refunds`, { amount: 1000_00, reason: 'Demora' })).status).toBe(201);
    const part = await mailOf(email, `Balsamoa: reintegro del pedido ${order.number}`);
    expect(textOf(part)).toContain(`Te devolvimos ${money(1000_00, 'ARS', 'es')} de tu pago del pedido`);
    const rest = order.totals.total - 1000_00;
    expect((await call('POST', `/orders/${order.id}/refunds`, { amount: rest })).status).toBe(201);
    await deliverMailTo([email]);
    const [whole] = await mailsTo(email);
    expect(textOf(whole!)).toContain(`Te devolvimos ${money(rest, 'ARS', 'es')}, el total de tu pago`);

    expect(await mailRowsTo(email)).toEqual([
      'order.placed',
      'order.paid',
      'order.shipped',
      'order.shipped',
      'order.refunded',
      'order.refunded',
    ]);
    expect(await mailsTo(email)).toHaveLength(6);
  });

  it('Spanish: a paid order cancelled by staff says the store cancelled it (not staff’s note) and refunds; a failed group buy says so', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const { email, order } = await orderTo(catalog, [['BAL-HOE-NEG-M', 1]]);
    expect((await call('POST', `/payments/${order.payment!.id}/confirm`)).status).toBe(200);
    expect((await moveOrder(call, order.id, 'cancelled', 'Sospecha de fraude, no avisar')).status).toBe(200);
    const cancelled = await mailOf(email, `Balsamoa: se canceló tu pedido ${order.number}`);
    expect(textOf(cancelled)).toContain(
      `Tu pedido ${order.number} fue cancelado. La tienda canceló el pedido. Te vamos a devolver el dinero que pagaste.`,
    );
    expect(cancelled.text).not.toContain('fraude');

    const campaign = await insertTestCampaign(catalog, { sku: 'BAL-HOE-NEG-M', minParticipants: 2 });
    const joiner = buyerEmail();
    const joined = await postJoin(catalog.slug, campaign.id, joinBody(catalog, { email: joiner }));
    expect(joined.status, await joined.clone().text()).toBe(201);
    const joinedOrder = await joined.json<PlacedOrder>();
    const placed = await mailOf(joiner, `recibimos tu pedido ${joinedOrder.number}`);
    expect(textOf(placed)).toContain(
      `Pagá antes del: ${moment(campaign.endsAt.toISOString(), 'es', balsamoa.timezone)}`,
    );

    // Ended long ago, and settled as of then: no other test's campaign is due at that time.
    await testDb().execute(sql`UPDATE campaigns SET starts_at = ${LONG_AGO}::timestamptz,
      ends_at = ${LONG_AGO}::timestamptz + interval '1 second'
      WHERE id = ${campaign.id}`);
    expect(await settleDueCampaigns(testDb(), stripeSettings(env), DAY_AFTER)).toMatchObject({ failed: 1 });
    const failed = await mailOf(joiner, `se canceló tu pedido ${joinedOrder.number}`);
    expect(textOf(failed)).toContain('La compra en grupo no llegó al mínimo de compradores.');
    expect(failed.text).not.toContain('devolver');
  });

  it('Indonesian (language id) under its own sender name: placed in rupiah with the deadline in WIB; cancelled unpaid by the expiry job', async () => {
    const catalog = await createCatalogStore({
      ...bellaTeh,
      settings: { ...bellaTeh.settings, mailSenderName: 'Bella Teh' },
    });
    const { email, order } = await orderTo(catalog, [['BT-PUTIH', 2]], { shippingAddress: JAKARTA });
    const placed = await mailOf(email, `Bella Teh Indonesia: pesanan ${order.number} diterima`);
    expect(placed).toMatchObject({
      to: [email],
      from: `Bella Teh <${FROM_ADDRESS}>`,
      reply_to: ['halo@bellateh.test'],
    });
    const text = textOf(placed);
    expect(text).toContain(bellaTeh.settings!.bankTransferInstructions);
    // Rp 75.000 a tin, counted in minor units of 2 decimals (ISO 4217), written without them.
    expect(text).toContain('2 × Teh Putih Premium: Rp 150.000');
    expect(text).toContain(`Jumlah: ${money(order.totals.total, 'IDR', 'id')}`);
    expect(text).toContain(`Nomor pesanan yang dicantumkan: ${order.number}`);
    expect(text).toContain(`Bayar sebelum: ${moment(order.reservationExpiresAt, 'id', 'Asia/Jakarta')}`);
    expect(text).toMatch(/Bayar sebelum: .* WIB/);
    expect(text).toContain('Pajak: Rp');
    expect(text).toContain('Terima kasih telah berbelanja di Bella Teh Indonesia.');

    // Lapsed long ago, and expired as of then: no other test's order is due at that time.
    await testDb().execute(
      sql`UPDATE orders SET reservation_expires_at = ${LONG_AGO}::timestamptz WHERE id = ${order.id}`,
    );
    expect(await expireReservations(testDb(), DAY_AFTER, 100)).toMatchObject({ cancelled: 1 });
    const cancelled = await mailOf(email, `pesanan ${order.number} dibatalkan`);
    expect(textOf(cancelled)).toContain(
      `Pesanan ${order.number} dibatalkan. Pembayaran tidak kami terima tepat waktu.\n`,
    );
  });

  it('English by default: a card order (being confirmed, then paid by Stripe’s webhook, delivered twice: one mail) shipped without a parcel, then its parcel; cash on delivery, rejected; Zelle', async () => {
    const { language: _spanish, mailReplyTo: _replyTo, ...settings } = balsamoa.settings!;
    const catalog = await createCatalogStore({
      name: 'North Wind',
      contactEmail: 'help@northwind.test',
      timezone: 'UTC',
      settings: {
        ...settings,
        paymentMethods: ['bank_transfer', 'cod', 'zelle'],
        zelleInstructions: 'Zelle to pay@northwind.test',
      },
    });
    const keys = await setUpStripe(catalog);
    const { order: card } = (await orderTo(catalog, [['BAL-HOE-NEG-M', 1]], { paymentMethod: 'card' })) as {
      order: CardOrder;
    };
    const placed = await mailOf(card.email, `North Wind: order ${card.number} received`);
    expect(placed).toMatchObject({ from: `North Wind <${FROM_ADDRESS}>`, reply_to: ['help@northwind.test'] });
    expect(textOf(placed)).toContain('Your card payment is being confirmed; we will write again once it is.');
    expect(textOf(placed)).toContain(`Total: ${money(card.totals.total, 'ARS', 'en')}`);

    const succeeded = stripeEvent('payment_intent.succeeded', paymentIntentObject(card));
    expect((await sendWebhook(catalog.slug, succeeded, keys.webhookSecret)).status).toBe(200);
    expect((await sendWebhook(catalog.slug, succeeded, keys.webhookSecret)).status).toBe(200);
    const paid = await mailOf(card.email, `North Wind: payment received for order ${card.number}`);
    expect(textOf(paid)).toContain(`We received your payment of ${money(card.totals.total, 'ARS', 'en')}`);
    expect(await mailRowsTo(card.email)).toEqual(['order.placed', 'order.paid']);

    const call = await ownerOf(catalog);
    expect((await moveOrder(call, card.id, 'preparing')).status).toBe(200);
    expect((await moveOrder(call, card.id, 'shipped')).status).toBe(200);
    const shipped = await mailOf(card.email, `North Wind: order ${card.number} is on its way`);
    expect(textOf(shipped)).toContain(`Your order ${card.number} is on its way.`);
    expect(shipped.text).not.toContain('tracking');
    // Its parcel recorded afterwards: mailed with the tracking number.
    expect(
      (await call('POST', `/orders/${card.id}/shipments`, { carrier: 'UPS', trackingNumber: '1Z999' })).status,
    ).toBe(201);
    await deliverMailTo([card.email]);
    const [tracked] = await mailsTo(card.email);
    expect(textOf(tracked!)).toContain('Carrier and tracking number:\n\nUPS: 1Z999');
    expect(await mailRowsTo(card.email)).toEqual(['order.placed', 'order.paid', 'order.shipped', 'order.shipped']);

    const cod = await orderTo(catalog, [['BAL-HOE-NEG-M', 1]], { paymentMethod: 'cod' });
    const codMail = await mailOf(cod.email, `order ${cod.order.number} received`);
    expect(textOf(codMail)).toContain(
      `You pay on delivery: please have ${money(cod.order.totals.total, 'ARS', 'en')} ready.`,
    );
    expect(codMail.text).not.toContain('Pay by');
    expect(codMail.text).toContain('\nShipping (Envío estándar): ');
    const reject = await call('POST', `/payments/${cod.order.payment!.id}/reject`, { reason: 'Buyer unreachable' });
    expect(reject.status).toBe(200);
    const rejected = await mailOf(cod.email, `North Wind: order ${cod.order.number} cancelled`);
    expect(textOf(rejected)).toContain(
      `Your order ${cod.order.number} has been cancelled. Your payment could not be confirmed.\n`,
    );

    const zelle = await orderTo(catalog, [['BAL-HOE-NEG-M', 1]], { paymentMethod: 'zelle' });
    const zelleText = textOf(await mailOf(zelle.email, `order ${zelle.order.number} received`));
    expect(zelleText).toContain('Zelle to pay@northwind.test');
    expect(zelleText).toContain(`Order number to quote: ${zelle.order.number}`);
    expect(zelleText).toContain(`Pay by: ${moment(zelle.order.reservationExpiresAt, 'en', 'UTC')}`);
    expect(zelleText).toMatch(/Pay by: \w+ \d+, 20\d\d at \d+:\d\d [AP]M UTC/);
  });

  it('mails a step once when its event is relayed again', async () => {
    const catalog = await createCatalogStore();
    const { email, order } = await orderTo(catalog, [['BAL-HOE-NEG-M', 1]]);
    await mailOf(email, order.number);
    await testDb().execute(sql`UPDATE events SET published_at = NULL WHERE aggregate_id = ${order.id}`);
    expect(await deliverMailTo([email])).toEqual([]);
    expect(await mailRowsTo(email)).toEqual(['order.placed']);
    expect(await mailsTo(email)).toHaveLength(1);
  });
});
