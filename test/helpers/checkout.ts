import { eq, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { inventoryMovements, variants } from '../../src/db/schema';
import { uuidv7 } from '../../src/lib/ids';
import { api, jsonBody } from './api';
import type { CatalogStore } from './catalog';
import { testDb } from './stores';

export interface PlacedOrder {
  id: string;
  number: string;
  status: string;
  email: string;
  currency: string;
  accessToken?: string;
  items: {
    id: string;
    variantId: string;
    sku: string;
    variantLabel: string;
    unitPrice: number;
    quantity: number;
    lineTotal: number;
  }[];
  totals: { subtotal: number; discount: number; shipping: number; tax: number; total: number };
  payment: {
    id: string;
    method: string;
    status: string;
    amount: number;
    reference: string;
    instructions: Record<string, unknown>;
  } | null;
  reservationExpiresAt: string;
  shippingRate: { id: string; name: string };
}

export const TEST_ADDRESS = {
  name: 'Ana Pérez',
  line1: 'Av. Corrientes 1234',
  city: 'Buenos Aires',
  postalCode: 'C1043',
  country: 'AR',
};

/** A checkout body for `catalog` with its standard shipping rate, paid by bank transfer. */
export function checkoutBody(
  catalog: CatalogStore,
  lines: Record<string, unknown>,
  overrides: Record<string, unknown> = {},
) {
  const rate = catalog.shippingRates.find((row) => row.name === 'Envío estándar') ?? catalog.shippingRates[0]!;
  return {
    ...lines,
    email: 'ana@example.com',
    shippingAddress: TEST_ADDRESS,
    shippingRateId: rate.id,
    paymentMethod: 'bank_transfer',
    ...overrides,
  };
}

/** POSTs a checkout with its own Idempotency-Key (unless given) and client address (so the rate limit never mixes tests). */
export function postCheckout(
  slug: string,
  body: unknown,
  options: { key?: string; headers?: Record<string, string> } = {},
) {
  return api(
    `/v1/stores/${slug}/checkout`,
    jsonBody(body, {
      headers: { 'idempotency-key': options.key ?? uuidv7(), 'cf-connecting-ip': randomAddress(), ...options.headers },
    }),
  );
}

export function randomAddress(): string {
  return `10.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 256)}`;
}

/** Every variant's on_hand and reserved equal its ledger's sums. */
export async function expectLedgerReconciles(storeId: string): Promise<void> {
  const { rows } = await testDb().execute<{
    sku: string;
    on_hand: number;
    reserved: number;
    ledger_on_hand: string;
    ledger_reserved: string;
  }>(sql`
    SELECT v.sku, v.on_hand, v.reserved, coalesce(sum(m.on_hand_delta), 0) AS ledger_on_hand, coalesce(sum(m.reserved_delta), 0) AS ledger_reserved
    FROM variants v LEFT JOIN inventory_movements m ON m.variant_id = v.id
    WHERE v.store_id = ${storeId} GROUP BY v.id`);
  for (const row of rows) {
    expect([row.sku, Number(row.on_hand), Number(row.reserved)]).toEqual([
      row.sku,
      Number(row.ledger_on_hand),
      Number(row.ledger_reserved),
    ]);
  }
}

/** A variant's stock row and its number of movements, to check that nothing moved. */
export async function stockOf(variantId: string) {
  const [row] = await testDb()
    .select({ onHand: variants.onHand, reserved: variants.reserved })
    .from(variants)
    .where(eq(variants.id, variantId));
  const movements = await testDb()
    .select({ id: inventoryMovements.id })
    .from(inventoryMovements)
    .where(eq(inventoryMovements.variantId, variantId));
  return { ...row!, movements: movements.length };
}
