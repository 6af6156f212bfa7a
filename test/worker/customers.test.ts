import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { customers } from '../../src/db/schema';
import { countRoundTrips } from '../helpers/api';
import { accessTokenFor, createTestUser } from '../helpers/auth';
import { createCatalogStore } from '../helpers/catalog';
import { checkoutBody, postCheckout, TEST_ADDRESS, type PlacedOrder } from '../helpers/checkout';
import { moveOrder, orderIn } from '../helpers/orders';
import { ownerOf, placeOrder, type AdminCall } from '../helpers/payments';
import { paymentIntentObject, placeCardOrder, sendWebhook, setUpStripe, stripeEvent } from '../helpers/stripe';
import { testDb } from '../helpers/stores';

interface Customer {
  id: string;
  email: string | null;
  name: string | null;
  segment: string;
  totalSpent: number;
  orderCount: number;
  lastOrderAt: string | null;
  hasAccount: boolean;
  orders?: { id: string }[];
}

async function statsOf(customerId: string) {
  const [row] = await testDb().select().from(customers).where(eq(customers.id, customerId));
  return {
    orderCount: row!.orderCount,
    totalSpent: Number(row!.totalSpent),
    segment: row!.segment,
    lastOrderAt: row!.lastOrderAt?.toISOString() ?? null,
  };
}

async function customerIdOf(orderId: string): Promise<string> {
  const { rows } = await testDb().execute<{ customer_id: string }>(
    sql`SELECT customer_id FROM orders WHERE id = ${orderId}`,
  );
  return rows[0]!.customer_id;
}

async function createdAt(orderId: string): Promise<string> {
  const { rows } = await testDb().execute<{ at: string }>(
    sql`SELECT to_json(created_at)#>>'{}' AS at FROM orders WHERE id = ${orderId}`,
  );
  return new Date(rows[0]!.at).toISOString();
}

async function confirm(call: AdminCall, order: PlacedOrder) {
  const response = await call('POST', `/payments/${order.payment!.id}/confirm`);
  expect(response.status, await response.clone().text()).toBe(200);
}

const SHIRT: [string, number][] = [['BAL-RPA-BLA-M', 1]];

describe('customers', () => {
  it('checkout makes one customer per email for guests (named after the address) and links signed-in users', async () => {
    const catalog = await createCatalogStore();
    const first = await placeOrder(catalog, SHIRT, {
      email: 'Maria@Example.com',
      shippingAddress: { ...TEST_ADDRESS, name: 'María Gómez', phone: '+54 11 5555' },
    });
    const second = await placeOrder(catalog, SHIRT, { email: 'maria@example.com' });
    const customerId = await customerIdOf(first.id);
    expect(await customerIdOf(second.id)).toBe(customerId);
    const [row] = await testDb().select().from(customers).where(eq(customers.id, customerId));
    expect(row).toMatchObject({
      email: 'maria@example.com',
      name: 'María Gómez',
      phone: '+54 11 5555',
      userId: null,
      orderCount: 0,
    });

    const user = await createTestUser();
    const token = await accessTokenFor(user, []);
    const response = await postCheckout(
      catalog.slug,
      checkoutBody(
        catalog,
        { items: [{ variantId: catalog.variant('BAL-RPA-BLA-M').id, quantity: 1 }] },
        { email: user.email },
      ),
      {
        headers: { authorization: `Bearer ${token}` },
      },
    );
    expect(response.status, await response.clone().text()).toBe(201);
    const [linked] = await testDb()
      .select()
      .from(customers)
      .where(eq(customers.id, await customerIdOf((await response.json<PlacedOrder>()).id)));
    expect(linked).toMatchObject({ userId: user.id, email: user.email });
  });

  it('keeps total spent, order count, last order and segment right through a mixed history of paid, cancelled and refunded orders', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const a = await orderIn(catalog, call, 'paid', SHIRT);
    const customerId = await customerIdOf(a.id);
    expect(await statsOf(customerId)).toEqual({
      orderCount: 1,
      totalSpent: a.totals.total,
      segment: 'new',
      lastOrderAt: await createdAt(a.id),
    });

    const b = await orderIn(catalog, call, 'delivered', [['BAL-RPA-BLA-M', 2]]);
    expect((await call('POST', `/orders/${b.id}/refunds`, { amount: 700 })).status).toBe(201);
    let spent = a.totals.total + b.totals.total - 700;
    expect(await statsOf(customerId)).toEqual({
      orderCount: 2,
      totalSpent: spent,
      segment: 'regular',
      lastOrderAt: await createdAt(b.id),
    });

    // Unpaid then cancelled, and paid then cancelled: neither counts.
    await orderIn(catalog, call, 'cancelled', SHIRT);
    const d = await orderIn(catalog, call, 'preparing', SHIRT);
    expect((await statsOf(customerId)).orderCount).toBe(3);
    expect((await moveOrder(call, d.id, 'cancelled', 'Out of stock')).status).toBe(200);
    expect(await statsOf(customerId)).toEqual({
      orderCount: 2,
      totalSpent: spent,
      segment: 'regular',
      lastOrderAt: await createdAt(b.id),
    });

    // Paid, then refunded in full: an order they kept, for nothing.
    const e = await orderIn(catalog, call, 'paid', SHIRT);
    expect((await call('POST', `/orders/${e.id}/refunds`, { amount: e.totals.total })).status).toBe(201);
    expect(await statsOf(customerId)).toEqual({
      orderCount: 3,
      totalSpent: spent,
      segment: 'regular',
      lastOrderAt: await createdAt(e.id),
    });

    // A staff confirmation counts like the status move; the fifth kept order makes a VIP.
    const f = await placeOrder(catalog, SHIRT);
    await confirm(call, f);
    const g = await orderIn(catalog, call, 'shipped', SHIRT);
    spent += f.totals.total + g.totals.total;
    expect(await statsOf(customerId)).toEqual({
      orderCount: 5,
      totalSpent: spent,
      segment: 'vip',
      lastOrderAt: await createdAt(g.id),
    });

    const { rows } = await testDb().execute<{ count: string }>(
      sql`SELECT count(*) FROM customers WHERE store_id = ${catalog.storeId}`,
    );
    expect(Number(rows[0]!.count)).toBe(1);
  });

  it('a card payment confirmed by its webhook updates the figures in the same transaction; the store’s vipTotalSpent makes a VIP', async () => {
    const catalog = await createCatalogStore();
    await testDb().execute(
      sql`UPDATE stores SET settings = settings || '{"vipTotalSpent": 100000}' WHERE id = ${catalog.storeId}`,
    );
    const keys = await setUpStripe(catalog);
    const order = await placeCardOrder(catalog);
    const customerId = await customerIdOf(order.id);
    const response = await sendWebhook(
      catalog.slug,
      stripeEvent('payment_intent.succeeded', paymentIntentObject(order)),
      keys.webhookSecret,
    );
    expect(response.status).toBe(200);
    expect(await statsOf(customerId)).toMatchObject({ orderCount: 1, totalSpent: order.totals.total, segment: 'vip' });
  });

  it('staff list customers with search and segment, and open one with their orders; another store’s customer is a 404', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const paid = await orderIn(catalog, call, 'paid', SHIRT);
    await placeOrder(catalog, SHIRT, {
      email: 'bruno@shop.test',
      shippingAddress: { ...TEST_ADDRESS, name: 'Bruno Díaz', phone: '+54 9 11 4444' },
    });

    const { requests, result } = await countRoundTrips(() => call('GET', '/customers'));
    expect(requests).toBe(1);
    const all = (await result.json<{ data: Customer[] }>()).data;
    expect(all.map((row) => row.email)).toEqual(['bruno@shop.test', 'ana@example.com']);
    const names = async (query: string) =>
      (await (await call('GET', `/customers?${query}`)).json<{ data: Customer[] }>()).data.map((row) => row.email);
    expect(await names('q=BRUNO')).toEqual(['bruno@shop.test']);
    expect(await names('q=d%C3%ADaz')).toEqual(['bruno@shop.test']);
    expect(await names('q=4444')).toEqual(['bruno@shop.test']);
    expect(await names('q=example.com')).toEqual(['ana@example.com']);
    expect(await names('segment=vip')).toEqual([]);
    expect((await call('GET', '/customers?segment=gold')).status).toBe(422);

    const ana = all[1]!;
    const detail = await (await call('GET', `/customers/${ana.id}`)).json<Customer>();
    expect(detail).toMatchObject({
      email: 'ana@example.com',
      orderCount: 1,
      totalSpent: paid.totals.total,
      hasAccount: false,
      orders: [{ id: paid.id }],
    });

    const other = await createCatalogStore();
    expect((await (await ownerOf(other))('GET', `/customers/${ana.id}`)).status).toBe(404);
    expect((await call('GET', `/customers/${crypto.randomUUID()}`)).status).toBe(404);
  });
});
