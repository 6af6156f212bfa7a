import type { OrderMailData, OrderMailTemplate } from '../order-mails';
import type { MailContext, MailTemplate, Translations } from '../render';
import { type Block, composeMail, formatMoney } from './layout';

/**
 * The buyer's mails about an order, in the store's language. Each is built
 * from the order as it stood when the event was relayed: its lines, totals
 * and, by step, the payment instructions, the parcels, the refund.
 */

const words = {
  en: {
    placedSubject: (store: string, number: string) => `${store}: order ${number} received`,
    placedHeading: (number: string) => `Thank you for your order ${number}`,
    total: 'Total',
    subtotal: 'Subtotal',
    shipping: 'Shipping',
    tax: 'Tax',
    discount: 'Discount',
    howToPay: 'How to pay',
  },
  es: {
    placedSubject: (store: string, number: string) => `${store}: recibimos tu pedido ${number}`,
    placedHeading: (number: string) => `Gracias por tu pedido ${number}`,
    total: 'Total',
    subtotal: 'Subtotal',
    shipping: 'Envío',
    tax: 'Impuestos',
    discount: 'Descuento',
    howToPay: 'Cómo pagar',
  },
  id: {
    placedSubject: (store: string, number: string) => `${store}: pesanan ${number} diterima`,
    placedHeading: (number: string) => `Terima kasih atas pesanan ${number}`,
    total: 'Total',
    subtotal: 'Subtotal',
    shipping: 'Ongkos kirim',
    tax: 'Pajak',
    discount: 'Diskon',
    howToPay: 'Cara membayar',
  },
} satisfies Translations<Record<string, unknown>>;

/** The order's lines and totals, as rows. */
function orderSummary({ order }: OrderMailData, context: MailContext): Block[] {
  const t = words[context.language];
  const money = (amount: number) => formatMoney(amount, order.currency, context.language);
  const lines = order.items.map((item): [string, string] => [
    `${item.quantity} × ${item.productName}${item.variantLabel ? ` (${item.variantLabel})` : ''}`,
    money(item.lineTotal),
  ]);
  const totals: [string, string][] = [
    [t.subtotal, money(order.totals.subtotal)],
    ...(order.totals.discount > 0 ? [[t.discount, `-${money(order.totals.discount)}`] as [string, string]] : []),
    [t.shipping, money(order.totals.shipping)],
    ...(order.totals.tax > 0 ? [[t.tax, money(order.totals.tax)] as [string, string]] : []),
    [t.total, money(order.totals.total)],
  ];
  return [{ rows: lines }, { rows: totals }];
}

const orderPlaced = (data: OrderMailData, context: MailContext) => {
  const t = words[context.language];
  const store = context.store?.name ?? '';
  const instructions = data.order.payment?.instructions as { text?: string } | null | undefined;
  const blocks: Block[] = [...orderSummary(data, context)];
  if (instructions?.text) blocks.push({ paragraph: t.howToPay }, { preformatted: instructions.text });
  return composeMail({
    subject: t.placedSubject(store, data.order.number),
    heading: t.placedHeading(data.order.number),
    blocks,
  });
};

export const orderTemplates: Partial<Record<OrderMailTemplate, MailTemplate>> = {
  'order.placed': orderPlaced,
};
