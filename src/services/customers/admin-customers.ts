import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runStatement } from '../../db/sql/batch';
import { defineView, type ViewValue, viewText, viewOf, readIdPage } from '../../db/sql/views';
import type { CUSTOMER_SEGMENTS } from '../../lib/enums';
import { CustomerDetailSchema, CustomerSchema } from '../../schemas/customers';
import { orderSummaryView } from '../orders/admin-order-view';
import { addressView } from './address-view';

export const NO_CUSTOMER = 'This store has no customer with that id.';

/** How many of a customer's orders their detail shows; the order list filtered by `customerId` pages through the rest. */
export const RECENT_ORDERS = 20;

/** Customer alias `c` as staff see it, with the store's currency for its figures. */
export const customerView = defineView(
  CustomerSchema,
  (_customer: 'c') => sql`json_build_object('id', c.id, 'email', c.email, 'name', c.name, 'phone', c.phone,
    'hasAccount', c.user_id IS NOT NULL, 'segment', c.segment, 'totalSpent', c.total_spent,
    'currency', (SELECT currency FROM stores WHERE id = c.store_id), 'orderCount', c.order_count,
    'lastOrderAt', c.last_order_at, 'channelIds', c.channel_ids, 'createdAt', c.created_at, 'updatedAt', c.updated_at)`,
);

type CustomerValue = ViewValue<typeof customerView>;

/** Customer alias `c` with their saved addresses and latest orders. */
export const customerDetailView = defineView(
  CustomerDetailSchema,
  (_customer: 'c') => sql`(${customerView.json('c')})::jsonb || jsonb_build_object(
    'addresses', coalesce((
      SELECT jsonb_agg(${addressView.json('a')} ORDER BY a.is_default DESC, a.id DESC)
      FROM addresses a
      WHERE a.customer_id = c.id), '[]'),
    'orders', coalesce((
      SELECT jsonb_agg(${orderSummaryView.json('o')} ORDER BY o.id DESC)
      FROM (SELECT * FROM orders WHERE customer_id = c.id ORDER BY id DESC LIMIT ${RECENT_ORDERS}) o), '[]'))`,
);

type CustomerDetailValue = ViewValue<typeof customerDetailView>;

export interface CustomerFilters {
  segment?: (typeof CUSTOMER_SEGMENTS)[number];
  /** Part of the email, name or phone, any case. */
  q?: string;
}

/** A page of the store's customers, newest first, in one statement. */
export async function listCustomers(
  db: Database,
  storeId: string,
  filters: CustomerFilters,
  page: { limit: number; after?: string },
) {
  const conditions: SQL[] = [sql`c.store_id = ${storeId}`];
  if (filters.segment) conditions.push(sql`c.segment = ${filters.segment}`);
  if (filters.q) {
    conditions.push(
      sql`(strpos(c.email, lower(${filters.q})) > 0 OR strpos(lower(c.name), lower(${filters.q})) > 0 OR strpos(c.phone, ${filters.q}) > 0)`,
    );
  }
  const from = sql`customers c WHERE ${sql.join(conditions, sql` AND `)}`;
  return readIdPage<CustomerValue>(db, 'c', from, customerView.json('c'), page);
}

/** One customer of the store with their addresses and latest orders, in one statement. */
export async function getCustomer(db: Database, storeId: string, customerId: string) {
  const view = viewOf<CustomerDetailValue>(
    customerDetailView.json('c'),
    sql`customers c WHERE c.id = ${customerId} AND c.store_id = ${storeId}`,
  );
  return viewText(await runStatement(db, view), NO_CUSTOMER);
}
