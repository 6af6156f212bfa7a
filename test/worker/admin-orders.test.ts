import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog } from '../../src/db/schema';
import { countRoundTrips } from '../helpers/api';
import { createCatalogStore } from '../helpers/catalog';
import { adminOrder, orderIn } from '../helpers/orders';
import { ownerOf, paymentFootprint, placeOrder, type AdminCall } from '../helpers/payments';
import { testDb } from '../helpers/stores';

interface Summary {
  id: string;
  number: string;
  status: string;
  email: string;
  itemCount: number;
  paymentStatus: string | null;
  customer: { id: string } | null;
}

async function listIds(call: AdminCall, query: string): Promise<string[]> {
  const response = await call('GET', `/orders?${query}`);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json<{ data: Summary[] }>()).data.map((order) => order.id);
}

describe('admin orders', () => {
  it('lists newest first with filters and cursor pages, in one round trip', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const shirt: [string, number][] = [['BAL-RPA-BLA-M', 1]];
    const ana = await placeOrder(catalog, shirt, { email: 'ana@example.com' });
    const bruno = await placeOrder(catalog, [['BAL-RPA-BLA-M', 3]], { email: 'bruno@shop.test' });
    const anaAgain = await orderIn(catalog, call, 'paid', shirt);
    const cancelled = await orderIn(catalog, call, 'cancelled', shirt);
    // An order of last year, for the date range.
    await testDb().execute(sql`UPDATE orders SET created_at = '2025-03-01T12:00:00Z' WHERE id = ${ana.id}`);

    const { requests, result } = await countRoundTrips(() => call('GET', '/orders'));
    expect(requests).toBe(1);
    const all = await result.json<{ data: Summary[]; nextCursor: string | null }>();
    expect(all.data.map((order) => order.id)).toEqual([cancelled.id, anaAgain.id, bruno.id, ana.id]);
    expect(all.data[2]).toMatchObject({
      email: 'bruno@shop.test',
      itemCount: 3,
      paymentStatus: 'pending',
      status: 'pending_payment',
    });

    expect(await listIds(call, 'status=paid')).toEqual([anaAgain.id]);
    expect(await listIds(call, 'paymentStatus=cancelled')).toEqual([cancelled.id]);
    expect(await listIds(call, 'q=BRUNO@')).toEqual([bruno.id]);
    expect(await listIds(call, `q=${bruno.number.slice(-6).toLowerCase()}`)).toEqual([bruno.id]);
    expect(await listIds(call, 'to=2026-01-01T00:00:00Z')).toEqual([ana.id]);
    expect(await listIds(call, 'from=2026-01-01T00:00:00Z&status=pending_payment')).toEqual([bruno.id]);
    const anaCustomer = all.data[3]!.customer!.id;
    expect(all.data[1]!.customer!.id).toBe(anaCustomer);
    expect(await listIds(call, `customerId=${anaCustomer}`)).toEqual([cancelled.id, anaAgain.id, ana.id]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: Summary[]; nextCursor: string | null } = await (
        await call('GET', `/orders?limit=3${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      seen.push(...page.data.map((order) => order.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.data.map((order) => order.id));

    for (const query of [
      'status=lost',
      'from=yesterday',
      'from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z',
      'customerId=42',
      'limit=0',
      'q=',
      'sort=total',
    ]) {
      const response = await call('GET', `/orders?${query}`);
      expect(response.status, query).toBe(422);
    }
    expect((await call('GET', '/orders?cursor=bogus')).status).toBe(400);
  });

  it('shows one order whole, and keeps internal notes, audited', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const order = await orderIn(catalog, call, 'preparing', [
      ['BAL-HOE-NEG-M', 1],
      ['BAL-RPA-BLA-M', 2],
    ]);
    await call('POST', `/orders/${order.id}/refunds`, { amount: 500, reason: 'Late' });
    await call('POST', `/orders/${order.id}/shipments`, { carrier: 'OCA', trackingNumber: 'T1' });

    const patched = await call('PATCH', `/orders/${order.id}`, { internalNotes: 'Gift wrap; call before delivery.' });
    expect(patched.status, await patched.clone().text()).toBe(200);
    const detail = await adminOrder(call, order.id);
    expect(detail).toMatchObject({
      number: order.number,
      status: 'shipped',
      allowedTransitions: ['delivered'],
      internalNotes: 'Gift wrap; call before delivery.',
      items: [
        { sku: 'BAL-HOE-NEG-M', quantity: 1 },
        { sku: 'BAL-RPA-BLA-M', quantity: 2 },
      ],
      payments: [{ status: 'partially_refunded', refundedAmount: 500 }],
      refunds: [{ amount: 500, reason: 'Late', createdBy: { type: 'user' } }],
      shipments: [{ carrier: 'OCA', trackingNumber: 'T1', status: 'created' }],
      customer: { email: 'ana@example.com' },
    });
    expect(detail.history.map((row) => row.to)).toEqual(['pending_payment', 'paid', 'preparing', 'shipped']);

    await call('PATCH', `/orders/${order.id}`, { internalNotes: null });
    expect((await adminOrder(call, order.id)).internalNotes).toBeNull();
    const audit = await testDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, order.id), eq(auditLog.action, 'order.internal_notes_updated')));
    expect(audit.map((row) => row.after)).toEqual([
      { internalNotes: 'Gift wrap; call before delivery.' },
      { internalNotes: null },
    ]);
    expect((await call('PATCH', `/orders/${order.id}`, { internalNotes: 'x'.repeat(5001) })).status).toBe(422);
    expect((await call('PATCH', `/orders/${order.id}`, { notes: 'buyer note' })).status).toBe(422);
  });

  it('another store’s order and shipment are a 404 for every verb, and nothing changes', async () => {
    const mine = await createCatalogStore();
    const theirs = await createCatalogStore();
    const call = await ownerOf(mine);
    const theirCall = await ownerOf(theirs);
    const order = await orderIn(theirs, theirCall, 'paid', [['BAL-RPA-BLA-M', 1]]);
    const shipment = await (await theirCall('POST', `/orders/${order.id}/shipments`, { carrier: 'OCA' })).json<{
      id: string;
    }>();
    const before = await paymentFootprint(order.id);
    const attempts: [string, string, unknown?][] = [
      ['GET', `/orders/${order.id}`],
      ['PATCH', `/orders/${order.id}`, { internalNotes: 'mine now' }],
      ['POST', `/orders/${order.id}/status`, { status: 'delivered' }],
      ['POST', `/orders/${order.id}/status`, { status: 'cancelled', reason: 'Hostile' }],
      ['POST', `/orders/${order.id}/shipments`, { carrier: 'OCA' }],
      ['GET', `/orders/${order.id}/refunds`],
      ['POST', `/orders/${order.id}/refunds`, { amount: 100 }],
      ['GET', `/shipments/${shipment.id}`],
      ['PATCH', `/shipments/${shipment.id}`, { status: 'delivered' }],
    ];
    for (const [method, path, body] of attempts) {
      const response = await call(method, path, body);
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    expect(await listIds(call, '')).toEqual([]);
    expect(await listIds(call, `customerId=${(await adminOrder(theirCall, order.id)).customer!.id}`)).toEqual([]);
    expect(await paymentFootprint(order.id)).toEqual(before);
    const theirView = await adminOrder(theirCall, order.id);
    expect(theirView).toMatchObject({ status: 'shipped', internalNotes: null, shipments: [{ status: 'created' }] });
  });
});
