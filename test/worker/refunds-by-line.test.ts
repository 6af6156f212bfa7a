import { and, asc, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, orderItems, orders, refunds } from '../../src/db/schema';
import { countRoundTrips, type ProblemBody } from '../helpers/api';
import { createCatalogStore, type CatalogStore } from '../helpers/catalog';
import { stockOf } from '../helpers/checkout';
import { ownerOf, paymentFootprint, placeOrder } from '../helpers/payments';
import { testDb } from '../helpers/stores';

interface Refund {
  id: string;
  amount: number;
  status: string;
  items: { orderItemId: string; quantity: number }[];
  payment: { status: string; amount: number; refundedAmount: number };
}

/**
 * A paid order of two hoodies and a remera, whose lines carry a discount and
 * a tax as the pricing engine would have set them at checkout.
 */
async function paidOrder(catalog: CatalogStore, lines: { discount: number; tax: number }[], taxIncluded = 0) {
  const call = await ownerOf(catalog);
  const order = await placeOrder(catalog, [
    ['BAL-HOE-NEG-M', 2],
    ['BAL-RPA-BLA-M', 1],
  ]);
  expect((await call('POST', `/payments/${order.payment!.id}/confirm`)).status).toBe(200);
  for (const [index, line] of lines.entries()) {
    await testDb().update(orderItems).set(line).where(eq(orderItems.id, order.items[index]!.id));
  }
  await testDb().update(orders).set({ taxIncluded }).where(eq(orders.id, order.id));
  const [hoodie, remera] = order.items;
  return { call, order, hoodie: hoodie!, remera: remera! };
}

function refund(call: Awaited<ReturnType<typeof ownerOf>>, orderId: string, body: unknown) {
  return call('POST', `/orders/${orderId}/refunds`, body);
}

async function refunded(call: Awaited<ReturnType<typeof ownerOf>>, orderId: string, body: unknown): Promise<Refund> {
  const response = await refund(call, orderId, body);
  expect(response.status, await response.clone().text()).toBe(201);
  return response.json<Refund>();
}

describe('refunds by line', () => {
  it('without an amount, pays back what was paid for the units: line total less discount plus tax added, rounded half up, in one round trip', async () => {
    const catalog = await createCatalogStore();
    // The hoodies: 2 × 55,000.00 less 2,000.02 of discount plus 1,000.01 of tax added = 108,999.99 paid
    // (the payment, made before the lines were changed here, covers it).
    const { call, order, hoodie, remera } = await paidOrder(catalog, [
      { discount: 2_000_02, tax: 1_000_01 },
      { discount: 0, tax: 0 },
    ]);
    const paidForHoodies = hoodie.lineTotal - 2_000_02 + 1_000_01;

    const first = await countRoundTrips(() =>
      refund(call, order.id, { items: [{ orderItemId: hoodie.id, quantity: 1 }], reason: 'Una vino fallada' }),
    );
    expect(first.result.status, await first.result.clone().text()).toBe(201);
    expect(first.requests).toBe(1);
    const one = await first.result.json<Refund>();
    // Half of 108,999.99 is 54,499.995: half up.
    expect(one.amount).toBe(Math.round(paidForHoodies / 2));
    expect(one.amount).toBe(54_500_00);
    expect(one.items).toEqual([{ orderItemId: hoodie.id, quantity: 1 }]);
    expect(one.payment).toMatchObject({ status: 'partially_refunded', refundedAmount: one.amount });

    // The second hoodie takes what is left of the line: together, exactly what was paid for it.
    const two = await refunded(call, order.id, { items: [{ orderItemId: hoodie.id, quantity: 1 }] });
    expect(two.amount).toBe(paidForHoodies - one.amount);
    expect(one.amount + two.amount).toBe(paidForHoodies);

    // The remera, with restock as before: what it cost, and its unit back in stock.
    const stock = await stockOf(catalog.variant('BAL-RPA-BLA-M').id!);
    const three = await refunded(call, order.id, {
      items: [{ orderItemId: remera.id, quantity: 1 }],
      restock: [{ orderItemId: remera.id, quantity: 1 }],
    });
    expect(three.amount).toBe(remera.lineTotal);
    expect((await stockOf(catalog.variant('BAL-RPA-BLA-M').id!)).onHand).toBe(stock.onHand + 1);

    const list = await (await call('GET', `/orders/${order.id}/refunds`)).json<{ data: Refund[] }>();
    expect(list.data.map((row) => [row.amount, row.items.map((line) => line.quantity)])).toEqual([
      [one.amount, [1]],
      [two.amount, [1]],
      [three.amount, [1]],
    ]);
    const audit = await testDb()
      .select({ after: auditLog.after })
      .from(auditLog)
      .where(and(eq(auditLog.entityId, one.id), eq(auditLog.action, 'refund.created')));
    expect(audit[0]!.after).toMatchObject({ amount: one.amount, items: [{ orderItemId: hoodie.id, quantity: 1 }] });
  });

  it('leaves out the tax an order’s prices included, and takes an amount as given with the lines it names', async () => {
    const catalog = await createCatalogStore();
    const { call, order, hoodie, remera } = await paidOrder(
      catalog,
      [
        { discount: 5_000_00, tax: 18_181_82 },
        { discount: 0, tax: 3_000_00 },
      ],
      21_181_82,
    );
    // Inclusive: the tax is inside the line total, so a hoodie is half of (110,000.00 - 5,000.00).
    const hoodieRefund = await refunded(call, order.id, { items: [{ orderItemId: hoodie.id, quantity: 1 }] });
    expect(hoodieRefund.amount).toBe((hoodie.lineTotal - 5_000_00) / 2);

    // An amount given is the amount; its lines still count as refunded.
    const goodwill = await refunded(call, order.id, {
      amount: 100,
      items: [{ orderItemId: remera.id, quantity: 1 }],
    });
    expect(goodwill).toMatchObject({ amount: 100, items: [{ orderItemId: remera.id, quantity: 1 }] });
    const none = await refund(call, order.id, { items: [{ orderItemId: remera.id, quantity: 1 }] });
    expect(none.status).toBe(409);
    expect((await none.json<ProblemBody>()).errors).toEqual([expect.objectContaining({ path: 'items.0.quantity' })]);

    // Two lines at once: the hoodie left and nothing else.
    const rest = await refunded(call, order.id, { items: [{ orderItemId: hoodie.id, quantity: 1 }] });
    expect(rest.amount).toBe(hoodie.lineTotal - 5_000_00 - hoodieRefund.amount);
  });

  it('refuses more units than are left of a line (409), a line of another order (422), and lines paid nothing (422), changing nothing', async () => {
    const catalog = await createCatalogStore();
    const { call, order, hoodie, remera } = await paidOrder(catalog, [
      { discount: 0, tax: 0 },
      { discount: 0, tax: 0 },
    ]);
    const other = await paidOrder(catalog, [
      { discount: 0, tax: 0 },
      { discount: 0, tax: 0 },
    ]);
    await refunded(call, order.id, { items: [{ orderItemId: hoodie.id, quantity: 1 }] });
    const before = await paymentFootprint(order.id);

    const over = await countRoundTrips(() =>
      refund(call, order.id, {
        items: [
          { orderItemId: remera.id, quantity: 1 },
          { orderItemId: hoodie.id, quantity: 2 },
        ],
      }),
    );
    expect(over.result.status).toBe(409);
    expect(over.requests).toBe(1);
    const problem = await over.result.json<ProblemBody>();
    expect(problem.code).toBe('conflict');
    expect(problem.detail).toMatch(/Only 1 units/);
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'items.1.quantity' })]);

    const foreign = await refund(call, order.id, { items: [{ orderItemId: other.hoodie.id, quantity: 1 }] });
    expect(foreign.status).toBe(422);
    expect((await foreign.json<ProblemBody>()).errors).toEqual([
      expect.objectContaining({ path: 'items.0.orderItemId' }),
    ]);

    // Shapes the schema refuses.
    const bad: unknown[] = [
      {},
      { reason: 'nada' },
      { items: [] },
      { items: null },
      { items: 'all' },
      { items: [{ orderItemId: remera.id }] },
      { items: [{ orderItemId: remera.id, quantity: 0 }] },
      { items: [{ orderItemId: remera.id, quantity: -1 }] },
      { items: [{ orderItemId: remera.id, quantity: 1.5 }] },
      { items: [{ orderItemId: remera.id, quantity: '1' }] },
      { items: [{ orderItemId: remera.id, quantity: 1e9 }] },
      { items: [{ orderItemId: 'remera', quantity: 1 }] },
      { items: [{ orderItemId: remera.id, quantity: 1, amount: 5 }] },
      {
        items: [
          { orderItemId: remera.id, quantity: 1 },
          { orderItemId: remera.id, quantity: 1 },
        ],
      },
      { items: Array.from({ length: 101 }, () => ({ orderItemId: crypto.randomUUID(), quantity: 1 })) },
      { amount: 0, items: [{ orderItemId: remera.id, quantity: 1 }] },
      { amount: 1, reason: 'Rota\u0000' },
    ];
    for (const body of bad) {
      const response = await refund(call, order.id, body);
      expect(response.status, JSON.stringify(body).slice(0, 200)).toBe(422);
      expect((await response.json<ProblemBody>()).code).toBe('validation_failed');
    }

    // A line fully discounted was paid nothing: there is nothing to refund by it, unless an amount is given.
    await testDb().update(orderItems).set({ discount: remera.lineTotal }).where(eq(orderItems.id, remera.id));
    const free = await refund(call, order.id, { items: [{ orderItemId: remera.id, quantity: 1 }] });
    expect(free.status).toBe(422);
    expect((await free.json<ProblemBody>()).errors).toEqual([expect.objectContaining({ path: 'amount' })]);
    expect(await paymentFootprint(order.id)).toEqual(before);
    expect(
      (await refunded(call, order.id, { amount: 500, items: [{ orderItemId: remera.id, quantity: 1 }] })).amount,
    ).toBe(500);
  });

  it('refuses a line named twice in another letter case (items and restock): 422, nothing refunded or restocked', async () => {
    const catalog = await createCatalogStore();
    const { call, order, hoodie } = await paidOrder(catalog, [
      { discount: 0, tax: 0 },
      { discount: 0, tax: 0 },
    ]);
    const before = await paymentFootprint(order.id);
    const stock = await stockOf(catalog.variant('BAL-HOE-NEG-M').id!);
    // Two hoodies sold: the same line twice, once in capitals, would refund and restock four.
    const twice = (quantity: number) => [
      { orderItemId: hoodie.id, quantity },
      { orderItemId: hoodie.id.toUpperCase(), quantity },
    ];
    for (const body of [
      { amount: 100, items: twice(2) },
      { amount: 100, restock: twice(2) },
    ]) {
      const response = await refund(call, order.id, body);
      expect(response.status, JSON.stringify(body)).toBe(422);
      const problem = await response.json<ProblemBody>();
      expect(problem.code).toBe('validation_failed');
      expect(problem.errors).toEqual([
        expect.objectContaining({ path: `${Object.keys(body).at(-1)}[1].orderItemId`, message: 'Listed twice.' }),
      ]);
    }
    expect(await paymentFootprint(order.id)).toEqual(before);
    expect(await stockOf(catalog.variant('BAL-HOE-NEG-M').id!)).toEqual(stock);
  });

  it('counts a failed refund’s lines as not refunded', async () => {
    const catalog = await createCatalogStore();
    const { call, order, remera } = await paidOrder(catalog, [
      { discount: 0, tax: 0 },
      { discount: 0, tax: 0 },
    ]);
    const first = await refunded(call, order.id, { items: [{ orderItemId: remera.id, quantity: 1 }] });
    expect((await refund(call, order.id, { items: [{ orderItemId: remera.id, quantity: 1 }] })).status).toBe(409);
    // As a card refund Stripe refused ends: failed, and no longer counted against the payment.
    await testDb().update(refunds).set({ status: 'failed' }).where(eq(refunds.id, first.id));
    await testDb().execute(
      sql`UPDATE payments SET refunded_amount = 0, status = 'confirmed' WHERE order_id = ${order.id}`,
    );
    const again = await refunded(call, order.id, { items: [{ orderItemId: remera.id, quantity: 1 }] });
    expect(again.amount).toBe(remera.lineTotal);
    const rows = await testDb().select().from(refunds).where(eq(refunds.orderId, order.id)).orderBy(asc(refunds.id));
    expect(rows.map((row) => row.status)).toEqual(['failed', 'succeeded']);
  });
});
