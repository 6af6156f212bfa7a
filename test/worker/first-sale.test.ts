import { describe, expect, it } from 'vitest';
import { api, jsonBody } from '../helpers/api';
import { uniqueAddress, uniqueEmail } from '../helpers/auth';

/**
 * A merchant goes from sign-up to first sale through the API alone, as a new
 * user would: every step is an HTTP call, nothing is written or read with SQL.
 */

type Json = Record<string, any>;

/** Calls the API and answers the JSON body, failing the test on an unexpected status. */
async function call(path: string, init: RequestInit, status: number): Promise<Json> {
  const response = await api(path, init);
  const text = await response.text();
  expect(response.status, `${init.method ?? 'GET'} ${path}: ${text}`).toBe(status);
  return text ? JSON.parse(text) : {};
}

const as = (credential: string, init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: { ...init.headers, authorization: `Bearer ${credential}` },
});

const patch = (body: unknown) => jsonBody(body, { method: 'PATCH' });

describe('zero to first sale, over HTTP only', () => {
  it('registers, opens a store, sets it up, imports and stocks a catalog, sells, ships, refunds, and the books agree', async () => {
    // A merchant signs up and creates their store; the answer's token already holds the owner role.
    const merchant = await call(
      '/v1/auth/register',
      jsonBody(
        { email: uniqueEmail('merchant'), name: 'Marta Merchant', password: 'a long enough password' },
        { headers: { 'cf-connecting-ip': uniqueAddress() } },
      ),
      201,
    );
    const slug = `first-sale-${crypto.randomUUID().slice(0, 8)}`;
    const created = await call(
      '/v1/stores',
      as(merchant.accessToken, jsonBody({ slug, name: 'Primera Venta', currency: 'ARS' })),
      201,
    );
    const owner = created.accessToken as string;
    const admin = `/v1/admin/stores/${slug}`;

    // Settings: bank transfer with its instructions, 21 % tax.
    const instructions = 'CBU 0000003100010000000001, Primera Venta SRL. Send the receipt by WhatsApp.';
    const settled = await call(
      admin,
      as(
        owner,
        patch({
          description: 'Remeras estampadas a mano.',
          settings: { paymentMethods: ['bank_transfer'], bankTransferInstructions: instructions, taxRateBps: 2100 },
        }),
      ),
      200,
    );
    expect(settled.settings).toMatchObject({ paymentMethods: ['bank_transfer'], taxRateBps: 2100 });

    // A shipping rate to Argentina, free over 100,000.
    const rate = await call(
      `${admin}/shipping-rates`,
      as(
        owner,
        jsonBody({
          name: 'Correo Argentino',
          countries: ['AR'],
          amount: 5000,
          freeOverAmount: 10_000_000,
          minDeliveryDays: 2,
          maxDeliveryDays: 5,
        }),
      ),
      201,
    );

    // Option types, then the catalog imported by an integration's API key.
    await call(
      `${admin}/option-types`,
      as(owner, jsonBody({ name: 'Size', kind: 'size', values: [{ value: 'S' }, { value: 'M' }] })),
      201,
    );
    const key = await call(
      `${admin}/api-keys`,
      as(
        owner,
        jsonBody({ name: 'ERP', scopes: ['catalog:read', 'catalog:write', 'inventory:read', 'inventory:write'] }),
      ),
      201,
    );
    const imported = await call(
      `${admin}/products/bulk`,
      as(
        key.secret,
        jsonBody({
          products: [
            {
              slug: 'remera-sol',
              name: 'Remera Sol',
              status: 'active',
              variants: [
                { sku: 'SOL-S', options: { Size: 'S' }, price: { amount: 1_500_000 } },
                { sku: 'SOL-M', options: { Size: 'M' }, price: { amount: 1_500_000 } },
              ],
            },
          ],
        }),
      ),
      200,
    );
    expect(imported.data).toEqual([expect.objectContaining({ slug: 'remera-sol', created: true })]);

    // Stock it: ten of each size arrive.
    const stock = await call(`${admin}/inventory`, as(key.secret), 200);
    expect(stock.data).toHaveLength(2);
    for (const variant of stock.data) {
      await call(
        `${admin}/inventory/${variant.variantId}/adjustments`,
        as(key.secret, jsonBody({ type: 'inbound', quantity: 10, reason: 'First delivery', version: variant.version })),
        201,
      );
    }

    // The storefront lists it; a shopper buys two M by bank transfer.
    const listed = await call(`/v1/stores/${slug}/products`, {}, 200);
    expect(listed.data.map((product: Json) => product.slug)).toEqual(['remera-sol']);
    const product = await call(`/v1/stores/${slug}/products/remera-sol`, {}, 200);
    const medium = product.variants.find((variant: Json) => variant.sku === 'SOL-M');
    const rates = await call(`/v1/stores/${slug}/shipping-rates?country=AR`, {}, 200);
    expect(rates.data.map((each: Json) => each.id)).toEqual([rate.id]);
    const cart = await call(
      `/v1/stores/${slug}/carts`,
      jsonBody({ items: [{ variantId: medium.id, quantity: 2 }] }),
      201,
    );
    const order = await call(
      `/v1/stores/${slug}/checkout`,
      jsonBody(
        {
          cartId: cart.id,
          cartToken: cart.token,
          email: 'ana@example.com',
          shippingAddress: { name: 'Ana Pérez', line1: 'Av. Corrientes 1234', city: 'Buenos Aires', country: 'AR' },
          shippingRateId: rate.id,
          paymentMethod: 'bank_transfer',
        },
        { headers: { 'idempotency-key': crypto.randomUUID(), 'cf-connecting-ip': uniqueAddress() } },
      ),
      201,
    );
    expect(order.payment.instructions.text).toBe(instructions);
    // 2 × 15,000.00 + 50.00 shipping + 21 % of the merchandise.
    expect(order.totals).toMatchObject({
      subtotal: 3_000_000,
      shipping: 5000,
      tax: 630_000,
      discount: 0,
      total: 3_635_000,
    });

    // The owner confirms the transfer, ships, the carrier delivers.
    await call(
      `${admin}/payments/${order.payment.id}/confirm`,
      as(owner, jsonBody({ referenceSeen: 'TRX-0001' })),
      200,
    );
    const shipment = await call(
      `${admin}/orders/${order.id}/shipments`,
      as(owner, jsonBody({ carrier: 'Correo Argentino', trackingNumber: 'CA000000001AR' })),
      201,
    );
    await call(`${admin}/shipments/${shipment.id}`, as(owner, patch({ status: 'delivered' })), 200);

    // One of the two comes back: refunded and restocked.
    const detail = await call(`${admin}/orders/${order.id}`, as(owner), 200);
    expect(detail.status).toBe('delivered');
    await call(
      `${admin}/orders/${order.id}/refunds`,
      as(
        owner,
        jsonBody({
          amount: 1_815_000,
          reason: 'Too small',
          restock: [{ orderItemId: detail.items[0].id, quantity: 1 }],
        }),
      ),
      201,
    );

    // Stock and ledger agree: 10 + 10 in, 2 sold, 1 back.
    const reconciliation = await call(`${admin}/inventory/reconciliation`, as(owner), 200);
    expect(reconciliation).toMatchObject({ variants: 2, reconciled: true, mismatches: [] });
    const after = await call(`${admin}/inventory/${medium.id}`, as(owner), 200);
    expect(after).toMatchObject({ onHand: 9, reserved: 0 });
    const payment = await call(`${admin}/payments/${order.payment.id}`, as(owner), 200);
    expect(payment.status).toBe('partially_refunded');

    // The audit log tells the whole story, oldest first.
    const audit = await call(`${admin}/audit-log?limit=100`, as(owner), 200);
    const story = audit.data.map((entry: Json) => entry.action).reverse();
    expect(story).toEqual([
      'store.created',
      'store.updated',
      'shipping_rate.created',
      'option.created',
      'api_key.created',
      'catalog.bulk_upserted',
      'inventory.adjusted',
      'inventory.adjusted',
      'payment.confirmed',
      'shipment.created',
      'shipment.updated',
      'refund.created',
    ]);
  });
});
