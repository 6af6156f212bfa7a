import { CAMPAIGN_ORDER_REASONS } from '../../campaigns/settle';
import { RESERVATION_EXPIRED } from '../../order-lifecycle/cancel-unpaid';
import { PAYMENT_REJECTED } from '../../payments/staff-decisions';
import type { OrderMailData, OrderMailTemplate } from '../order-mails';
import type { MailContext, MailTemplate, Translations } from '../render';
import { type Block, composeMail, formatDateTime, formatMoney } from './layout';

/**
 * The buyer's mails about an order, in the store's language. Each is built
 * from the order as it stood when the event was relayed: what the step
 * means for the buyer (how to pay, the parcels, why it was cancelled, the
 * refund), then the order's lines and totals, under the store's name.
 */

type Row = [label: string, value: string];

const en = {
  subjects: {
    'order.placed': (number: string) => `order ${number} received`,
    'order.paid': (number: string) => `payment received for order ${number}`,
    'order.shipped': (number: string) => `order ${number} is on its way`,
    'order.cancelled': (number: string) => `order ${number} cancelled`,
    'order.refunded': (number: string) => `refund for order ${number}`,
  } satisfies Record<OrderMailTemplate, (number: string) => string>,
  placed: (number: string) => `Thank you for your order ${number}.`,
  transfer: 'To complete your order, pay as the store explains below and quote the order number.',
  amount: 'Amount',
  reference: 'Order number to quote',
  deadline: 'Pay by',
  deadlineNote: 'If your payment has not arrived by then, the order is cancelled.',
  cod: (amount: string) => `You pay on delivery: please have ${amount} ready.`,
  card: 'Your card payment is being confirmed; we will write again once it is.',
  paid: (number: string, amount: string) =>
    `We received your payment of ${amount} for order ${number}. We are preparing it and will write again when it ships.`,
  shipped: (number: string) => `Your order ${number} is on its way.`,
  tracking: 'Carrier and tracking number:',
  noTracking: 'no tracking number',
  cancelled: (number: string) => `Your order ${number} has been cancelled.`,
  reasons: {
    unpaid: 'We did not receive the payment in time.',
    rejected: 'Your payment could not be confirmed.',
    campaignFailed: 'The group buy did not reach its minimum number of buyers.',
    campaignCancelled: 'The store cancelled the group buy.',
    store: 'The store cancelled the order.',
  },
  refundFollows: 'The money you paid will be refunded.',
  refundedWhole: (number: string, amount: string) => `We refunded ${amount}, your whole payment for order ${number}.`,
  refundedPart: (number: string, amount: string) => `We refunded ${amount} of your payment for order ${number}.`,
  refundDelay: 'Depending on your bank, it may take a few days to show.',
  subtotal: 'Subtotal',
  discount: 'Discount',
  shipping: 'Shipping',
  tax: 'Tax',
  total: 'Total',
  closing: (store: string) => `Thank you for shopping at ${store}.`,
};

type Words = typeof en;

const words: Translations<Words> = {
  en,
  es: {
    subjects: {
      'order.placed': (number) => `recibimos tu pedido ${number}`,
      'order.paid': (number) => `recibimos el pago del pedido ${number}`,
      'order.shipped': (number) => `tu pedido ${number} está en camino`,
      'order.cancelled': (number) => `se canceló tu pedido ${number}`,
      'order.refunded': (number) => `reintegro del pedido ${number}`,
    },
    placed: (number) => `¡Gracias por tu pedido ${number}!`,
    transfer: 'Para completar tu pedido, pagá como indica la tienda acá abajo e incluí el número de pedido.',
    amount: 'Monto',
    reference: 'Número de pedido a indicar',
    deadline: 'Pagá antes del',
    deadlineNote: 'Si el pago no llega para esa fecha, el pedido se cancela.',
    cod: (amount) => `Pagás al recibirlo: tené listos ${amount}.`,
    card: 'Estamos confirmando el pago con tarjeta; te avisamos cuando esté confirmado.',
    paid: (number, amount) =>
      `Recibimos tu pago de ${amount} por el pedido ${number}. Ya lo estamos preparando y te avisamos cuando salga.`,
    shipped: (number) => `Tu pedido ${number} ya está en camino.`,
    tracking: 'Transporte y número de seguimiento:',
    noTracking: 'sin número de seguimiento',
    cancelled: (number) => `Tu pedido ${number} fue cancelado.`,
    reasons: {
      unpaid: 'No recibimos el pago a tiempo.',
      rejected: 'No pudimos confirmar tu pago.',
      campaignFailed: 'La compra en grupo no llegó al mínimo de compradores.',
      campaignCancelled: 'La tienda canceló la compra en grupo.',
      store: 'La tienda canceló el pedido.',
    },
    refundFollows: 'Te vamos a devolver el dinero que pagaste.',
    refundedWhole: (number, amount) => `Te devolvimos ${amount}, el total de tu pago del pedido ${number}.`,
    refundedPart: (number, amount) => `Te devolvimos ${amount} de tu pago del pedido ${number}.`,
    refundDelay: 'Según tu banco, puede tardar unos días en verse reflejado.',
    subtotal: 'Subtotal',
    discount: 'Descuento',
    shipping: 'Envío',
    tax: 'Impuestos',
    total: 'Total',
    closing: (store) => `Gracias por comprar en ${store}.`,
  },
  id: {
    subjects: {
      'order.placed': (number) => `pesanan ${number} diterima`,
      'order.paid': (number) => `pembayaran pesanan ${number} diterima`,
      'order.shipped': (number) => `pesanan ${number} sedang dikirim`,
      'order.cancelled': (number) => `pesanan ${number} dibatalkan`,
      'order.refunded': (number) => `pengembalian dana pesanan ${number}`,
    },
    placed: (number) => `Terima kasih atas pesanan ${number}.`,
    transfer: 'Untuk menyelesaikan pesanan, bayar sesuai petunjuk toko di bawah ini dan cantumkan nomor pesanan.',
    amount: 'Jumlah',
    reference: 'Nomor pesanan yang dicantumkan',
    deadline: 'Bayar sebelum',
    deadlineNote: 'Jika pembayaran belum kami terima saat itu, pesanan dibatalkan.',
    cod: (amount) => `Bayar di tempat saat pesanan tiba: siapkan ${amount}.`,
    card: 'Pembayaran kartu Anda sedang dikonfirmasi; kami akan mengabari Anda setelahnya.',
    paid: (number, amount) =>
      `Pembayaran Anda sebesar ${amount} untuk pesanan ${number} sudah kami terima. Pesanan sedang kami siapkan, dan kami akan mengabari Anda saat dikirim.`,
    shipped: (number) => `Pesanan ${number} sedang dalam perjalanan.`,
    tracking: 'Kurir dan nomor resi:',
    noTracking: 'tanpa nomor resi',
    cancelled: (number) => `Pesanan ${number} dibatalkan.`,
    reasons: {
      unpaid: 'Pembayaran tidak kami terima tepat waktu.',
      rejected: 'Pembayaran Anda tidak dapat kami konfirmasi.',
      campaignFailed: 'Pembelian bersama tidak mencapai jumlah pembeli minimum.',
      campaignCancelled: 'Toko membatalkan pembelian bersama.',
      store: 'Toko membatalkan pesanan ini.',
    },
    refundFollows: 'Uang yang sudah Anda bayarkan akan dikembalikan.',
    refundedWhole: (number, amount) =>
      `Kami telah mengembalikan ${amount}, seluruh pembayaran Anda untuk pesanan ${number}.`,
    refundedPart: (number, amount) =>
      `Kami telah mengembalikan ${amount} dari pembayaran Anda untuk pesanan ${number}.`,
    refundDelay: 'Tergantung bank Anda, dana mungkin baru terlihat dalam beberapa hari.',
    subtotal: 'Subtotal',
    discount: 'Diskon',
    shipping: 'Ongkos kirim',
    tax: 'Pajak',
    total: 'Total',
    closing: (store) => `Terima kasih telah berbelanja di ${store}.`,
  },
};

/**
 * Why an order was cancelled (`orders.cancel_reason`), as the buyer is
 * told. Any other reason is what staff typed when they cancelled it: a note
 * for the store's own records, so the buyer reads only that the store did.
 */
const CANCEL_REASONS: Record<string, keyof Words['reasons']> = {
  [RESERVATION_EXPIRED]: 'unpaid',
  [PAYMENT_REJECTED]: 'rejected',
  [CAMPAIGN_ORDER_REASONS.failed]: 'campaignFailed',
  [CAMPAIGN_ORDER_REASONS.cancelled]: 'campaignCancelled',
};

/** What a step's blocks are written with: the data, the language's words, and money and dates as it writes them. */
interface Step {
  data: OrderMailData;
  t: Words;
  money: (minorUnits: number, currency?: string) => string;
  moment: (iso: string) => string;
}

/** The shipping row's label: with the rate's name, unless the name already says it (`Envío estándar`). */
function shippingLabel(rate: string | null, shipping: string): string {
  if (!rate) return shipping;
  return rate.toLowerCase().includes(shipping.toLowerCase()) ? rate : `${shipping} (${rate})`;
}

/** The order's lines and totals, as rows. */
function orderSummary({ data: { order }, t, money }: Step): Block[] {
  const lines = order.items.map(
    (item): Row => [
      `${item.quantity} × ${item.productName}${item.variantLabel ? ` (${item.variantLabel})` : ''}`,
      money(item.lineTotal),
    ],
  );
  const { totals } = order;
  const rows: (Row | false)[] = [
    [t.subtotal, money(totals.subtotal)],
    totals.discount > 0 && [t.discount, `-${money(totals.discount)}`],
    [shippingLabel(order.shippingRate.name, t.shipping), money(totals.shipping)],
    totals.tax > 0 && [t.tax, money(totals.tax)],
    [t.total, money(totals.total)],
  ];
  return [{ rows: lines }, { rows: rows.filter((row): row is Row => row !== false) }];
}

/** How to pay, by the order's payment method: the store's transfer or Zelle instructions, on delivery, or by card. */
function howToPay({ data: { order }, t, money, moment }: Step): Block[] {
  const payment = order.payment;
  if (!payment) return [];
  if (payment.method === 'cod') return [{ paragraph: t.cod(money(payment.amount)) }];
  if (payment.method === 'card') return [{ paragraph: t.card }];
  const instructions = (payment.instructions ?? {}) as { text?: unknown; reference?: unknown };
  const rows: Row[] = [
    [t.amount, money(payment.amount, payment.currency)],
    [t.reference, typeof instructions.reference === 'string' ? instructions.reference : order.number],
  ];
  if (order.reservationExpiresAt) rows.push([t.deadline, moment(order.reservationExpiresAt)]);
  return [
    { paragraph: t.transfer },
    ...(typeof instructions.text === 'string' ? [{ preformatted: instructions.text }] : []),
    { rows },
    ...(order.reservationExpiresAt ? [{ paragraph: t.deadlineNote }] : []),
  ];
}

/** What each mail says before the order's summary. */
const STEPS: Record<OrderMailTemplate, (step: Step) => Block[]> = {
  'order.placed': (step) => [{ paragraph: step.t.placed(step.data.order.number) }, ...howToPay(step)],
  'order.paid': ({ data: { order }, t, money }) => [
    { paragraph: t.paid(order.number, money(order.payment?.amount ?? order.totals.total, order.payment?.currency)) },
  ],
  'order.shipped': ({ data: { order }, t }) => [
    { paragraph: t.shipped(order.number) },
    ...(order.shipments.length > 0
      ? [
          { paragraph: t.tracking },
          { rows: order.shipments.map((parcel): Row => [parcel.carrier, parcel.trackingNumber ?? t.noTracking]) },
        ]
      : []),
  ],
  'order.cancelled': ({ data: { order }, t }) => [
    {
      paragraph: [
        t.cancelled(order.number),
        t.reasons[CANCEL_REASONS[order.cancelReason ?? ''] ?? 'store'],
        ...(order.paidAt ? [t.refundFollows] : []),
      ].join(' '),
    },
  ],
  'order.refunded': ({ data: { order, event }, t, money }) => {
    const amount = money(Number(event.amount), typeof event.currency === 'string' ? event.currency : undefined);
    const refunded = event.status === 'refunded' ? t.refundedWhole : t.refundedPart;
    return [{ paragraph: `${refunded(order.number, amount)} ${t.refundDelay}` }];
  },
};

/** Mail `template` of an order: the step's blocks, the order's summary, and a closing line, under the store's name. */
function orderMail(template: OrderMailTemplate, data: OrderMailData, context: MailContext) {
  const t = words[context.language];
  const store = context.store?.name ?? data.order.store.name;
  const step: Step = {
    data,
    t,
    money: (minorUnits, currency = data.order.currency) => formatMoney(minorUnits, currency, context.language),
    moment: (iso) => formatDateTime(iso, context.language, context.store?.timezone ?? 'UTC'),
  };
  return composeMail({
    subject: `${store}: ${t.subjects[template](data.order.number)}`,
    heading: store,
    blocks: [...STEPS[template](step), ...orderSummary(step)],
    footer: t.closing(store),
  });
}

export const orderTemplates = Object.fromEntries(
  (Object.keys(STEPS) as OrderMailTemplate[]).map((template): [OrderMailTemplate, MailTemplate] => [
    template,
    (data: OrderMailData, context: MailContext) => orderMail(template, data, context),
  ]),
) as Record<OrderMailTemplate, MailTemplate>;
