import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { countRoundTrips } from '../helpers/api';
import { createCatalogStore } from '../helpers/catalog';
import { ownerOf, placeOrder } from '../helpers/payments';
import { testDb } from '../helpers/stores';

/** The outbox events of `type` for aggregate `aggregateId` (or the whole store), oldest first. */
async function events(storeId: string, type: string, aggregateId?: string) {
  const { rows } = await testDb().execute<{
    aggregate_type: string;
    aggregate_id: string;
    payload: Record<string, unknown>;
  }>(
    sql`SELECT aggregate_type, aggregate_id, payload FROM events
      WHERE store_id = ${storeId} AND type = ${type} ${aggregateId ? sql`AND aggregate_id = ${aggregateId}` : sql``}
      ORDER BY id`,
  );
  return rows;
}

describe('the topics services emit with their change', () => {
  it('checkout emits payment.created for the payment, and customer.created for a new customer only, in its one round trip', async () => {
    const catalog = await createCatalogStore();
    const first = await countRoundTrips(() =>
      placeOrder(catalog, [['BAL-RPA-BLA-M', 1]], { email: 'nueva@example.com' }),
    );
    expect(first.requests).toBe(1);
    const order = first.result;
    expect(await events(catalog.storeId, 'payment.created', order.payment!.id)).toEqual([
      {
        aggregate_type: 'payment',
        aggregate_id: order.payment!.id,
        payload: expect.objectContaining({
          paymentId: order.payment!.id,
          orderId: order.id,
          method: 'bank_transfer',
          status: 'pending',
          amount: expect.any(Number),
        }),
      },
    ]);
    const customers = await events(catalog.storeId, 'customer.created');
    expect(customers).toEqual([
      {
        aggregate_type: 'customer',
        aggregate_id: expect.any(String),
        payload: expect.objectContaining({ email: 'nueva@example.com', source: 'checkout' }),
      },
    ]);
    // The same buyer again: a second payment, no second customer.
    await placeOrder(catalog, [['BAL-RPA-BLA-M', 1]], { email: 'nueva@example.com' });
    expect(await events(catalog.storeId, 'payment.created')).toHaveLength(2);
    expect(await events(catalog.storeId, 'customer.created')).toHaveLength(1);
  });

  it('staff creating a customer emits customer.created', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const created = await countRoundTrips(() =>
      call('POST', '/customers', { email: 'staff-made@example.com', name: 'Rosa' }),
    );
    expect(created.result.status, await created.result.clone().text()).toBe(201);
    expect(created.requests).toBe(1);
    const customer = await created.result.json<{ id: string }>();
    expect(await events(catalog.storeId, 'customer.created', customer.id)).toEqual([
      {
        aggregate_type: 'customer',
        aggregate_id: customer.id,
        payload: expect.objectContaining({
          customerId: customer.id,
          email: 'staff-made@example.com',
          name: 'Rosa',
          source: 'staff',
        }),
      },
    ]);
    // A refused creation (the email is taken) emits nothing.
    expect((await call('POST', '/customers', { email: 'staff-made@example.com' })).status).toBe(409);
    expect(await events(catalog.storeId, 'customer.created')).toHaveLength(1);
  });

  it('changing and deleting a product emit product.updated (naming the fields) and product.deleted', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const productId = catalog.variant('BAL-RPA-BLA-M').productId;
    const changed = await countRoundTrips(() => call('PATCH', `/products/${productId}`, { name: 'Remera nueva' }));
    expect(changed.result.status, await changed.result.clone().text()).toBe(200);
    expect(changed.requests).toBe(1);
    expect(await events(catalog.storeId, 'product.updated', productId)).toEqual([
      {
        aggregate_type: 'product',
        aggregate_id: productId,
        payload: expect.objectContaining({ id: productId, name: 'Remera nueva', changed: ['name'] }),
      },
    ]);
    const deleted = await countRoundTrips(() => call('DELETE', `/products/${productId}`));
    expect(deleted.result.status, await deleted.result.clone().text()).toBe(204);
    expect(deleted.requests).toBe(1);
    expect(await events(catalog.storeId, 'product.deleted', productId)).toEqual([
      {
        aggregate_type: 'product',
        aggregate_id: productId,
        payload: expect.objectContaining({ id: productId, name: 'Remera nueva' }),
      },
    ]);
  });

  it('a product with orders is not deleted, and no product.deleted is emitted', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    await placeOrder(catalog, [['BAL-RPA-BLA-M', 1]]);
    const productId = catalog.variant('BAL-RPA-BLA-M').productId;
    expect((await call('DELETE', `/products/${productId}`)).status).toBe(409);
    expect(await events(catalog.storeId, 'product.deleted')).toEqual([]);
  });

  it('a stock adjustment emits inventory.adjusted with the new stock; a stale one emits nothing', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const variant = catalog.variant('BAL-HOE-NEG-M'); // 12 on hand
    const body = { type: 'inbound', quantity: 5, reason: 'Delivery 42', version: 1 };
    const adjusted = await countRoundTrips(() => call('POST', `/inventory/${variant.id}/adjustments`, body));
    expect(adjusted.result.status, await adjusted.result.clone().text()).toBe(201);
    expect(adjusted.requests).toBe(1);
    expect(await events(catalog.storeId, 'inventory.adjusted', variant.id)).toEqual([
      {
        aggregate_type: 'variant',
        aggregate_id: variant.id,
        payload: expect.objectContaining({
          variantId: variant.id,
          productId: variant.productId,
          sku: 'BAL-HOE-NEG-M',
          type: 'inbound',
          onHandDelta: 5,
          onHand: 17,
          available: 17,
          reason: 'Delivery 42',
        }),
      },
    ]);
    expect((await call('POST', `/inventory/${variant.id}/adjustments`, body)).status).toBe(409);
    expect(await events(catalog.storeId, 'inventory.adjusted')).toHaveLength(1);
  });
});
