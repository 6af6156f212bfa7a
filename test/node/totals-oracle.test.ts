import { describe, expect, it } from 'vitest';
import {
  allocate,
  expectedTotals,
  type OraclePromotion,
  roundHalfUp,
  type TotalsInput,
} from '../helpers/totals-oracle.ts';

/**
 * The oracle of the totals property tests, on examples worked by hand from
 * the design's rules (the arithmetic is in the comments), so that a
 * disagreement with the engine can be trusted to point at the engine.
 */

const NOW = new Date('2026-11-28T12:00:00Z');

function input(overrides: Partial<TotalsInput>): TotalsInput {
  return {
    market: 'default',
    currency: 'USD',
    taxInclusive: false,
    flatRateBps: 0,
    taxRates: [],
    destination: { country: null, region: null },
    lines: [],
    shippingRate: null,
    promotions: [],
    codes: [],
    code: null,
    customer: null,
    now: NOW,
    ...overrides,
  };
}

const line = (position: number, lineTotal: number, extra: Partial<TotalsInput['lines'][number]> = {}) => ({
  position,
  productId: `product-${position}`,
  categoryIds: [],
  taxClass: null,
  lineTotal,
  ...extra,
});

function promotion(id: string, overrides: Partial<OraclePromotion>): OraclePromotion {
  return {
    id,
    name: `Promotion ${id}`,
    method: 'automatic',
    type: 'percentage',
    percentageBps: null,
    amounts: {},
    minSubtotals: {},
    productIds: [],
    categoryIds: [],
    firstOrderOnly: false,
    customerSegments: [],
    marketCodes: [],
    startsAt: new Date('2026-01-01T00:00:00Z'),
    endsAt: null,
    usageLimit: null,
    usageLimitPerCustomer: null,
    timesUsed: 0,
    active: true,
    ...overrides,
  };
}

describe('the rounding and allocation rules', () => {
  it('rounds half up', () => {
    expect([roundHalfUp(5n, 10n), roundHalfUp(4n, 10n), roundHalfUp(15n, 10n), roundHalfUp(0n, 7n)]).toEqual([
      1n,
      0n,
      2n,
      0n,
    ]);
  });

  it('gives the remainder to the largest (A × w) mod W, ties to the lower position', () => {
    const shares = (amount: bigint, weights: bigint[]) =>
      [
        ...allocate(
          amount,
          weights.map((weight, position) => ({ position, weight })),
        ),
      ].map(([, share]) => share);
    // 10 over 1, 1, 1: 3 each, remainders all 1: the one unit left goes to position 0.
    expect(shares(10n, [1n, 1n, 1n])).toEqual([4n, 3n, 3n]);
    // 5 over 2, 3, 3 (W 8): A × w = 10, 15, 15: floors 1, 1, 1, remainders 2, 7, 7: two units to positions 1 and 2.
    expect(shares(5n, [2n, 3n, 3n])).toEqual([1n, 2n, 2n]);
    // 7 over 5, 5, 10 (W 20): 35, 35, 70: floors 1, 1, 3, remainders 15, 15, 10: the two units to positions 0 and 1.
    expect(shares(7n, [5n, 5n, 10n])).toEqual([2n, 2n, 3n]);
    // Nothing to weigh by: nothing allocated.
    expect(shares(0n, [0n, 0n])).toEqual([0n, 0n]);
    // A tie between positions given out of order still goes to the lower position.
    const reversed = allocate(1n, [
      { position: 3, weight: 2n },
      { position: 1, weight: 2n },
    ]);
    expect([reversed.get(1), reversed.get(3)]).toEqual([1n, 0n]);
  });
});

describe('taxes', () => {
  it('rounds an exclusive rate once over the order, half up, and allocates it by the rule', () => {
    // The store's flat 10 % (no rate rows for AR): 5 + 5 = 10 taxable, 1.0 → 1 (per line it would be 0.5 + 0.5 → 2).
    const result = expectedTotals(
      input({ flatRateBps: 1000, destination: { country: 'AR', region: null }, lines: [line(0, 5), line(1, 5)] }),
    );
    expect(result.taxLines).toEqual([
      {
        name: 'Tax',
        percentage: 10,
        country: 'AR',
        region: null,
        taxClass: null,
        taxable: 10,
        amount: 1,
        included: false,
      },
    ]);
    // The one unit: remainders 5 and 5 tie, position 0 takes it.
    expect(result.lines.map((l) => l.tax)).toEqual([1, 0]);
    expect(result.totals).toEqual({ subtotal: 10, discount: 0, shipping: 0, tax: 1, taxIncluded: 0, total: 11 });
    // 0.5 exactly rounds up.
    expect(
      expectedTotals(input({ flatRateBps: 1000, lines: [line(0, 5)] })).taxLines.map((l) => [l.amount, l.country]),
    ).toEqual([[1, null]]);
  });

  it('adds a country rate and a regional one, chooses a class’s rates over the general ones, and rounds an inclusive sum once', () => {
    const taxRates = [
      { country: 'CA', region: null, taxClass: null, name: 'GST', ratePpm: 50_000 },
      { country: 'CA', region: 'BC', taxClass: null, name: 'PST', ratePpm: 70_000 },
      { country: 'CA', region: null, taxClass: 'books', name: 'Reduced', ratePpm: 50_000 },
      { country: 'CA', region: 'ON', taxClass: null, name: 'HST', ratePpm: 80_000 },
    ];
    const result = expectedTotals(
      input({
        taxInclusive: true,
        taxRates,
        destination: { country: 'CA', region: ' bc ' },
        lines: [line(0, 1000, { taxClass: 'books' }), line(1, 1000)],
        shippingRate: { amount: 300, freeOverAmount: null },
      }),
    );
    // Line 0 (books) pays Reduced only: 1000 × 50,000 / 1,050,000 = 47.62 → 48.
    // Line 1 pays GST + PST (P = 120,000): GST 1000 × 50,000 / 1,120,000 = 44.64 → 45,
    // PST 1000 × 70,000 / 1,120,000 = 62.5 → 63 (a half-up tie).
    expect(result.taxLines).toEqual([
      {
        name: 'GST',
        percentage: 5,
        country: 'CA',
        region: null,
        taxClass: null,
        taxable: 1000,
        amount: 45,
        included: true,
      },
      {
        name: 'Reduced',
        percentage: 5,
        country: 'CA',
        region: null,
        taxClass: 'books',
        taxable: 1000,
        amount: 48,
        included: true,
      },
      {
        name: 'PST',
        percentage: 7,
        country: 'CA',
        region: 'BC',
        taxClass: null,
        taxable: 1000,
        amount: 63,
        included: true,
      },
    ]);
    expect(result.lines.map((l) => [l.tax, l.total])).toEqual([
      [48, 1000],
      [108, 1000],
    ]);
    expect(result.totals).toEqual({
      subtotal: 2000,
      discount: 0,
      shipping: 300,
      tax: 0,
      taxIncluded: 156,
      total: 2300,
    });
  });

  it('sums an inclusive rate over lines of different total rates as one exact rational', () => {
    const taxRates = [
      { country: 'CA', region: null, taxClass: null, name: 'GST', ratePpm: 50_000 },
      { country: 'CA', region: 'BC', taxClass: 'food', name: 'PST', ratePpm: 70_000 },
      { country: 'CA', region: 'BC', taxClass: 'food', name: 'GST', ratePpm: 50_000 },
    ];
    const result = expectedTotals(
      input({
        taxInclusive: true,
        taxRates,
        destination: { country: 'CA', region: 'BC' },
        lines: [line(0, 1000), line(1, 1000, { taxClass: 'food' }), line(2, 1000)],
      }),
    );
    // GST (general): lines 0 and 2, P = 50,000 each: 2 × 47.619 = 95.238 → 95, shares 47.5 each: 48, 47.
    // PST (food): line 1, P = 120,000: 62.5 → 63. GST (food): 44.64 → 45.
    expect(result.taxLines.map((l) => [l.name, l.region, l.taxClass, l.taxable, l.amount])).toEqual([
      ['GST', null, null, 2000, 95],
      ['GST', 'BC', 'food', 1000, 45],
      ['PST', 'BC', 'food', 1000, 63],
    ]);
    expect(result.lines.map((l) => l.tax)).toEqual([48, 108, 47]);
  });

  it('charges no tax where the store has rows for the country but none for the line, and the flat rate where it has none', () => {
    const taxRates = [{ country: 'US', region: 'NY', taxClass: null, name: 'Sales', ratePpm: 88_750 }];
    const lines = [line(0, 1000)];
    const elsewhere = expectedTotals(
      input({ flatRateBps: 2000, taxRates, lines, destination: { country: 'US', region: 'CA' } }),
    );
    expect([elsewhere.taxLines, elsewhere.totals.tax]).toEqual([[], 0]);
    // 1000 × 8.875 % = 88.75 → 89.
    const newYork = expectedTotals(
      input({ flatRateBps: 2000, taxRates, lines, destination: { country: 'US', region: 'ny' } }),
    );
    expect(newYork.taxLines.map((l) => [l.name, l.percentage, l.amount])).toEqual([['Sales', 8.875, 89]]);
    // Mexico has no row: the flat 20 %.
    const mexico = expectedTotals(
      input({ flatRateBps: 2000, taxRates, lines, destination: { country: 'MX', region: 'ny' } }),
    );
    expect(mexico.taxLines.map((l) => [l.name, l.country, l.region, l.amount])).toEqual([['Tax', 'MX', null, 200]]);
  });
});

describe('promotions', () => {
  const lines = [line(0, 3000, { categoryIds: ['shoes'] }), line(1, 1000)];
  const tenPercent = promotion('01-a', { percentageBps: 1000 });
  const fiveHundred = promotion('01-b', { type: 'fixed_amount', amounts: { USD: 500 } });
  const fiveHundredLater = promotion('01-c', { type: 'fixed_amount', amounts: { USD: 500, EUR: 900 } });
  const freeShipping = promotion('01-d', { type: 'free_shipping' });
  const twentyPercentCode = promotion('01-e', { method: 'code', percentageBps: 2000 });
  const codes = [{ code: 'SAVE20', promotionId: '01-e', usageLimit: null, timesUsed: 0 }];

  it('applies the automatic promotion worth most (ties: the earlier), then the code on what is left, and taxes the rest', () => {
    const result = expectedTotals(
      input({
        flatRateBps: 1000,
        lines,
        shippingRate: { amount: 450, freeOverAmount: null },
        promotions: [fiveHundredLater, tenPercent, freeShipping, fiveHundred, twentyPercentCode],
        codes,
        code: ' save20 ',
      }),
    );
    // Values: 10 % = 400, fixed 500 (twice; the lower id wins), free shipping 450.
    // 500 over 3000 : 1000 = 375, 125. The code's 20 % of 2625 and 875: 525, 175.
    expect(result.promotions).toEqual([
      { promotionId: '01-b', name: 'Promotion 01-b', code: null, type: 'fixed_amount', amount: 500, shippingAmount: 0 },
      {
        promotionId: '01-e',
        name: 'Promotion 01-e',
        code: 'SAVE20',
        type: 'percentage',
        amount: 700,
        shippingAmount: 0,
      },
    ]);
    expect(result.promotionCode).toEqual({ code: 'SAVE20', applies: true, reasons: [] });
    // Tax 10 % of 2100 + 700 = 280, allocated 210, 70.
    expect(result.lines.map((l) => [l.discount, l.tax, l.total])).toEqual([
      [900, 210, 2310],
      [300, 70, 770],
    ]);
    expect(result.totals).toEqual({
      subtotal: 4000,
      discount: 1200,
      shipping: 450,
      tax: 280,
      taxIncluded: 0,
      total: 3530,
    });
  });

  it('waives shipping when free shipping is worth most, and gives a second free shipping nothing', () => {
    const freeShippingCode = promotion('01-f', { method: 'code', type: 'free_shipping' });
    const result = expectedTotals(
      input({
        lines,
        shippingRate: { amount: 900, freeOverAmount: 5000 },
        promotions: [tenPercent, freeShipping, freeShippingCode],
        codes: [{ code: 'SHIPFREE', promotionId: '01-f', usageLimit: 5, timesUsed: 4 }],
        code: 'SHIPFREE',
      }),
    );
    expect(result.promotions.map((p) => [p.promotionId, p.amount, p.shippingAmount])).toEqual([
      ['01-d', 0, 900],
      ['01-f', 0, 0],
    ]);
    expect(result.totals).toEqual({ subtotal: 4000, discount: 0, shipping: 0, tax: 0, taxIncluded: 0, total: 4000 });
  });

  it('applies no automatic free shipping once the free-over amount is reached, and a free-shipping code waives the fee left after discounts', () => {
    const freeShippingCode = promotion('01-f', { method: 'code', type: 'free_shipping' });
    // S = 4000 reaches 4000: automatic free shipping is worth 0; 10 % (400) applies; S − discount = 3600 < 4000: fee 700.
    const result = expectedTotals(
      input({
        lines,
        shippingRate: { amount: 700, freeOverAmount: 4000 },
        promotions: [freeShipping, tenPercent, freeShippingCode],
        codes: [{ code: 'SHIPFREE', promotionId: '01-f', usageLimit: null, timesUsed: 0 }],
        code: 'SHIPFREE',
      }),
    );
    expect(result.promotions.map((p) => [p.promotionId, p.amount, p.shippingAmount])).toEqual([
      ['01-a', 400, 0],
      ['01-f', 0, 700],
    ]);
    expect(result.totals).toEqual({ subtotal: 4000, discount: 400, shipping: 0, tax: 0, taxIncluded: 0, total: 3600 });
  });

  it('caps a fixed amount at its eligible lines, rounds percentages per line, and applies a code worth 0', () => {
    const byCategory = promotion('01-g', { type: 'fixed_amount', amounts: { USD: 5000 }, categoryIds: ['shoes'] });
    const fifteenOnProduct = promotion('01-h', { method: 'code', percentageBps: 1500, productIds: ['product-0'] });
    const small = [line(0, 10, { categoryIds: ['shoes'] }), line(1, 10), line(2, 10, { productId: 'product-0' })];
    // Automatic: 5000 capped at the shoes line's 10. The code: 15 % of product-0 lines: line 0 has 0 left, line 2 1.5 → 2.
    const result = expectedTotals(
      input({
        lines: small,
        promotions: [byCategory, fifteenOnProduct],
        codes: [{ code: 'FIFTEEN', promotionId: '01-h', usageLimit: null, timesUsed: 0 }],
        code: 'fifteen',
      }),
    );
    expect(result.lines.map((l) => l.discount)).toEqual([10, 0, 2]);
    expect(result.promotions.map((p) => [p.promotionId, p.amount])).toEqual([
      ['01-g', 10],
      ['01-h', 2],
    ]);
    // The same code on the shoes line alone is worth 0 after the automatic, and still applies.
    const alone = expectedTotals(
      input({
        lines: [small[0]!],
        promotions: [byCategory, fifteenOnProduct],
        codes: [{ code: 'FIFTEEN', promotionId: '01-h', usageLimit: null, timesUsed: 0 }],
        code: 'FIFTEEN',
      }),
    );
    expect(alone.promotions.map((p) => [p.promotionId, p.amount])).toEqual([
      ['01-g', 10],
      ['01-h', 0],
    ]);
  });

  it('says why a code does not apply', () => {
    const reasonsOf = (overrides: Partial<OraclePromotion>, extra: Partial<TotalsInput> = {}, usage = {}) =>
      expectedTotals(
        input({
          lines,
          promotions: [promotion('01-x', { method: 'code', percentageBps: 1000, ...overrides })],
          codes: [{ code: 'TEN', promotionId: '01-x', usageLimit: null, timesUsed: 0, ...usage }],
          code: 'ten',
          ...extra,
        }),
      ).promotionCode!.reasons;
    expect(reasonsOf({})).toEqual([]);
    expect(reasonsOf({}, { code: 'ELEVEN' })).toEqual(['no_such_code']);
    expect(reasonsOf({ method: 'automatic' })).toEqual(['no_such_code']);
    expect(reasonsOf({ active: false })).toEqual(['inactive']);
    expect(reasonsOf({ startsAt: new Date('2026-12-01T00:00:00Z') })).toEqual(['not_started']);
    // The window's end is exclusive.
    expect(reasonsOf({ endsAt: NOW })).toEqual(['ended']);
    expect(reasonsOf({ usageLimit: 3, timesUsed: 3 })).toEqual(['used_up']);
    expect(reasonsOf({}, {}, { usageLimit: 1, timesUsed: 1 })).toEqual(['used_up']);
    expect(reasonsOf({ marketCodes: ['eu'] })).toEqual(['not_in_market']);
    expect(reasonsOf({ marketCodes: ['eu', 'default'] })).toEqual([]);
    expect(reasonsOf({ type: 'fixed_amount', percentageBps: null, amounts: { EUR: 100 } })).toEqual([
      'not_in_currency',
    ]);
    expect(reasonsOf({ minSubtotals: { EUR: 1 } })).toEqual(['min_subtotal']);
    expect(reasonsOf({ minSubtotals: { USD: 4001 } })).toEqual(['min_subtotal']);
    expect(reasonsOf({ minSubtotals: { USD: 4000 } })).toEqual([]);
    expect(reasonsOf({ productIds: ['elsewhere'], categoryIds: ['hats'] })).toEqual(['no_eligible_item']);
    expect(reasonsOf({ categoryIds: ['shoes'] })).toEqual([]);
    // No customer: a first order, segment `new`, no uses.
    expect(reasonsOf({ firstOrderOnly: true, customerSegments: ['new'], usageLimitPerCustomer: 1 })).toEqual([]);
    const regular = { segment: 'regular' as const, hasOtherOrders: true, uses: { '01-x': 2 } };
    expect(
      reasonsOf(
        { firstOrderOnly: true, customerSegments: ['new', 'vip'], usageLimitPerCustomer: 2 },
        { customer: regular },
      ),
    ).toEqual(['first_order_only', 'not_for_customer', 'used_up']);
    expect(reasonsOf({ usageLimitPerCustomer: 3 }, { customer: regular })).toEqual([]);
  });

  it('keeps the total formula and discounts within each line on random inputs', () => {
    let state = 7;
    const next = (max: number) => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      return state % (max + 1);
    };
    for (let round = 0; round < 200; round++) {
      const randomLines = Array.from({ length: 1 + next(4) }, (_, position) => line(position, next(50_000)));
      const result = expectedTotals(
        input({
          taxInclusive: next(1) === 1,
          flatRateBps: next(3000),
          destination: { country: 'AR', region: null },
          lines: randomLines,
          shippingRate: { amount: next(2000), freeOverAmount: next(1) ? null : next(100_000) },
          promotions: [
            promotion('01-a', { percentageBps: 1 + next(9999) }),
            promotion('01-b', { type: 'fixed_amount', amounts: { USD: next(100_000) } }),
            promotion('01-c', { method: 'code', type: 'fixed_amount', amounts: { USD: next(100_000) } }),
          ],
          codes: [{ code: 'TAKE', promotionId: '01-c', usageLimit: null, timesUsed: 0 }],
          code: 'TAKE',
        }),
      );
      const { subtotal, discount, shipping, tax, total } = result.totals;
      expect(total).toBe(subtotal + shipping + tax - discount);
      expect(result.lines.reduce((s, l) => s + l.discount, 0)).toBe(discount);
      expect(result.lines.every((l) => l.discount <= l.lineTotal && l.discount >= 0)).toBe(true);
      expect(result.lines.reduce((s, l) => s + l.tax, 0)).toBe(result.totals.tax + result.totals.taxIncluded);
    }
  });
});
