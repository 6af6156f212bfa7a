import { describe, expect, it } from 'vitest';
import { api } from '../helpers/api';
import { countRoundTrips } from '../helpers/api';
import { createCatalogStore } from '../helpers/catalog';
import { ORDER_TOKEN_HEADER } from '../../src/schemas/checkout';
import { adminOrder, moveOrder, orderIn } from '../helpers/orders';
import { eventTypes, ownerOf, paymentFootprint } from '../helpers/payments';

interface Shipment {
  id: string;
  orderId: string;
  carrier: string;
  trackingNumber: string | null;
  labelUrl: string | null;
  status: string;
  shippedAt: string | null;
  deliveredAt: string | null;
}

const PARCEL = {
  carrier: 'Correo Argentino',
  trackingNumber: 'CA123456789AR',
  labelUrl: 'https://labels.example/CA123456789AR.pdf',
};

describe('shipments', () => {
  it('shipping a paid order passes it through preparing to shipped; the buyer sees carrier and tracking, never the label', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const order = await orderIn(catalog, call, 'paid');

    const { requests, result } = await countRoundTrips(() => call('POST', `/orders/${order.id}/shipments`, PARCEL));
    expect(result.status, await result.clone().text()).toBe(201);
    expect(requests).toBe(1);
    const shipment = await result.json<Shipment>();
    expect(shipment).toMatchObject({ ...PARCEL, orderId: order.id, status: 'created', shippedAt: null });

    const staffView = await adminOrder(call, order.id);
    expect(staffView.status).toBe('shipped');
    expect(staffView.history.map((row) => [row.from, row.to, row.reason])).toEqual([
      [null, 'pending_payment', 'checkout'],
      ['pending_payment', 'paid', 'payment_confirmed'],
      ['paid', 'preparing', 'shipment_created'],
      ['preparing', 'shipped', 'shipment_created'],
    ]);
    expect(staffView.shipments).toMatchObject([{ id: shipment.id, trackingNumber: 'CA123456789AR' }]);
    expect(await eventTypes(order.id)).toEqual(expect.arrayContaining(['order.preparing', 'order.shipped']));

    const buyerView = await (
      await api(`/v1/stores/${catalog.slug}/orders/${order.id}`, {
        headers: { [ORDER_TOKEN_HEADER]: order.accessToken! },
      })
    ).json<Record<string, unknown>>();
    expect(buyerView).toMatchObject({
      status: 'shipped',
      shipments: [{ carrier: 'Correo Argentino', trackingNumber: 'CA123456789AR', status: 'created' }],
    });
    expect(JSON.stringify(buyerView)).not.toContain('labels.example');
    expect(buyerView.shippedAt).not.toBeNull();
  });

  it('in transit, then delivered: the order is delivered once its last parcel is; events for each step', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const order = await orderIn(catalog, call, 'preparing');
    const first = await (await call('POST', `/orders/${order.id}/shipments`, PARCEL)).json<Shipment>();
    const second = await (await call('POST', `/orders/${order.id}/shipments`, { carrier: 'OCA' })).json<Shipment>();

    const moving = await call('PATCH', `/shipments/${first.id}`, { status: 'in_transit' });
    expect(moving.status, await moving.clone().text()).toBe(200);
    expect(await moving.json()).toMatchObject({
      status: 'in_transit',
      shippedAt: expect.any(String),
      deliveredAt: null,
    });
    // The same status again changes nothing.
    expect((await call('PATCH', `/shipments/${first.id}`, { status: 'in_transit' })).status).toBe(200);

    const { requests, result } = await countRoundTrips(() =>
      call('PATCH', `/shipments/${first.id}`, { status: 'delivered' }),
    );
    expect(requests).toBe(1);
    expect(await result.json()).toMatchObject({ status: 'delivered', deliveredAt: expect.any(String) });
    expect((await adminOrder(call, order.id)).status).toBe('shipped');

    await call('PATCH', `/shipments/${second.id}`, { status: 'delivered', trackingNumber: 'OCA-77' });
    const delivered = await adminOrder(call, order.id);
    expect(delivered).toMatchObject({ status: 'delivered', allowedTransitions: [] });
    expect(delivered.history.at(-1)).toMatchObject({ from: 'shipped', to: 'delivered', reason: 'shipment_delivered' });
    expect(delivered.timestamps.deliveredAt).not.toBeNull();

    const types = await eventTypes(order.id);
    expect(types.filter((type) => type === 'order.delivered')).toHaveLength(1);
    const going = await call('GET', `/shipments?orderId=${order.id}`);
    expect(
      (await going.json<{ data: Shipment[] }>()).data.map((row) => [row.id, row.status, row.trackingNumber]),
    ).toEqual([
      [second.id, 'delivered', 'OCA-77'],
      [first.id, 'delivered', 'CA123456789AR'],
    ]);
  });

  it('refuses shipping an unpaid, delivered or cancelled order, a status that goes back, and bad bodies, changing nothing', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    for (const status of ['pending_payment', 'cancelled'] as const) {
      const order = await orderIn(catalog, call, status, [['BAL-RPA-BLA-M', 1]]);
      const before = await paymentFootprint(order.id);
      const response = await call('POST', `/orders/${order.id}/shipments`, PARCEL);
      expect(response.status, status).toBe(409);
      expect(await response.json()).toMatchObject({ code: 'invalid_transition' });
      expect(await paymentFootprint(order.id)).toEqual(before);
      expect((await adminOrder(call, order.id)).shipments).toEqual([]);
    }
    const order = await orderIn(catalog, call, 'paid', [['BAL-RPA-BLA-M', 1]]);
    for (const body of [
      {},
      { carrier: '' },
      { carrier: 'X', labelUrl: 'http://insecure.example/label' },
      { carrier: 'X', labelUrl: 'javascript:alert(1)' },
      { carrier: 'X', extra: true },
    ]) {
      const response = await call('POST', `/orders/${order.id}/shipments`, body);
      expect(response.status, JSON.stringify(body)).toBe(422);
    }
    expect((await adminOrder(call, order.id)).status).toBe('paid');

    const shipment = await (await call('POST', `/orders/${order.id}/shipments`, PARCEL)).json<Shipment>();
    await call('PATCH', `/shipments/${shipment.id}`, { status: 'delivered' });
    expect((await adminOrder(call, order.id)).status).toBe('delivered');
    const back = await call('PATCH', `/shipments/${shipment.id}`, { status: 'in_transit' });
    expect(back.status).toBe(409);
    expect(await back.json()).toMatchObject({ code: 'invalid_transition' });
    for (const body of [{}, { status: 'created' }, { status: 'lost' }]) {
      expect((await call('PATCH', `/shipments/${shipment.id}`, body)).status, JSON.stringify(body)).toBe(422);
    }
    const another = await call('POST', `/orders/${order.id}/shipments`, PARCEL);
    expect(another.status).toBe(409);
  });

  it('delivering through the status endpoint settles the shipments still under way', async () => {
    const catalog = await createCatalogStore();
    const call = await ownerOf(catalog);
    const order = await orderIn(catalog, call, 'paid', [['BAL-RPA-BLA-M', 1]]);
    const shipment = await (await call('POST', `/orders/${order.id}/shipments`, PARCEL)).json<Shipment>();
    expect((await moveOrder(call, order.id, 'delivered')).status).toBe(200);
    expect(await (await call('GET', `/shipments/${shipment.id}`)).json()).toMatchObject({
      status: 'delivered',
      deliveredAt: expect.any(String),
    });
  });
});
