import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it, onTestFailed } from 'vitest';
import { promotionCodes, promotions } from '../../src/db/schema';
import { uuidv7 } from '../../src/lib/ids';
import { api, jsonBody } from '../helpers/api';
import { postCheckout, randomAddress, TEST_ADDRESS } from '../helpers/checkout';
import { seededRandom, type SeededRandom } from '../helpers/seeded-random';
import { createSellingWorld, REGIONS, type World, type WorldMarket } from '../helpers/selling-world';
import { testDb } from '../helpers/stores';
import {
  type AppliedPromotion,
  type ExpectedTaxLine,
  type ExpectedTotals,
  expectedTotals,
  type Ineligibility,
  type TotalsInput,
} from '../helpers/totals-oracle';

/**
 * Totals under markets, taxes and promotions, as a property: random stores
 * (test/helpers/selling-world.ts) and random carts in them, each priced by
 * the API (cart view and placed order) and by the independent computation
 * of test/helpers/totals-oracle.ts, which must agree to the minor unit.
 * Checkouts change what the next cart of the same store sees (usage counts,
 * a customer's first order, per-customer uses), and the model follows.
 * A failure prints its seed; `TOTALS_SEED=<n>` replays it.
 */

const STORES = 9;
const CARTS_PER_STORE = 4;

interface Totals {
  subtotal: number;
  discount: number;
  shipping: number;
  tax: number;
  taxIncluded: number;
  total: number;
}

interface PricedCart {
  id: string;
  market: string;
  currency: string;
  taxInclusive: boolean;
  country: string | null;
  items: { variantId: string; lineTotal: number; discount: number }[];
  promotionCode: { code: string; applies: boolean; reason: string | null } | null;
  promotions: AppliedPromotion[];
  taxLines: ExpectedTaxLine[];
  totals: Totals;
}

interface PricedOrder {
  id: string;
  market: string;
  currency: string;
  items: { variantId: string; lineTotal: number; discount: number; tax: number; total: number }[];
  promotions: AppliedPromotion[];
  taxLines: ExpectedTaxLine[];
  totals: Totals;
  payment: { amount: number } | null;
}

/** One cart's random choices. */
interface CartCase {
  market: WorldMarket;
  items: { variantId: string; quantity: number }[];
  email: string;
  cartRateId: string | null;
  /** How the cart learns where it ships: the edge country at creation, a PATCH, or not at all. */
  destination: { how: 'edge' | 'patch' | 'none'; country: string; region: string | null };
  /**
   * The code the shopper types, and where: on the cart (PUT) or in the checkout body; `withdraw`: once on
   * the cart, its promotion is deactivated (the cart shows it as not applying, and checkout refuses it).
   */
  code: { typed: string; where: 'cart' | 'checkout'; withdraw: boolean } | null;
  /** Checking out the cart, or its items with `?market=`. */
  checkout: 'cart' | 'items';
}

function randomCase(world: World, rng: SeededRandom): CartCase | null {
  const market = rng.pick(world.markets);
  const sold = world.variants.filter((variant) => market.currency in variant.prices).sort(() => rng.next() - 0.5);
  if (sold.length === 0) return null;
  const rates = world.shippingRates.filter((rate) => rate.currency === market.currency);
  const known = world.customers.map((customer) => customer.email);
  const how = rng.pick(['edge', 'patch', 'patch', 'none'] as const);
  const typed = rng.chance(0.9) && world.codes.length > 0 ? rng.pick(world.codes).code : 'NO-SUCH-CODE';
  return {
    market,
    items: sold.slice(0, rng.int(1, 4)).map((variant) => ({ variantId: variant.id, quantity: rng.int(1, 3) })),
    email: rng.chance(0.7) ? rng.pick(known) : `guest-${uuidv7().slice(-12)}@example.test`,
    cartRateId: rng.chance(0.8) ? rng.pick(rates).id : null,
    destination: {
      how,
      country: rng.pick(market.countries),
      region: how === 'patch' ? rng.pick([null, ...REGIONS, 'ny']) : null,
    },
    code: rng.chance(0.75)
      ? {
          typed: rng.chance(0.3) ? `  ${typed.toLowerCase()} ` : typed,
          where: rng.chance(0.75) ? 'cart' : 'checkout',
          withdraw: rng.chance(0.3),
        }
      : null,
    checkout: rng.chance(0.2) ? 'items' : 'cart',
  };
}

/** The oracle's input for `cartCase` in `world` as it is now, shipped to `destination`, with `code` and rate. */
function oracleInput(
  world: World,
  cartCase: CartCase,
  destination: TotalsInput['destination'],
  code: string | null,
  rateId: string | null,
): TotalsInput {
  const { market } = cartCase;
  const rate = world.shippingRates.find((candidate) => candidate.id === rateId);
  return {
    market: market.code,
    currency: market.currency,
    taxInclusive: market.taxInclusive,
    flatRateBps: world.flatRateBps,
    taxRates: world.taxRates,
    destination,
    lines: cartCase.items.map((item, position) => {
      const variant = world.variants.find((candidate) => candidate.id === item.variantId)!;
      return {
        position,
        productId: variant.productId,
        categoryIds: variant.categoryIds,
        taxClass: variant.taxClass,
        lineTotal: variant.prices[market.currency]! * item.quantity,
      };
    }),
    shippingRate: rate ? { amount: rate.amount, freeOverAmount: rate.freeOverAmount } : null,
    promotions: world.promotions,
    codes: world.codes,
    code,
    customer: world.customers.find((customer) => customer.email === cartCase.email) ?? null,
    now: new Date(),
  };
}

/** The statuses a refused code may answer: 409 when it is used up, 422 for any other reason (either, with both). */
function refusals(reasons: Ineligibility[]): number[] {
  const usedUp = reasons.includes('used_up');
  const other = reasons.some((reason) => reason !== 'used_up');
  return [...(usedUp ? [409] : []), ...(other ? [422] : [])];
}

/** The money a view shows, and its two invariants: the total formula and Σ items' discount = discount. */
function expectConsistent(view: { totals: Totals; items: { discount: number }[] }, context: string) {
  const { subtotal, discount, shipping, tax, total } = view.totals;
  expect(total, `${context}: total = subtotal + shipping + tax − discount`).toBe(subtotal + shipping + tax - discount);
  expect(
    view.items.reduce((sum, item) => sum + item.discount, 0),
    `${context}: Σ items' discount = discount`,
  ).toBe(discount);
}

/** `response`'s status is one of `statuses`; otherwise the failure shows its body. */
async function expectStatus(response: Response, statuses: number[], context: string) {
  if (statuses.includes(response.status)) return;
  expect(`${response.status} ${await response.clone().text()}`, context).toBe(statuses.join(' or '));
}

function cartUrl(world: World, cartId: string, tail = '') {
  return `/v1/stores/${world.slug}/carts/${cartId}${tail}`;
}

async function pricedCart(world: World, cartCase: CartCase, context: string) {
  const { market, destination } = cartCase;
  const query =
    market.code === 'default' && destination.how !== 'edge' && cartCase.items.length % 2
      ? ''
      : `?market=${market.code}`;
  const created = await api(
    `/v1/stores/${world.slug}/carts${query}`,
    jsonBody(
      {
        items: cartCase.items,
        email: cartCase.email,
        ...(cartCase.cartRateId ? { shippingRateId: cartCase.cartRateId } : {}),
      },
      { headers: destination.how === 'edge' ? { 'cf-ipcountry': destination.country } : {} },
    ),
  );
  await expectStatus(created, [201], `${context}: create`);
  const { id, token } = await created.json<{ id: string; token: string }>();
  const headers = { 'x-cart-token': token };
  if (destination.how === 'patch') {
    const patched = await api(
      cartUrl(world, id),
      jsonBody({ country: destination.country, region: destination.region }, { method: 'PATCH', headers }),
    );
    await expectStatus(patched, [200], `${context}: PATCH country/region`);
  }
  const cartDestination =
    destination.how === 'none'
      ? { country: null, region: null }
      : { country: destination.country, region: destination.region };
  let storedCode: string | null = null;
  if (cartCase.code?.where === 'cart') {
    const expected = expectedTotals(
      oracleInput(world, cartCase, cartDestination, cartCase.code.typed, cartCase.cartRateId),
    );
    const put = await api(
      cartUrl(world, id, '/promotion-code'),
      jsonBody({ code: cartCase.code.typed }, { method: 'PUT', headers }),
    );
    const { applies, reasons, code } = expected.promotionCode!;
    const why = reasons.join(', ') || 'applies';
    await expectStatus(put, applies ? [200] : refusals(reasons), `${context}: PUT code ${code} (${why})`);
    if (applies) storedCode = code;
    if (applies && cartCase.code.withdraw) await withdrawPromotionOf(world, code);
  }
  const read = await api(cartUrl(world, id), { headers });
  await expectStatus(read, [200], `${context}: read`);
  const cart = await read.json<PricedCart>();
  const expected = expectedTotals(oracleInput(world, cartCase, cartDestination, storedCode, cartCase.cartRateId));
  expect(
    {
      market: cart.market,
      currency: cart.currency,
      taxInclusive: cart.taxInclusive,
      country: cart.country,
      promotionCode: cart.promotionCode && {
        code: cart.promotionCode.code,
        applies: cart.promotionCode.applies,
        saysWhyNot: cart.promotionCode.reason !== null,
      },
      items: cart.items.map((item) => ({
        variantId: item.variantId,
        lineTotal: item.lineTotal,
        discount: item.discount,
      })),
      promotions: cart.promotions,
      taxLines: cart.taxLines,
      totals: cart.totals,
    },
    `${context}: the cart`,
  ).toEqual({
    market: market.code,
    currency: market.currency,
    taxInclusive: market.taxInclusive,
    country: cartDestination.country,
    promotionCode: storedCode && {
      code: storedCode,
      applies: expected.promotionCode!.applies,
      saysWhyNot: !expected.promotionCode!.applies,
    },
    items: expected.lines.map((line, position) => ({
      variantId: cartCase.items[position]!.variantId,
      lineTotal: line.lineTotal,
      discount: line.discount,
    })),
    promotions: expected.promotions,
    taxLines: expected.taxLines,
    totals: expected.totals,
  });
  expectConsistent(cart, `${context}: the cart`);
  return { cart, token, storedCode };
}

/** Deactivates the promotion of `code` (as staff would), in the database and in the model. */
async function withdrawPromotionOf(world: World, code: string) {
  const promotion = world.promotions.find(
    (candidate) => candidate.id === world.codes.find((row) => row.code === code)!.promotionId,
  )!;
  promotion.active = false;
  await testDb().update(promotions).set({ active: false }).where(eq(promotions.id, promotion.id));
}

/** A checkout of the cart, or of its items in its market. */
function checkOut(world: World, cartCase: CartCase, body: Record<string, unknown>) {
  if (cartCase.checkout === 'cart') return postCheckout(world.slug, body);
  const { cartId: _cart, cartToken: _token, ...rest } = body;
  return api(
    `/v1/stores/${world.slug}/checkout?market=${cartCase.market.code}`,
    jsonBody(
      { ...rest, items: cartCase.items },
      { headers: { 'idempotency-key': uuidv7(), 'cf-connecting-ip': randomAddress() } },
    ),
  );
}

async function placedOrder(world: World, cartCase: CartCase, rng: SeededRandom, context: string) {
  const { cart, token, storedCode } = await pricedCart(world, cartCase, context);
  const rates = world.shippingRates.filter((rate) => rate.currency === cartCase.market.currency);
  const rateId = cartCase.cartRateId ?? rng.pick(rates).id;
  const address = {
    ...TEST_ADDRESS,
    country: cartCase.destination.country,
    region: cartCase.destination.region ?? rng.pick([null, ...REGIONS]),
  };
  const body = {
    cartId: cart.id,
    cartToken: token,
    email: cartCase.email,
    shippingAddress: address,
    shippingRateId: rateId,
    paymentMethod: 'cod',
  };
  const destination = { country: address.country, region: address.region };
  // An items checkout knows nothing of the cart's code.
  let code = cartCase.checkout === 'cart' ? storedCode : null;
  if (cartCase.code?.where === 'checkout') {
    const tried = expectedTotals(oracleInput(world, cartCase, destination, cartCase.code.typed, rateId));
    const { applies, reasons } = tried.promotionCode!;
    const response = await checkOut(world, cartCase, { ...body, promotionCode: cartCase.code.typed });
    if (applies) {
      await expectStatus(response, [201], `${context}: checkout with code`);
      code = tried.promotionCode!.code;
      return compareOrder(world, cartCase, await response.json<PricedOrder>(), tried, code, context);
    }
    await expectStatus(response, refusals(reasons), `${context}: checkout with code (${reasons.join(', ')})`);
  }
  if (code !== null) {
    // The cart's code no longer applies (its promotion was withdrawn): checkout refuses it until it is removed.
    const { applies, reasons } = expectedTotals(oracleInput(world, cartCase, destination, code, rateId)).promotionCode!;
    if (!applies) {
      await expectStatus(
        await checkOut(world, cartCase, body),
        refusals(reasons),
        `${context}: checkout, code withdrawn`,
      );
      const removed = await api(cartUrl(world, cart.id, '/promotion-code'), {
        method: 'DELETE',
        headers: { 'x-cart-token': token },
      });
      await expectStatus(removed, [200], `${context}: remove the withdrawn code`);
      code = null;
    }
  }
  const expected = expectedTotals(oracleInput(world, cartCase, destination, code, rateId));
  const response = await checkOut(world, cartCase, body);
  await expectStatus(response, [201], `${context}: checkout`);
  return compareOrder(world, cartCase, await response.json<PricedOrder>(), expected, code, context);
}

async function compareOrder(
  world: World,
  cartCase: CartCase,
  order: PricedOrder,
  expected: ExpectedTotals,
  code: string | null,
  context: string,
) {
  expect(
    {
      market: order.market,
      currency: order.currency,
      items: order.items.map(({ variantId, lineTotal, discount, tax, total }) => ({
        variantId,
        lineTotal,
        discount,
        tax,
        total,
      })),
      promotions: order.promotions,
      taxLines: order.taxLines,
      totals: order.totals,
      payment: order.payment?.amount ?? null,
    },
    `${context}: the order`,
  ).toEqual({
    market: cartCase.market.code,
    currency: cartCase.market.currency,
    items: expected.lines.map(({ position, lineTotal, discount, tax, total }) => ({
      variantId: cartCase.items[position]!.variantId,
      lineTotal,
      discount,
      tax,
      total,
    })),
    promotions: expected.promotions,
    taxLines: expected.taxLines,
    totals: expected.totals,
    // A free order has nothing to pay: no payment.
    payment: expected.totals.total > 0 ? expected.totals.total : null,
  });
  expectConsistent(order, `${context}: the order`);
  recordCheckout(world, cartCase.email, expected.promotions, code);
  await expectUsageCounts(world, context);
}

/** What a placed order changes for the next carts: usage counts, and the buyer's first order and uses. */
function recordCheckout(world: World, email: string, applied: AppliedPromotion[], code: string | null) {
  let customer = world.customers.find((candidate) => candidate.email === email);
  if (!customer) {
    customer = { email, segment: 'new', hasOtherOrders: false, uses: {} };
    world.customers.push(customer);
  }
  customer.hasOtherOrders = true;
  for (const { promotionId } of applied) {
    const promotion = world.promotions.find((candidate) => candidate.id === promotionId)!;
    promotion.timesUsed += 1;
    if (promotion.usageLimitPerCustomer !== null) customer.uses[promotionId] = (customer.uses[promotionId] ?? 0) + 1;
  }
  const row = world.codes.find((candidate) => candidate.code === code);
  if (row) row.timesUsed += 1;
}

const countsByKey = (rows: { key: string; timesUsed: number }[]) =>
  Object.fromEntries(rows.map((row) => [row.key, row.timesUsed]));

/** The promotions' and codes' usage counts in the database are the model's. */
async function expectUsageCounts(world: World, context: string) {
  const db = testDb();
  const [promotionRows, codeRows] = await Promise.all([
    db
      .select({ key: promotions.id, timesUsed: promotions.timesUsed })
      .from(promotions)
      .where(eq(promotions.storeId, world.storeId)),
    db
      .select({ key: promotionCodes.code, timesUsed: promotionCodes.timesUsed })
      .from(promotionCodes)
      .where(eq(promotionCodes.storeId, world.storeId)),
  ]);
  expect({ promotions: countsByKey(promotionRows), codes: countsByKey(codeRows) }, `${context}: usage counts`).toEqual({
    promotions: countsByKey(
      world.promotions.map((promotion) => ({ key: promotion.id, timesUsed: promotion.timesUsed })),
    ),
    codes: countsByKey(world.codes.map((code) => ({ key: code.code, timesUsed: code.timesUsed }))),
  });
}

describe('totals under markets, taxes and promotions, a property over random stores and carts', () => {
  it('agree with the independent computation in the cart and in its order, and keep their invariants', async () => {
    const seed = env.TOTALS_SEED ? Number(env.TOTALS_SEED) : Date.now() % 1_000_000;
    onTestFailed(() => console.error(`totals-properties: replay with TOTALS_SEED=${seed}`));
    const rng = seededRandom(seed);
    for (let store = 0; store < STORES; store++) {
      const world = await createSellingWorld(rng, new Date());
      for (let n = 0; n < CARTS_PER_STORE; n++) {
        const cartCase = randomCase(world, rng);
        if (!cartCase) continue;
        const context = `TOTALS_SEED=${seed}, store ${store}, cart ${n}`;
        try {
          await placedOrder(world, cartCase, rng, context);
        } catch (error) {
          console.error(`${context}: the case`, JSON.stringify({ cartCase, world }));
          throw error;
        }
      }
    }
  }, 180_000);
});
