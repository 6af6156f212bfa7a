import { expect } from 'vitest';
import type { CatalogStore } from './catalog';
import type { PlacedOrder } from './checkout';
import { placeOrder, type AdminCall } from './payments';

export type OrderStatus = 'pending_payment' | 'paid' | 'preparing' | 'shipped' | 'delivered' | 'cancelled';

export interface AdminOrder {
  id: string;
  number: string;
  status: OrderStatus;
  allowedTransitions: OrderStatus[];
  customer: { id: string; email: string | null; segment: string } | null;
  payments: { id: string; status: string; amount: number; refundedAmount: number; needsRefund: boolean }[];
  refunds: { id: string; amount: number }[];
  shipments: { id: string; carrier: string; trackingNumber: string | null; status: string }[];
  history: {
    from: OrderStatus | null;
    to: OrderStatus;
    reason: string | null;
    actor: { type: string; id: string | null };
  }[];
  internalNotes: string | null;
  cancelReason: string | null;
  timestamps: Record<string, string | null>;
}

/** How an order reaches each status from `pending_payment` through the status endpoint. */
export const PATH_TO: Record<OrderStatus, OrderStatus[]> = {
  pending_payment: [],
  paid: ['paid'],
  preparing: ['paid', 'preparing'],
  shipped: ['paid', 'preparing', 'shipped'],
  delivered: ['paid', 'preparing', 'shipped', 'delivered'],
  cancelled: ['cancelled'],
};

/** POSTs a status change and answers the response. */
export function moveOrder(call: AdminCall, orderId: string, status: OrderStatus, reason?: string) {
  return call('POST', `/orders/${orderId}/status`, reason === undefined ? { status } : { status, reason });
}

/** An order of `items` (default: two hoodies) placed through checkout and moved by staff to `status`. */
export async function orderIn(
  catalog: CatalogStore,
  call: AdminCall,
  status: OrderStatus,
  items: [string, number][] = [['BAL-HOE-NEG-M', 2]],
): Promise<PlacedOrder> {
  const order = await placeOrder(catalog, items);
  for (const step of PATH_TO[status]) {
    const response = await moveOrder(call, order.id, step, step === 'cancelled' ? 'Customer asked' : undefined);
    expect(response.status, await response.clone().text()).toBe(200);
  }
  return order;
}

/** The order as staff see it. */
export async function adminOrder(call: AdminCall, orderId: string): Promise<AdminOrder> {
  const response = await call('GET', `/orders/${orderId}`);
  expect(response.status, await response.clone().text()).toBe(200);
  return response.json<AdminOrder>();
}
