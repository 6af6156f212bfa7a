import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runBatch, runStatement } from '../../db/sql/batch';
import { isUniqueViolation } from '../../db/sql/errors';
import type { Statement } from '../../db/sql/statement';
import { defineView, type ViewRow, type ViewValue, viewText, viewOf, readIdPage } from '../../db/sql/views';
import { givenFields, requireRow, setList, textArray } from '../../db/sql/writes';
import { ApiError } from '../../lib/api-error';
import type { CUSTOMER_SEGMENTS, MESSAGE_CHANNELS } from '../../lib/enums';
import { uuidv7 } from '../../lib/ids';
import { CustomerDetailSchema, CustomerSchema } from '../../schemas/customers';
import { type AuditContext, auditFromCte } from '../audit';
import { orderSummaryView } from '../orders/admin-order-view';
import { addressView } from './address-view';
import { customerCreatedEvent } from './link-customer';

export const NO_CUSTOMER = 'This store has no customer with that id.';

/** How many of a customer's orders their detail shows; the order list filtered by `customerId` pages through the rest. */
export const RECENT_ORDERS = 20;

/** Customer alias `c` as staff see it, with the store's currency for its figures. */
export const customerView = defineView(
  CustomerSchema,
  (_customer: 'c') => sql`json_build_object('id', c.id, 'email', c.email, 'name', c.name, 'phone', c.phone,
    'hasAccount', c.user_id IS NOT NULL, 'segment', c.segment, 'totalSpent', c.total_spent,
    'currency', (SELECT currency FROM stores WHERE id = c.store_id), 'orderCount', c.order_count,
    'lastOrderAt', c.last_order_at, 'channelIds', c.channel_ids, 'tags', c.tags, 'notes', c.notes,
    'marketingConsent', c.marketing_consent, 'marketingConsentAt', c.marketing_consent_at,
    'blockedAt', c.blocked_at, 'blockedReason', c.blocked_reason, 'createdAt', c.created_at, 'updatedAt', c.updated_at)`,
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
  /** A tag they carry (tags are stored in lower case). */
  tag?: string;
  /** Only blocked customers, or only the others. */
  blocked?: boolean;
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
  // Containment, so that the GIN index on tags serves the filter.
  if (filters.tag) conditions.push(sql`c.tags @> ARRAY[${filters.tag}]::text[]`);
  if (filters.blocked !== undefined) {
    conditions.push(filters.blocked ? sql`c.blocked_at IS NOT NULL` : sql`c.blocked_at IS NULL`);
  }
  const from = sql`customers c WHERE ${sql.join(conditions, sql` AND `)}`;
  return readIdPage<CustomerValue>(db, 'c', from, customerView.json('c'), page);
}

/** The statement answering customer `customerId` of the store with their addresses and latest orders. */
function customerDetailStatement(storeId: string, customerId: string): Statement<ViewRow<CustomerDetailValue>> {
  return viewOf(customerDetailView.json('c'), sql`customers c WHERE c.id = ${customerId} AND c.store_id = ${storeId}`);
}

/** One customer of the store with their addresses and latest orders, in one statement. */
export async function getCustomer(db: Database, storeId: string, customerId: string) {
  return viewText(await runStatement(db, customerDetailStatement(storeId, customerId)), NO_CUSTOMER);
}

/**
 * Staff's changes to customers: a customer recorded by hand (seed 003's
 * chat buyers, known by a phone or a channel id), their profile, and
 * blocking them. Each is one batch with its audit row, answering the
 * customer as `getCustomer` does. Their orders and figures are never
 * touched here: those follow the orders.
 */

export interface CustomerProfile {
  email?: string | null;
  phone?: string | null;
  name?: string | null;
  channelIds?: Partial<Record<(typeof MESSAGE_CHANNELS)[number], string>>;
  tags?: string[];
  notes?: string | null;
  marketingConsent?: boolean;
}

const PROFILE_COLUMNS = {
  email: 'email',
  phone: 'phone',
  name: 'name',
  channelIds: 'channel_ids',
  tags: 'tags',
  notes: 'notes',
  marketingConsent: 'marketing_consent',
} as const;

function profileValue(field: keyof CustomerProfile, value: unknown): SQL {
  if (field === 'tags') return textArray(value as string[]);
  if (field === 'channelIds') return sql`${JSON.stringify(value)}::jsonb`;
  return sql`${value}`;
}

const EMAIL_TAKEN = 'Another customer of this store has this email.';
const ACCOUNT_EMAIL =
  'This customer signs in with an account, and their email follows the account; it cannot be changed here.';
const UNREACHABLE = 'A customer needs an email, a phone or a channel id: how the store knows them. Keep one of them.';

/** A write whose unique email is taken: the 409 names the field. */
async function customerWrite<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (isUniqueViolation(error, 'customers_store_email_unique')) {
      throw new ApiError('conflict', EMAIL_TAKEN, [{ path: 'email', message: EMAIL_TAKEN }]);
    }
    throw error;
  }
}

/** Customer alias `c`, or its row `before` a change, as audit rows record it: what staff can change. */
function auditedCustomer(alias: 'c' | 'before'): SQL {
  const row = sql.raw(alias);
  return sql`jsonb_build_object('email', ${row}.email, 'phone', ${row}.phone, 'name', ${row}.name,
    'channelIds', ${row}.channel_ids, 'tags', ${row}.tags, 'notes', ${row}.notes,
    'marketingConsent', ${row}.marketing_consent, 'blockedAt', ${row}.blocked_at, 'blockedReason', ${row}.blocked_reason)`;
}

/**
 * Changes customer `customerId` of the store by `set` when `when` holds of
 * its row (`c`), with an audit row of `action` holding what staff can change
 * before and after. A change that `when` refuses changes and audits nothing.
 */
function changeCustomer(context: AuditContext, customerId: string, action: string, set: SQL, when: SQL = sql`true`) {
  return sql`WITH changed AS (
      UPDATE customers c
      SET ${set}
      FROM customers before
      WHERE before.id = c.id AND c.id = ${customerId} AND c.store_id = ${context.storeId} AND ${when}
      RETURNING c.id AS entity_id, ${auditedCustomer('before')} AS before, ${auditedCustomer('c')} AS after)
    ${auditFromCte(context, action, 'customer', sql`changed`)}`;
}

/**
 * Records a customer by hand: known by an email, a phone or a channel id
 * (the schema requires one). Their consent's time is stamped when it starts
 * given. One round trip; audited; emits `customer.created`. An email
 * another customer of the store has is a 409.
 */
export async function createCustomer(db: Database, context: AuditContext, input: CustomerProfile) {
  const id = uuidv7();
  const { storeId } = context;
  const fields = [
    { column: sql`id`, value: sql`${id}` },
    { column: sql`store_id`, value: sql`${storeId}` },
    ...givenFields(input, PROFILE_COLUMNS, profileValue),
    ...(input.marketingConsent ? [{ column: sql`marketing_consent_at`, value: sql`now()` }] : []),
  ];
  const { view } = await customerWrite(
    runBatch(db, {
      insert: sql`WITH made AS (
          INSERT INTO customers AS c (${sql.join(
            fields.map((field) => field.column),
            sql`, `,
          )})
          VALUES (${sql.join(
            fields.map((field) => field.value),
            sql`, `,
          )})
          RETURNING c.id AS entity_id, NULL::jsonb AS before, ${auditedCustomer('c')} AS after)
        ${auditFromCte(context, 'customer.created', 'customer', sql`made`)}`,
      event: sql`WITH made AS (SELECT id, store_id, email, name, phone FROM customers WHERE id = ${id})
        ${customerCreatedEvent('staff')}`,
      view: customerDetailStatement(storeId, id),
    }),
  );
  return viewText(view, NO_CUSTOMER);
}

/**
 * Stops the batch unless the store has the customer and, when the change
 * names an email, it may change: a customer linked to an account keeps the
 * account's.
 */
function requireProfileChange(
  storeId: string,
  customerId: string,
  email: string | null | undefined,
): Statement<never> | SQL {
  if (email === undefined) return requireRow('customers', customerId, storeId, NO_CUSTOMER);
  return sql`SELECT CASE
      WHEN c.id IS NULL THEN api_error('not_found', ${NO_CUSTOMER})
      WHEN c.user_id IS NOT NULL AND ${email}::text IS DISTINCT FROM c.email THEN api_error('conflict', ${ACCOUNT_EMAIL}, 'email')
      ELSE true END
    FROM (SELECT 1) one
    LEFT JOIN customers c ON c.id = ${customerId} AND c.store_id = ${storeId}`;
}

/**
 * Changes a customer's profile: what is given replaces what was (tags as a
 * whole; null clears). Consent's time is stamped when its value changes.
 * The customer must stay reachable (an email, a phone, a channel id or an
 * account). One round trip; audited.
 */
export async function updateCustomer(
  db: Database,
  context: AuditContext,
  customerId: string,
  changes: CustomerProfile,
) {
  const { storeId } = context;
  const consentAt =
    changes.marketingConsent === undefined
      ? []
      : [
          sql`marketing_consent_at = CASE WHEN c.marketing_consent IS DISTINCT FROM ${changes.marketingConsent}::boolean
            THEN now() ELSE c.marketing_consent_at END`,
        ];
  const set = setList(changes, PROFILE_COLUMNS, [...consentAt, sql`updated_at = now()`], profileValue);
  const { view } = await customerWrite(
    runBatch(db, {
      requireChange: requireProfileChange(storeId, customerId, changes.email),
      update: changeCustomer(context, customerId, 'customer.updated', set),
      requireReachable: sql`SELECT api_error('validation_failed', ${UNREACHABLE}, 'email')
        FROM customers
        WHERE id = ${customerId} AND email IS NULL AND phone IS NULL AND channel_ids = '{}'::jsonb AND user_id IS NULL`,
      view: customerDetailStatement(storeId, customerId),
    }),
  );
  return viewText(view, NO_CUSTOMER);
}

/**
 * Blocks a customer: from now on they can open no cart and place no order
 * (services/customers/blocked.ts); their orders and figures stay. Blocking
 * a blocked customer changes nothing (the first block's time and reason
 * stay) and answers them as they are. One round trip; audited.
 */
export async function blockCustomer(db: Database, context: AuditContext, customerId: string, reason: string) {
  const { view } = await runBatch(db, {
    exists: requireRow('customers', customerId, context.storeId, NO_CUSTOMER),
    block: changeCustomer(
      context,
      customerId,
      'customer.blocked',
      sql`blocked_at = now(), blocked_reason = ${reason}, updated_at = now()`,
      sql`c.blocked_at IS NULL`,
    ),
    view: customerDetailStatement(context.storeId, customerId),
  });
  return viewText(view, NO_CUSTOMER);
}

/** Lifts a block; a customer who is not blocked is answered as they are. One round trip; audited. */
export async function unblockCustomer(db: Database, context: AuditContext, customerId: string) {
  const { view } = await runBatch(db, {
    exists: requireRow('customers', customerId, context.storeId, NO_CUSTOMER),
    unblock: changeCustomer(
      context,
      customerId,
      'customer.unblocked',
      sql`blocked_at = NULL, blocked_reason = NULL, updated_at = now()`,
      sql`c.blocked_at IS NOT NULL`,
    ),
    view: customerDetailStatement(context.storeId, customerId),
  });
  return viewText(view, NO_CUSTOMER);
}
