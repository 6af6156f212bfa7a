/**
 * A demo store's orders, so that admin lists are not empty on first run.
 * They are placed and handled through the services the API itself runs
 * (checkout, payment confirmation, status moves, shipments, refunds), not
 * written as rows: so every row they leave is one the API would write, and
 * the invariants hold by construction: stock moves only through the ledger
 * and reservations, totals come from the prices, the status history holds
 * only allowed moves, payments and refunds agree, customers' figures and
 * segments are recomputed by each change, and staff's steps are audited.
 *
 * Each step is its own transaction, as each request is. The seed writes a
 * store's orders right after it creates the store, and never again.
 */
import { eq } from 'drizzle-orm';
import type { DrizzleDatabase } from '../../src/db/drizzle.ts';
import { users } from '../../src/db/schema/index.ts';
import type { AuditContext } from '../../src/services/audit.ts';
import { checkout, type PlacedOrderValue } from '../../src/services/checkout/checkout.ts';
import { changeOrderStatus } from '../../src/services/orders/change-status.ts';
import { createShipment, updateShipment } from '../../src/services/orders/shipments.ts';
import { refundOrder } from '../../src/services/payments/refunds.ts';
import { confirmPayment } from '../../src/services/payments/staff-decisions.ts';
import type { StripeSettings } from '../../src/services/payments/stripe-api.ts';
import type { storeRows } from './rows.ts';
import type { SeedOrder, SeedOrderOutcome, SeedStore } from './types.ts';

/** Demo orders pay by transfer or cash, so Stripe is never called. */
export const NO_STRIPE: StripeSettings = { sealingKey: undefined, stripeApiBase: 'https://stripe.invalid' };

/** How far along the happy path each outcome goes; `cancelled` leaves it at once. */
const PATH: SeedOrderOutcome[] = ['pending', 'paid', 'shipped', 'delivered', 'refunded'];

const reaches = (order: SeedOrder, step: SeedOrderOutcome) => PATH.indexOf(order.outcome) >= PATH.indexOf(step);

export function idOf<T extends { id?: string }>(rows: T[], matches: (row: T) => boolean, what: string): string {
  const id = rows.find(matches)?.id;
  if (!id) throw new Error(`seed data names an unknown ${what}`);
  return id;
}

/** Places `data.orders` in the store just written from `rows`, and takes each to its outcome as its owner. */
export async function seedOrders(
  db: DrizzleDatabase,
  data: SeedStore,
  rows: ReturnType<typeof storeRows>,
): Promise<void> {
  if (!data.orders?.length) return;
  // The owner may be a user that existed before the seed: the membership names them by email.
  const [owner] = await db.select({ id: users.id }).from(users).where(eq(users.email, data.owner.email));
  if (!owner) throw new Error(`seed: no owner ${data.owner.email}`);
  const staff: AuditContext = { storeId: rows.storeId, actor: { type: 'user', id: owner.id }, requestId: 'seed' };
  // Guests' order tokens are never handed to anyone here.
  const settings = { secret: crypto.randomUUID(), card: NO_STRIPE };

  for (const [index, order] of data.orders.entries()) {
    const { json } = await checkout(db, settings, {
      slug: data.slug,
      idempotencyKey: `seed-${data.slug}-${index}`,
      input: {
        email: order.email,
        shippingAddress: order.shipTo,
        shippingRateId: idOf(rows.shippingRates, (rate) => rate.name === order.shippingRate, 'shipping rate'),
        paymentMethod: order.paymentMethod,
        items: order.items.map(([sku, quantity]) => ({
          variantId: idOf(rows.variants, (variant) => variant.sku === sku, `SKU ${sku}`),
          quantity,
        })),
      },
    });
    const placed: PlacedOrderValue = JSON.parse(json);
    await handle(db, staff, order, placed);
  }
}

/** Staff's steps for one placed order, each as the admin API would take it. */
async function handle(
  db: DrizzleDatabase,
  staff: AuditContext,
  order: SeedOrder,
  placed: PlacedOrderValue,
): Promise<void> {
  if (order.outcome === 'cancelled') {
    await changeOrderStatus(db, NO_STRIPE, staff, placed.id, { status: 'cancelled', reason: order.reason });
    return;
  }
  if (!reaches(order, 'paid')) return;
  await confirmPayment(db, staff, placed.payment!.id, { referenceSeen: placed.number });
  if (!reaches(order, 'shipped')) return;
  if (!order.carrier) throw new Error(`seed order of ${order.email} ships without a carrier`);
  const shipment: { id: string } = JSON.parse(
    await createShipment(db, staff, placed.id, { carrier: order.carrier, trackingNumber: `T${placed.number}` }),
  );
  await updateShipment(db, staff, shipment.id, { status: 'in_transit' });
  if (!reaches(order, 'delivered')) return;
  await updateShipment(db, staff, shipment.id, { status: 'delivered' });
  if (!reaches(order, 'refunded')) return;
  await refundOrder(db, NO_STRIPE, staff, placed.id, {
    amount: placed.totals.total,
    reason: order.reason,
    restock: placed.items.map((item) => ({ orderItemId: item.id, quantity: item.quantity })),
  });
}
