/**
 * An independent computation of a cart's or an order's totals under markets,
 * taxes and promotions, written from the rules of issue 22's design
 * (taxes, the allocation rule, promotions and their stacking; docs/guide.md
 * "Taxes" and "Promotions") and never from the engine's SQL
 * (src/services/pricing/), so that the property tests compare two readings
 * of one text. Pure TypeScript: every product and division is a BigInt, and
 * rationals are kept exact until the one rounding the rules allow.
 */

import type { OrderTaxLine } from '../../src/db/schema/selling.ts';

export type PromotionType = 'percentage' | 'fixed_amount' | 'free_shipping';
export type CustomerSegment = 'new' | 'regular' | 'vip';

/** A purchasable line of the cart or order, at its position (the cart's order of lines). */
export interface OracleLine {
  position: number;
  productId: string;
  /** The categories the product belongs to directly. */
  categoryIds: readonly string[];
  taxClass: string | null;
  /** Unit price × quantity, in minor units. */
  lineTotal: number;
}

export interface OracleTaxRate {
  country: string;
  region: string | null;
  taxClass: string | null;
  name: string;
  ratePpm: number;
}

export interface OraclePromotion {
  /** A UUIDv7: the lower id is the earlier created. */
  id: string;
  name: string;
  method: 'code' | 'automatic';
  type: PromotionType;
  percentageBps: number | null;
  amounts: Record<string, number>;
  minSubtotals: Record<string, number>;
  productIds: readonly string[];
  categoryIds: readonly string[];
  firstOrderOnly: boolean;
  customerSegments: readonly CustomerSegment[];
  marketCodes: readonly string[];
  startsAt: Date;
  endsAt: Date | null;
  usageLimit: number | null;
  usageLimitPerCustomer: number | null;
  timesUsed: number;
  active: boolean;
}

export interface OracleCode {
  code: string;
  promotionId: string;
  usageLimit: number | null;
  timesUsed: number;
}

/** What the rules need of the buyer; null: no customer (a first order, segment `new`). */
export interface OracleCustomer {
  segment: CustomerSegment;
  /** Whether the customer has an order in the store, other than this one, that is not cancelled. */
  hasOtherOrders: boolean;
  /** `promotion_customer_uses.times_used` by promotion id. */
  uses: Record<string, number>;
}

export interface TotalsInput {
  market: string;
  currency: string;
  taxInclusive: boolean;
  /** The store's flat rate (`tax_rate_bps`), for a destination the store has no rate row for. */
  flatRateBps: number;
  /** All of the store's tax rates. */
  taxRates: readonly OracleTaxRate[];
  destination: { country: string | null; region: string | null };
  lines: readonly OracleLine[];
  shippingRate: { amount: number; freeOverAmount: number | null } | null;
  promotions: readonly OraclePromotion[];
  codes: readonly OracleCode[];
  /** The shopper's code as typed (trimmed and upper-cased here), or none. */
  code: string | null;
  customer: OracleCustomer | null;
  now: Date;
}

/** Why a promotion or a code does not apply; `used_up` answers 409 `promotion_used_up`, the others 422. */
export type Ineligibility =
  | 'no_such_code'
  | 'inactive'
  | 'not_started'
  | 'ended'
  | 'used_up'
  | 'not_in_market'
  | 'not_in_currency'
  | 'min_subtotal'
  | 'first_order_only'
  | 'not_for_customer'
  | 'no_eligible_item';

export interface AppliedPromotion {
  promotionId: string;
  name: string;
  code: string | null;
  type: PromotionType;
  amount: number;
  shippingAmount: number;
}

/** A tax line as orders store it (`orders.tax_lines`) and views show it. */
export type ExpectedTaxLine = OrderTaxLine;

export interface ExpectedTotals {
  lines: { position: number; lineTotal: number; discount: number; tax: number; total: number }[];
  promotions: AppliedPromotion[];
  /** The shopper's code, upper case, with every reason it does not apply (none: it applies). */
  promotionCode: { code: string; applies: boolean; reasons: Ineligibility[] } | null;
  taxLines: ExpectedTaxLine[];
  totals: { subtotal: number; discount: number; shipping: number; tax: number; taxIncluded: number; total: number };
}

const MILLION = 1_000_000n;

/** n / d rounded half up (n ≥ 0, d > 0). */
export function roundHalfUp(n: bigint, d: bigint): bigint {
  return (2n * n + d) / (2n * d);
}

/**
 * THE ALLOCATION RULE: integer `amount` over weights, `floor(A × w / W)`
 * each, the remainder one unit at a time to the largest `(A × w) mod W`,
 * ties to the lower position. Answers the shares by position.
 */
export function allocate(
  amount: bigint,
  weights: readonly { position: number; weight: bigint }[],
): Map<number, bigint> {
  const total = weights.reduce((sum, line) => sum + line.weight, 0n);
  const shares = new Map(weights.map((line) => [line.position, 0n]));
  if (total === 0n) return shares;
  const parts = weights.map((line) => ({
    position: line.position,
    share: (amount * line.weight) / total,
    rest: (amount * line.weight) % total,
  }));
  let left = amount - parts.reduce((sum, part) => sum + part.share, 0n);
  parts.sort((a, b) => (a.rest === b.rest ? a.position - b.position : a.rest > b.rest ? -1 : 1));
  for (const part of parts) {
    shares.set(part.position, part.share + (left > 0n ? 1n : 0n));
    if (left > 0n) left -= 1n;
  }
  return shares;
}

/** The lines a promotion's product and category conditions select (none given: every line). */
function eligibleLines(promotion: OraclePromotion, lines: readonly OracleLine[]): OracleLine[] {
  if (promotion.productIds.length === 0 && promotion.categoryIds.length === 0) return [...lines];
  return lines.filter(
    (line) =>
      promotion.productIds.includes(line.productId) ||
      line.categoryIds.some((category) => promotion.categoryIds.includes(category)),
  );
}

/** Every condition of section 4 that `promotion` fails in this context (none: eligible). */
export function promotionIneligibility(promotion: OraclePromotion, input: TotalsInput): Ineligibility[] {
  const reasons: Ineligibility[] = [];
  const subtotal = input.lines.reduce((sum, line) => sum + line.lineTotal, 0);
  const customer = input.customer;
  if (!promotion.active) reasons.push('inactive');
  if (promotion.startsAt > input.now) reasons.push('not_started');
  if (promotion.endsAt !== null && input.now >= promotion.endsAt) reasons.push('ended');
  if (promotion.usageLimit !== null && promotion.timesUsed >= promotion.usageLimit) reasons.push('used_up');
  if (promotion.marketCodes.length > 0 && !promotion.marketCodes.includes(input.market)) reasons.push('not_in_market');
  if (promotion.type === 'fixed_amount' && !(input.currency in promotion.amounts)) reasons.push('not_in_currency');
  if (Object.keys(promotion.minSubtotals).length > 0) {
    const minimum = promotion.minSubtotals[input.currency];
    if (minimum === undefined || subtotal < minimum) reasons.push('min_subtotal');
  }
  if (promotion.firstOrderOnly && customer?.hasOtherOrders) reasons.push('first_order_only');
  if (promotion.customerSegments.length > 0 && !promotion.customerSegments.includes(customer?.segment ?? 'new'))
    reasons.push('not_for_customer');
  if (
    promotion.usageLimitPerCustomer !== null &&
    (customer?.uses[promotion.id] ?? 0) >= promotion.usageLimitPerCustomer
  )
    reasons.push('used_up');
  if (eligibleLines(promotion, input.lines).length === 0) reasons.push('no_eligible_item');
  return reasons;
}

/** Why the shopper's code (normalized) does not apply, with its promotion when it exists. */
function codeIneligibility(code: string, input: TotalsInput) {
  const row = input.codes.find((candidate) => candidate.code === code);
  const promotion = row && input.promotions.find((candidate) => candidate.id === row.promotionId);
  if (!row || !promotion || promotion.method !== 'code')
    return { promotion: undefined, reasons: ['no_such_code'] as Ineligibility[] };
  const reasons = promotionIneligibility(promotion, input);
  if (row.usageLimit !== null && row.timesUsed >= row.usageLimit) reasons.push('used_up');
  return { promotion, reasons };
}

/** A promotion's discount per eligible line on `bases` (by position); other lines get 0. */
function lineDiscounts(promotion: OraclePromotion, input: TotalsInput, bases: Map<number, bigint>) {
  const discounts = new Map(input.lines.map((line) => [line.position, 0n]));
  const eligible = eligibleLines(promotion, input.lines);
  if (promotion.type === 'percentage') {
    for (const line of eligible)
      discounts.set(line.position, roundHalfUp(bases.get(line.position)! * BigInt(promotion.percentageBps!), 10_000n));
  } else if (promotion.type === 'fixed_amount') {
    const weights = eligible.map((line) => ({ position: line.position, weight: bases.get(line.position)! }));
    const available = weights.reduce((sum, line) => sum + line.weight, 0n);
    const offered = BigInt(promotion.amounts[input.currency]!);
    const amount = offered < available ? offered : available;
    for (const [position, share] of allocate(amount, weights)) discounts.set(position, share);
  }
  return discounts;
}

const sum = (values: Iterable<bigint>) => [...values].reduce((total, value) => total + value, 0n);

/** The shipping fee before any free-shipping promotion: the rate's, or 0 once `merchandise` reaches its free-over amount. */
function shippingFee(input: TotalsInput, merchandise: bigint): bigint {
  const rate = input.shippingRate;
  if (!rate) return 0n;
  if (rate.freeOverAmount !== null && merchandise >= BigInt(rate.freeOverAmount)) return 0n;
  return BigInt(rate.amount);
}

/** The automatic promotion of the largest value on the original amounts (ties: lower id), if worth more than 0. */
function chooseAutomatic(input: TotalsInput, originals: Map<number, bigint>, subtotal: bigint) {
  let best: { promotion: OraclePromotion; discounts: Map<number, bigint>; value: bigint } | undefined;
  const candidates = input.promotions
    .filter((promotion) => promotion.method === 'automatic')
    .filter((promotion) => promotionIneligibility(promotion, input).length === 0)
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  for (const promotion of candidates) {
    const discounts = lineDiscounts(promotion, input, originals);
    const value = promotion.type === 'free_shipping' ? shippingFee(input, subtotal) : sum(discounts.values());
    if (value > 0n && (!best || value > best.value)) best = { promotion, discounts, value };
  }
  return best;
}

/** A rate as its tax line names it: the flat rate's country is the destination's, possibly unknown. */
type AppliedRate = Omit<OracleTaxRate, 'country'> & { country: string | null };

/** Which rates each line pays (section 2): the rates with the lines paying them, and each line's Σ ppm. */
function ratesPaid(input: TotalsInput) {
  const { country, region } = input.destination;
  const flat: AppliedRate = { country, region: null, taxClass: null, name: 'Tax', ratePpm: input.flatRateBps * 100 };
  const hasRows = country !== null && input.taxRates.some((rate) => rate.country === country);
  const wantedRegion = region === null ? null : region.trim().toUpperCase();
  const payers = new Map<AppliedRate, number[]>();
  const ppmOf = new Map<number, bigint>();
  for (const line of input.lines) {
    let paid: AppliedRate[] = [flat];
    if (hasRows) {
      const candidates = input.taxRates.filter(
        (rate) => rate.country === country && (rate.region === null || rate.region === wantedRegion),
      );
      const ofClass = line.taxClass === null ? [] : candidates.filter((rate) => rate.taxClass === line.taxClass);
      paid = ofClass.length > 0 ? ofClass : candidates.filter((rate) => rate.taxClass === null);
    }
    ppmOf.set(line.position, sum(paid.map((rate) => BigInt(rate.ratePpm))));
    // A 0 rate makes no tax line.
    for (const rate of paid.filter((candidate) => candidate.ratePpm > 0))
      payers.set(rate, [...(payers.get(rate) ?? []), line.position]);
  }
  return { rates: [...payers].map(([rate, positions]) => ({ rate, positions })), ppmOf };
}

/** Nulls first, then the plain (code-point) order: the generators use names every collation orders alike. */
function compareNullable(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

/** The totals, applied promotions, tax lines and per-line discount and tax that sections 2 to 4 define. */
export function expectedTotals(input: TotalsInput): ExpectedTotals {
  const originals = new Map(input.lines.map((line) => [line.position, BigInt(line.lineTotal)]));
  const subtotal = sum(originals.values());
  const zero = () => new Map(input.lines.map((line) => [line.position, 0n]));

  const automatic = chooseAutomatic(input, originals, subtotal);
  const autoDiscounts = automatic?.discounts ?? zero();

  const typed = input.code === null ? null : input.code.trim().toUpperCase();
  const checked = typed === null ? null : codeIneligibility(typed, input);
  const codePromotion = checked && checked.reasons.length === 0 ? checked.promotion : undefined;
  const afterAuto = new Map(
    input.lines.map((line) => [line.position, originals.get(line.position)! - autoDiscounts.get(line.position)!]),
  );
  const codeDiscounts = codePromotion ? lineDiscounts(codePromotion, input, afterAuto) : zero();

  const discounts = new Map(
    input.lines.map((line) => [line.position, autoDiscounts.get(line.position)! + codeDiscounts.get(line.position)!]),
  );
  const discount = sum(discounts.values());
  const fee = shippingFee(input, subtotal - discount);
  const autoWaives = automatic?.promotion.type === 'free_shipping';
  const codeWaives = !autoWaives && codePromotion?.type === 'free_shipping';
  const shipping = autoWaives || codeWaives ? 0n : fee;

  const promotions: AppliedPromotion[] = [];
  if (automatic)
    promotions.push(applied(automatic.promotion, null, sum(autoDiscounts.values()), autoWaives ? fee : 0n));
  if (codePromotion) promotions.push(applied(codePromotion, typed, sum(codeDiscounts.values()), codeWaives ? fee : 0n));

  // Taxes on what is left of each line after promotions; shipping is not taxed.
  const bases = new Map(
    input.lines.map((line) => [line.position, originals.get(line.position)! - discounts.get(line.position)!]),
  );
  const { rates, ppmOf } = ratesPaid(input);
  const lineTax = zero();
  const taxLines: ExpectedTaxLine[] = [];
  for (const { rate, positions } of rates) {
    const ppm = BigInt(rate.ratePpm);
    const taxable = sum(positions.map((position) => bases.get(position)!));
    let amount: bigint;
    if (input.taxInclusive) {
      // Σ base × ppm / (1,000,000 + P_l), an exact rational, rounded once.
      let numerator = 0n;
      let denominator = 1n;
      for (const position of positions) {
        const lineDenominator = MILLION + ppmOf.get(position)!;
        numerator = numerator * lineDenominator + bases.get(position)! * ppm * denominator;
        denominator *= lineDenominator;
      }
      amount = roundHalfUp(numerator, denominator);
    } else amount = roundHalfUp(taxable * ppm, MILLION);
    const shares = allocate(
      amount,
      positions.map((position) => ({ position, weight: bases.get(position)! })),
    );
    for (const [position, share] of shares) lineTax.set(position, lineTax.get(position)! + share);
    taxLines.push({
      name: rate.name,
      percentage: rate.ratePpm / 10_000,
      country: rate.country,
      region: rate.region,
      taxClass: rate.taxClass,
      taxable: Number(taxable),
      amount: Number(amount),
      included: input.taxInclusive,
    });
  }
  taxLines.sort(
    (a, b) =>
      compareNullable(a.country, b.country) ||
      compareNullable(a.region, b.region) ||
      compareNullable(a.taxClass, b.taxClass) ||
      compareNullable(a.name, b.name),
  );
  const taxSum = sum(taxLines.map((line) => BigInt(line.amount)));
  const tax = input.taxInclusive ? 0n : taxSum;
  const taxIncluded = input.taxInclusive ? taxSum : 0n;

  return {
    lines: input.lines.map((line) => {
      const lineDiscount = discounts.get(line.position)!;
      const taxOfLine = lineTax.get(line.position)!;
      return {
        position: line.position,
        lineTotal: line.lineTotal,
        discount: Number(lineDiscount),
        tax: Number(taxOfLine),
        total: Number(BigInt(line.lineTotal) - lineDiscount + (input.taxInclusive ? 0n : taxOfLine)),
      };
    }),
    promotions,
    promotionCode: typed === null ? null : { code: typed, applies: !!codePromotion, reasons: checked!.reasons },
    taxLines,
    totals: {
      subtotal: Number(subtotal),
      discount: Number(discount),
      shipping: Number(shipping),
      tax: Number(tax),
      taxIncluded: Number(taxIncluded),
      total: Number(subtotal - discount + shipping + tax),
    },
  };
}

function applied(
  promotion: OraclePromotion,
  code: string | null,
  amount: bigint,
  shippingAmount: bigint,
): AppliedPromotion {
  return {
    promotionId: promotion.id,
    name: promotion.name,
    code,
    type: promotion.type,
    amount: Number(amount),
    shippingAmount: Number(shippingAmount),
  };
}
