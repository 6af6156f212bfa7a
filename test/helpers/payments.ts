import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { api } from './api';
import { accessTokenFor } from './auth';
import type { CatalogStore } from './catalog';
import { checkoutBody, postCheckout, type PlacedOrder } from './checkout';
import { testDb } from './stores';

export type AdminCall = (
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<Response>;

/** Calls `/v1/admin/stores/{slug}{path}` as the catalog's owner (a real access token). */
export async function ownerOf(catalog: CatalogStore): Promise<AdminCall> {
  const token = await accessTokenFor({ id: catalog.owner.id!, email: catalog.owner.email }, [
    { id: catalog.storeId, slug: catalog.slug, role: 'owner' },
  ]);
  return adminCaller(catalog.slug, token);
}

/** Places an order of `items` (SKU and quantity) through checkout and answers it. */
export async function placeOrder(
  catalog: CatalogStore,
  items: [string, number][],
  overrides: Record<string, unknown> = {},
): Promise<PlacedOrder> {
  const body = checkoutBody(
    catalog,
    { items: items.map(([sku, quantity]) => ({ variantId: catalog.variant(sku).id, quantity })) },
    overrides,
  );
  const response = await postCheckout(catalog.slug, body);
  expect(response.status, await response.clone().text()).toBe(201);
  return response.json<PlacedOrder>();
}

/** How many rows of each payment-related kind exist for an order: to prove that a refused request changed nothing. */
export async function paymentFootprint(orderId: string) {
  const { rows } = await testDb().execute<Record<string, string>>(sql`SELECT
      (SELECT status FROM orders WHERE id = ${orderId}) AS order_status,
      (SELECT string_agg(status || ':' || refunded_amount || ':' || needs_refund, ',') FROM payments WHERE order_id = ${orderId}) AS payments,
      (SELECT count(*) FROM payment_audit_log WHERE payment_id IN (SELECT id FROM payments WHERE order_id = ${orderId})) AS audit,
      (SELECT count(*) FROM events WHERE aggregate_id = ${orderId} OR aggregate_id IN (SELECT id FROM payments WHERE order_id = ${orderId})) AS events,
      (SELECT count(*) FROM inventory_movements WHERE reference_id = ${orderId}) AS movements,
      (SELECT count(*) FROM order_status_history WHERE order_id = ${orderId}) AS history,
      (SELECT count(*) FROM refunds WHERE order_id = ${orderId}) AS refunds`);
  return rows[0]!;
}

/** The outbox event types recorded for an order and its payments, oldest first. */
export async function eventTypes(orderId: string): Promise<string[]> {
  const { rows } = await testDb().execute<{ type: string }>(sql`SELECT type FROM events
    WHERE aggregate_id = ${orderId} OR aggregate_id IN (SELECT id FROM payments WHERE order_id = ${orderId}) ORDER BY id`);
  return rows.map((row) => row.type);
}

/** Calls `/v1/admin/stores/{slug}{path}` with `credential` (an access token or an API key). */
export function adminCaller(slug: string, credential: string): AdminCall {
  return (method, path, body, headers = {}) =>
    api(`/v1/admin/stores/${slug}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${credential}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
}
