import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { stores, variants } from '../../src/db/schema';
import { api, jsonBody } from '../helpers/api';
import { createCatalogStore } from '../helpers/catalog';
import { checkoutBody, postCheckout, type PlacedOrder } from '../helpers/checkout';
import { seededRandom } from '../helpers/seeded-random';
import { testDb } from '../helpers/stores';

interface Priced {
  items: { variantId: string; quantity: number; unitPrice: number | null; lineTotal: number }[];
  totals: { subtotal: number; discount: number; shipping: number; tax: number; total: number };
}

describe('totals, a property over random carts', () => {
  it('hold total = items + shipping + tax − discount, with the documented shipping and rounding rules, in the cart and in its order', async () => {
    const catalog = await createCatalogStore();
    const db = testDb();
    // Stock is not what this test is about: enough of everything.
    await db.update(variants).set({ onHand: 100_000 }).where(eq(variants.storeId, catalog.storeId));
    const seed = Date.now() % 1_000_000;
    const rng = seededRandom(seed);
    const priceOf = new Map(catalog.prices.map((price) => [price.variantId ?? '', price.amount]));
    const sellable = catalog.variants.filter((variant) => priceOf.has(variant.id!));

    for (let round = 0; round < 25; round++) {
      const taxRateBps = rng.int(0, 2500);
      await db.update(stores).set({ taxRateBps }).where(eq(stores.id, catalog.storeId));
      const picked = [...sellable].sort(() => rng.next() - 0.5).slice(0, rng.int(1, 5));
      const items = picked.map((variant) => ({ variantId: variant.id!, quantity: rng.int(1, 4) }));
      const rate = catalog.shippingRates[rng.int(0, catalog.shippingRates.length - 1)]!;
      const context = `seed ${seed}, round ${round}: tax ${taxRateBps} bps, rate ${rate.name}, ${JSON.stringify(items)}`;

      const cartResponse = await api(`/v1/stores/${catalog.slug}/carts`, jsonBody({ items, shippingRateId: rate.id }));
      expect(cartResponse.status, context).toBe(201);
      const cart = await cartResponse.json<Priced & { id: string; token: string }>();

      // The rule, computed here independently of the SQL.
      const subtotal = items.reduce((sum, item) => sum + priceOf.get(item.variantId)! * item.quantity, 0);
      const shipping =
        rate.freeOverAmount !== null && rate.freeOverAmount !== undefined && subtotal >= rate.freeOverAmount
          ? 0
          : rate.amount;
      const tax = Math.floor((subtotal * taxRateBps + 5000) / 10000);
      const expected = { subtotal, discount: 0, shipping, tax, taxIncluded: 0, total: subtotal + shipping + tax };
      expect(cart.totals, context).toEqual(expected);
      expect(
        cart.items.reduce((sum, item) => sum + item.lineTotal, 0),
        context,
      ).toBe(subtotal);

      const orderResponse = await postCheckout(
        catalog.slug,
        checkoutBody(catalog, { cartId: cart.id, cartToken: cart.token }, { shippingRateId: rate.id }),
      );
      expect(orderResponse.status, context).toBe(201);
      const order = await orderResponse.json<PlacedOrder>();
      expect(order.totals, context).toEqual(expected);
      const { subtotal: s, shipping: sh, tax: t, discount: d, total } = order.totals;
      expect(total, context).toBe(s + sh + t - d);
      expect(
        order.items.every((item) => item.lineTotal === item.unitPrice * item.quantity),
        context,
      ).toBe(true);
      expect(order.payment!.amount, context).toBe(total);
    }
  });
});
