import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  customers,
  events,
  orders,
  prices,
  promotionCodes,
  promotionCustomerUses,
  promotionRedemptions,
  promotions,
} from '../../src/db/schema';
import { countRoundTrips, expectProblem } from '../helpers/api';
import { createCatalogStore } from '../helpers/catalog';
import { checkoutBody, postCheckout } from '../helpers/checkout';
import { addPromotion, addTaxRate, createPricedCart, onCart, type PricedCart } from '../helpers/selling';
import { testDb } from '../helpers/stores';

/** THE ALLOCATION RULE, computed here independently of the SQL (BigInt: no rounding). */
function allocate(amount: number, weights: number[]): number[] {
  const a = BigInt(amount);
  const total = weights.reduce((sum, weight) => sum + BigInt(weight), 0n);
  const shares = weights.map((weight) => (a * BigInt(weight)) / total);
  let left = a - shares.reduce((sum, share) => sum + share, 0n);
  const order = weights
    .map((weight, index) => ({ index, rest: (a * BigInt(weight)) % total }))
    .sort((x, y) => (x.rest === y.rest ? x.index - y.index : x.rest > y.rest ? -1 : 1));
  for (const { index } of order) {
    if (left === 0n) break;
    shares[index]! += 1n;
    left -= 1n;
  }
  return shares.map(Number);
}

const HOODIE = 55_000_00;
const REMERA = 32_000_00;
const STANDARD_SHIPPING = 5_000_00;

async function setup() {
  const catalog = await createCatalogStore();
  const hoodie = catalog.variant('BAL-HOE-NEG-M');
  const remera = catalog.variant('BAL-RPA-BLA-M');
  const standard = catalog.shippingRates.find((rate) => rate.name === 'Envío estándar')!;
  const items = [
    { variantId: hoodie.id!, quantity: 1 },
    { variantId: remera.id!, quantity: 1 },
  ];
  const cartOf = (extra: Record<string, unknown> = {}) =>
    createPricedCart(catalog, { items, shippingRateId: standard.id, ...extra });
  return { catalog, hoodie, remera, standard, items, cartOf };
}

describe('promotion codes on a cart', () => {
  it('applies a percentage code per line, in any case, and removes it, each in one round trip', async () => {
    const { catalog, cartOf } = await setup();
    const promotion = await addPromotion(catalog, { name: 'Welcome', percentageBps: 1000 }, [{ code: 'WELCOME10' }]);
    const cart = await cartOf();

    const set = await countRoundTrips(() => onCart(catalog, cart, 'PUT', '/promotion-code', { code: '  welcome10 ' }));
    expect(set.requests).toBe(1);
    expect(set.result.status).toBe(200);
    const priced = await set.result.json<PricedCart>();
    expect(priced.promotionCode).toEqual({ code: 'WELCOME10', applies: true, reason: null });
    expect(priced.items.map((item) => item.discount)).toEqual([HOODIE / 10, REMERA / 10]);
    expect(priced.promotions).toEqual([
      {
        promotionId: promotion.id,
        name: 'Welcome',
        code: 'WELCOME10',
        type: 'percentage',
        amount: (HOODIE + REMERA) / 10,
        shippingAmount: 0,
      },
    ]);
    const discount = (HOODIE + REMERA) / 10;
    expect(priced.totals).toEqual({
      subtotal: HOODIE + REMERA,
      discount,
      shipping: STANDARD_SHIPPING,
      tax: 0,
      taxIncluded: 0,
      total: HOODIE + REMERA - discount + STANDARD_SHIPPING,
    });

    const removed = await countRoundTrips(() => onCart(catalog, cart, 'DELETE', '/promotion-code'));
    expect(removed.requests).toBe(1);
    const plain = await removed.result.json<PricedCart>();
    expect(plain.promotionCode).toBeNull();
    expect(plain.promotions).toEqual([]);
    expect(plain.totals.discount).toBe(0);
  });

  it('rounds a percentage half up on each line', async () => {
    const { catalog, remera, cartOf } = await setup();
    await testDb().update(prices).set({ amount: 105 }).where(eq(prices.variantId, remera.id!));
    await addPromotion(catalog, { percentageBps: 1000 }, [{ code: 'HALF' }]);
    const cart = await cartOf();
    const priced = await (await onCart(catalog, cart, 'PUT', '/promotion-code', { code: 'HALF' })).json<PricedCart>();
    // 10 % of 1.05 is 0.105: rounded half up, 0.11.
    expect(priced.items.map((item) => item.discount)).toEqual([HOODIE / 10, 11]);
  });

  it('refuses a code that does not apply with the reason, and one used up with 409, changing nothing', async () => {
    const { catalog, cartOf } = await setup();
    const day = 24 * 3600_000;
    const elsewhere = catalog.variant('BAL-BBA-NEG-M').productId!;
    await addPromotion(catalog, {}, [{ code: 'NOSUCHAUTO' }]).then((row) =>
      testDb().update(promotions).set({ method: 'automatic' }).where(eq(promotions.id, row.id)),
    );
    await addPromotion(catalog, { startsAt: new Date(Date.now() + day) }, [{ code: 'NOTYET' }]);
    await addPromotion(catalog, { startsAt: new Date(Date.now() - 2 * day), endsAt: new Date(Date.now() - day) }, [
      { code: 'OVER' },
    ]);
    await addPromotion(catalog, { active: false }, [{ code: 'PAUSED' }]);
    await addPromotion(catalog, { marketCodes: ['eu'] }, [{ code: 'EUONLY' }]);
    await addPromotion(catalog, { type: 'fixed_amount', amounts: { EUR: 500 } }, [{ code: 'EUROS' }]);
    await addPromotion(catalog, { minSubtotals: { ARS: 1_000_000_00 } }, [{ code: 'BIGSPEND' }]);
    await addPromotion(catalog, { minSubtotals: { EUR: 100 } }, [{ code: 'EURMIN' }]);
    await addPromotion(catalog, { productIds: [elsewhere] }, [{ code: 'OTHERITEM' }]);
    await addPromotion(catalog, { customerSegments: ['vip'] }, [{ code: 'VIPONLY' }]);
    await addPromotion(catalog, { usageLimit: 5, timesUsed: 5 }, [{ code: 'GONE' }]);
    await addPromotion(catalog, {}, [{ code: 'BULK-1', usageLimit: 1, timesUsed: 1 }]);
    const cart = await cartOf();

    const refusals: [string, number, string, string][] = [
      ['NOPE', 422, 'promotion_not_applicable', 'There is no such code.'],
      ['NOSUCHAUTO', 422, 'promotion_not_applicable', 'There is no such code.'],
      ['NOTYET', 422, 'promotion_not_applicable', 'This code is not valid yet.'],
      ['OVER', 422, 'promotion_not_applicable', 'This code has expired.'],
      ['PAUSED', 422, 'promotion_not_applicable', 'This code is no longer active.'],
      ['EUONLY', 422, 'promotion_not_applicable', 'This code is not valid in this market.'],
      ['EUROS', 422, 'promotion_not_applicable', 'This code is not valid in this market.'],
      ['BIGSPEND', 422, 'promotion_not_applicable', 'The cart has not reached this code’s minimum subtotal.'],
      ['EURMIN', 422, 'promotion_not_applicable', 'The cart has not reached this code’s minimum subtotal.'],
      ['OTHERITEM', 422, 'promotion_not_applicable', 'No item in the cart is eligible for this code.'],
      ['VIPONLY', 422, 'promotion_not_applicable', 'This code is not available to this customer.'],
      ['GONE', 409, 'promotion_used_up', 'This code has been used up.'],
      ['BULK-1', 409, 'promotion_used_up', 'This code has been used up.'],
    ];
    for (const [code, status, problem, reason] of refusals) {
      const response = await onCart(catalog, cart, 'PUT', '/promotion-code', { code });
      const body = await expectProblem(response, status, problem, 'code');
      expect(body.detail, code).toBe(reason);
    }
    for (const bad of [
      {},
      { code: '' },
      { code: '   ' },
      { code: 'X'.repeat(41) },
      { code: 5 },
      { code: 'OK', more: 1 },
    ]) {
      await expectProblem(await onCart(catalog, cart, 'PUT', '/promotion-code', bad), 422, 'validation_failed');
    }
    const [row] = await testDb()
      .select()
      .from(promotionCodes)
      .where(eq(promotionCodes.storeId, catalog.storeId))
      .limit(1);
    expect(row).toBeDefined();
    const unchanged = await (await onCart(catalog, cart, 'GET', '')).json<PricedCart>();
    expect(unchanged.promotionCode).toBeNull();
  });

  it('takes a first-order code from a customer who has ordered, and a segment’s code for its customers only', async () => {
    const { catalog, items, cartOf } = await setup();
    await addPromotion(catalog, { firstOrderOnly: true }, [{ code: 'FIRST' }]);
    await addPromotion(catalog, { customerSegments: ['vip'] }, [{ code: 'VIPS' }]);
    const newcomer = await cartOf({ email: 'new@example.com' });
    expect((await onCart(catalog, newcomer, 'PUT', '/promotion-code', { code: 'FIRST' })).status).toBe(200);

    expect(
      (await postCheckout(catalog.slug, checkoutBody(catalog, { items }, { email: 'back@example.com' }))).status,
    ).toBe(201);
    const returning = await cartOf({ email: 'back@example.com' });
    const refused = await expectProblem(
      await onCart(catalog, returning, 'PUT', '/promotion-code', { code: 'FIRST' }),
      422,
      'promotion_not_applicable',
    );
    expect(refused.detail).toBe('This code is for a first order only.');
    await expectProblem(
      await onCart(catalog, returning, 'PUT', '/promotion-code', { code: 'VIPS' }),
      422,
      'promotion_not_applicable',
    );
    await testDb()
      .update(customers)
      .set({ segment: 'vip' })
      .where(and(eq(customers.storeId, catalog.storeId), eq(customers.email, 'back@example.com')));
    expect((await onCart(catalog, returning, 'PUT', '/promotion-code', { code: 'VIPS' })).status).toBe(200);
  });

  it('keeps a code that stops applying on the cart, shown with its reason, and checkout refuses it', async () => {
    const { catalog, cartOf } = await setup();
    const promotion = await addPromotion(catalog, {}, [{ code: 'FADING' }]);
    const cart = await cartOf({ email: 'ana@example.com' });
    expect((await onCart(catalog, cart, 'PUT', '/promotion-code', { code: 'FADING' })).status).toBe(200);
    await testDb().update(promotions).set({ active: false }).where(eq(promotions.id, promotion.id));

    const shown = await (await onCart(catalog, cart, 'GET', '')).json<PricedCart>();
    expect(shown.promotionCode).toEqual({ code: 'FADING', applies: false, reason: 'This code is no longer active.' });
    expect(shown.promotions).toEqual([]);
    expect(shown.totals.discount).toBe(0);

    const response = await postCheckout(
      catalog.slug,
      checkoutBody(catalog, { cartId: cart.id, cartToken: cart.token }),
    );
    await expectProblem(response, 422, 'promotion_not_applicable', 'promotionCode');
    expect(await testDb().select().from(orders).where(eq(orders.storeId, catalog.storeId))).toHaveLength(0);
  });
});

describe('automatic promotions and the stacking rule', () => {
  it('applies the automatic promotion of the largest value, then a fixed code on what is left, by the allocation rule', async () => {
    const { catalog, cartOf } = await setup();
    const tenPercent = await addPromotion(catalog, { name: '10 %' });
    await addPromotion(catalog, { name: '10 % again' }); // the same value, created later: never chosen
    const fixed = await addPromotion(catalog, {
      name: 'Minus 10,000',
      type: 'fixed_amount',
      amounts: { ARS: 10_000_00 },
    });
    const freeShipping = await addPromotion(catalog, { name: 'Free shipping', type: 'free_shipping' });
    await addPromotion(catalog, { name: 'Extra', type: 'fixed_amount', amounts: { ARS: 1001 } }, [{ code: 'EXTRA' }]);
    const cart = await cartOf();
    const priced = await (await onCart(catalog, cart, 'PUT', '/promotion-code', { code: 'EXTRA' })).json<PricedCart>();

    const auto = allocate(10_000_00, [HOODIE, REMERA]);
    const code = allocate(1001, [HOODIE - auto[0]!, REMERA - auto[1]!]);
    expect(priced.items.map((item) => item.discount)).toEqual([auto[0]! + code[0]!, auto[1]! + code[1]!]);
    expect(priced.promotions.map((p) => [p.promotionId, p.code, p.amount, p.shippingAmount])).toEqual([
      [fixed.id, null, 10_000_00, 0],
      [expect.any(String), 'EXTRA', 1001, 0],
    ]);
    const discount = 10_000_00 + 1001;
    expect(priced.totals).toMatchObject({
      discount,
      shipping: STANDARD_SHIPPING,
      total: HOODIE + REMERA - discount + STANDARD_SHIPPING,
    });

    // Without the fixed one, 10 % (8,700) is worth more than the fee (5,000); the first created of equals wins.
    await testDb().update(promotions).set({ active: false }).where(eq(promotions.id, fixed.id));
    const second = await (await onCart(catalog, cart, 'GET', '')).json<PricedCart>();
    expect(second.promotions[0]!.promotionId).toBe(tenPercent.id);

    // Only free shipping left: the fee is waived, and the code still applies after it.
    await testDb().update(promotions).set({ active: false }).where(eq(promotions.storeId, catalog.storeId));
    await testDb().update(promotions).set({ active: true }).where(eq(promotions.id, freeShipping.id));
    await testDb().update(promotions).set({ active: true }).where(eq(promotions.method, 'code'));
    const third = await (await onCart(catalog, cart, 'GET', '')).json<PricedCart>();
    expect(third.promotions.map((p) => [p.type, p.amount, p.shippingAmount])).toEqual([
      ['free_shipping', 0, STANDARD_SHIPPING],
      ['fixed_amount', 1001, 0],
    ]);
    expect(third.totals).toMatchObject({ shipping: 0, discount: 1001, total: HOODIE + REMERA - 1001 });
  });

  it('gives a fixed amount to eligible lines only, and no more than they cost', async () => {
    const { catalog, remera, cartOf } = await setup();
    await addPromotion(catalog, {
      type: 'fixed_amount',
      amounts: { ARS: 100_000_00 },
      productIds: [remera.productId!],
    });
    const cart = await cartOf();
    expect(cart.items.map((item) => item.discount)).toEqual([0, REMERA]);
    expect(cart.totals.discount).toBe(REMERA);
  });
});

describe('checkout with promotions', () => {
  it('charges the automatic promotion and a code with tax in one round trip, records redemptions, uses and events', async () => {
    const { catalog, items } = await setup();
    await addTaxRate(catalog, { country: 'AR', name: 'IVA', ratePpm: 210_000 });
    const auto = await addPromotion(catalog, { name: 'Autumn 10 %' });
    const code = await addPromotion(
      catalog,
      {
        name: 'Five thousand off',
        type: 'fixed_amount',
        amounts: { ARS: 5_000_00 },
        usageLimit: 10,
        usageLimitPerCustomer: 2,
      },
      [{ code: 'SAVE5' }],
    );
    const { requests, result: response } = await countRoundTrips(() =>
      postCheckout(catalog.slug, checkoutBody(catalog, { items }, { promotionCode: 'save5' })),
    );
    expect(response.status, await response.clone().text()).toBe(201);
    expect(requests).toBe(1);
    const order = await response.json<{
      id: string;
      market: string;
      items: { discount: number; tax: number; total: number; lineTotal: number }[];
      totals: PricedCart['totals'];
      taxLines: PricedCart['taxLines'];
      promotions: PricedCart['promotions'];
    }>();

    const autoD = [HOODIE / 10, REMERA / 10];
    const codeD = allocate(5_000_00, [HOODIE - autoD[0]!, REMERA - autoD[1]!]);
    const discounts = [autoD[0]! + codeD[0]!, autoD[1]! + codeD[1]!];
    const bases = [HOODIE - discounts[0]!, REMERA - discounts[1]!];
    const taxable = bases[0]! + bases[1]!;
    const tax = Math.round((taxable * 21) / 100);
    const lineTax = allocate(tax, bases);
    expect(order.market).toBe('default');
    expect(order.items.map((item) => [item.discount, item.tax, item.total])).toEqual([
      [discounts[0], lineTax[0], bases[0]! + lineTax[0]!],
      [discounts[1], lineTax[1], bases[1]! + lineTax[1]!],
    ]);
    const discount = discounts[0]! + discounts[1]!;
    expect(order.totals).toEqual({
      subtotal: HOODIE + REMERA,
      discount,
      shipping: STANDARD_SHIPPING,
      tax,
      taxIncluded: 0,
      total: HOODIE + REMERA - discount + STANDARD_SHIPPING + tax,
    });
    expect(order.taxLines).toEqual([
      {
        name: 'IVA',
        percentage: 21,
        country: 'AR',
        region: null,
        taxClass: null,
        taxable,
        amount: tax,
        included: false,
      },
    ]);
    expect(order.promotions).toEqual([
      {
        promotionId: auto.id,
        name: 'Autumn 10 %',
        code: null,
        type: 'percentage',
        amount: HOODIE / 10 + REMERA / 10,
        shippingAmount: 0,
      },
      {
        promotionId: code.id,
        name: 'Five thousand off',
        code: 'SAVE5',
        type: 'fixed_amount',
        amount: 5_000_00,
        shippingAmount: 0,
      },
    ]);

    const db = testDb();
    expect(await db.select().from(promotionRedemptions).where(eq(promotionRedemptions.orderId, order.id))).toHaveLength(
      2,
    );
    const counted = await db.select().from(promotions).where(eq(promotions.storeId, catalog.storeId));
    expect(counted.map((row) => row.timesUsed)).toEqual([1, 1]);
    const [codeRow] = await db.select().from(promotionCodes).where(eq(promotionCodes.promotionId, code.id));
    expect(codeRow!.timesUsed).toBe(1);
    const [uses] = await db.select().from(promotionCustomerUses).where(eq(promotionCustomerUses.promotionId, code.id));
    expect(uses).toMatchObject({ timesUsed: 1, usageLimit: 2 });
    const redeemed = await db
      .select()
      .from(events)
      .where(and(eq(events.storeId, catalog.storeId), eq(events.type, 'promotion.redeemed')));
    expect(redeemed.map((event) => (event.payload as { amount: number }).amount).sort()).toEqual(
      [5_000_00, HOODIE / 10 + REMERA / 10].sort(),
    );

    // The customer's limit of 2: one more order is fine, a third is used up, and nothing is ordered.
    expect(
      (await postCheckout(catalog.slug, checkoutBody(catalog, { items }, { promotionCode: 'SAVE5' }))).status,
    ).toBe(201);
    const third = await postCheckout(catalog.slug, checkoutBody(catalog, { items }, { promotionCode: 'SAVE5' }));
    await expectProblem(third, 409, 'promotion_used_up', 'promotionCode');
    expect(await db.select().from(orders).where(eq(orders.storeId, catalog.storeId))).toHaveLength(2);
  });

  it('uses the cart’s code at checkout, or the one the checkout gives instead', async () => {
    const { catalog, cartOf } = await setup();
    await addPromotion(catalog, { percentageBps: 1000 }, [{ code: 'TEN' }]);
    await addPromotion(catalog, { percentageBps: 2000 }, [{ code: 'TWENTY' }]);
    const cart = await cartOf();
    await onCart(catalog, cart, 'PUT', '/promotion-code', { code: 'TEN' });
    const response = await postCheckout(
      catalog.slug,
      checkoutBody(catalog, { cartId: cart.id, cartToken: cart.token }, { promotionCode: 'twenty' }),
    );
    expect(response.status).toBe(201);
    const order = await response.json<{ totals: PricedCart['totals']; promotions: PricedCart['promotions'] }>();
    expect(order.promotions.map((p) => p.code)).toEqual(['TWENTY']);
    expect(order.totals.discount).toBe((HOODIE + REMERA) / 5);
    await expectProblem(
      await postCheckout(
        catalog.slug,
        checkoutBody(
          catalog,
          { items: [{ variantId: cart.items[0]!.variantId, quantity: 1 }] },
          { promotionCode: 'NOPE' },
        ),
      ),
      422,
      'promotion_not_applicable',
      'promotionCode',
    );
  });

  it('refuses a code with a NUL character on the cart and at checkout with a 422 naming the field, ordering nothing', async () => {
    const { catalog, cartOf, items } = await setup();
    await addPromotion(catalog, {}, [{ code: 'TEN' }]);
    const cart = await cartOf();
    await expectProblem(
      await onCart(catalog, cart, 'PUT', '/promotion-code', { code: 'TEN\u0000' }),
      422,
      'validation_failed',
      'code',
    );
    expect((await (await onCart(catalog, cart, 'GET', '')).json<PricedCart>()).promotionCode).toBeNull();
    for (const lines of [{ items }, { cartId: cart.id, cartToken: cart.token }]) {
      await expectProblem(
        await postCheckout(catalog.slug, checkoutBody(catalog, lines, { promotionCode: '\u0000TEN' })),
        422,
        'validation_failed',
        'promotionCode',
      );
    }
    expect(await testDb().select().from(orders).where(eq(orders.storeId, catalog.storeId))).toEqual([]);
  });
});
