import { type SQL, sql } from 'drizzle-orm';
import { insertAuditRows } from '../../db/sql/ledgers';
import { refreshCustomerStats } from '../order-lifecycle/customer-figures';

/**
 * When a user proves their email, the guest customers of that email join
 * the account, in every store. Where the user has no customer yet, the
 * guest's row becomes theirs. Where they have one (made without the email
 * because the guest held it: customers/link-customer.ts), the guest's
 * orders, addresses, saved payment methods, carts, campaign places and
 * messages move to it, its profile fills the gaps of the user's, the guest
 * row is deleted (audited in its store as `customer.merged`) and its email
 * passes to the user's row, whose figures are then recomputed from its
 * orders. Statements of the caller's batch, in order: locks first (orders,
 * then customers, the order every figure-changing batch takes).
 */

/** The user's guest customers (`guest_id`) and, in the same store, the user's own customer (`survivor_id`, or null). */
function guestsOf(userId: SQL): SQL {
  return sql`SELECT g.id AS guest_id, s.id AS survivor_id, g.store_id
    FROM users u
    JOIN customers g ON g.email = u.email AND g.user_id IS NULL
    LEFT JOIN customers s ON s.store_id = g.store_id AND s.user_id = u.id
    WHERE u.id = ${userId} AND u.email_verified`;
}

const merging = (userId: SQL) => sql`(SELECT guest_id, survivor_id, store_id FROM (${guestsOf(userId)}) p
  WHERE survivor_id IS NOT NULL)`;

/** Moves the rows of table `table` that point at a merged guest to its survivor (`also`: more SET, `when`: a condition over `r`). */
function moveRows(table: string, userId: SQL, also: SQL = sql``, when: SQL = sql`true`): SQL {
  return sql`UPDATE ${sql.identifier(table)} r
    SET customer_id = p.survivor_id${also}
    FROM ${merging(userId)} p
    WHERE r.customer_id = p.guest_id AND ${when}`;
}

/** A default that moves stays the default only where the survivor has none (one default per customer). */
const keepDefault = (table: string) =>
  sql`, is_default = r.is_default AND NOT EXISTS (
    SELECT 1 FROM ${sql.identifier(table)} d WHERE d.customer_id = p.survivor_id AND d.is_default)`;

/** The statements, by name, that join the guest customers of user `userId`'s email to the account. */
export function joinGuestCustomers(user: SQL, requestId: string) {
  return {
    lockOrders: sql`SELECT o.id FROM orders o
      WHERE o.customer_id IN (SELECT guest_id FROM ${merging(user)} m)
      ORDER BY o.id
      FOR UPDATE`,
    lockCustomers: sql`SELECT c.id FROM customers c
      WHERE c.id IN (SELECT guest_id FROM (${guestsOf(user)}) p UNION SELECT survivor_id FROM ${merging(user)} m)
      ORDER BY c.id
      FOR UPDATE`,
    linkGuests: sql`UPDATE customers c
      SET user_id = ${user}, updated_at = now()
      FROM (${guestsOf(user)}) p
      WHERE c.id = p.guest_id AND p.survivor_id IS NULL`,
    moveOrders: moveRows('orders', user, sql`, updated_at = now()`),
    moveAddresses: moveRows('addresses', user, keepDefault('addresses')),
    movePaymentMethods: moveRows('payment_methods', user, keepDefault('payment_methods')),
    moveCarts: moveRows('carts', user),
    moveMessages: moveRows('customer_messages', user),
    // One place per campaign and customer: a place in a campaign the survivor joined too stays the guest's (and loses it).
    moveCampaignPlaces: moveRows(
      'campaign_participants',
      user,
      sql``,
      sql`NOT EXISTS (SELECT 1 FROM campaign_participants x WHERE x.campaign_id = r.campaign_id AND x.customer_id = p.survivor_id)`,
    ),
    fillProfiles: sql`UPDATE customers s
      SET name = coalesce(s.name, g.name),
        phone = coalesce(s.phone, g.phone),
        channel_ids = g.channel_ids || s.channel_ids,
        metadata = g.metadata || s.metadata,
        tags = ARRAY(SELECT DISTINCT tag FROM unnest(s.tags || g.tags) AS tag ORDER BY tag),
        notes = nullif(concat_ws(E'\n\n', s.notes, g.notes), ''),
        marketing_consent = CASE WHEN g.marketing_consent_at > coalesce(s.marketing_consent_at, '-infinity')
          THEN g.marketing_consent ELSE s.marketing_consent END,
        marketing_consent_at = greatest(s.marketing_consent_at, g.marketing_consent_at),
        -- A blocked guest stays blocked as the account's customer: verifying an email is no way around a block.
        blocked_at = coalesce(s.blocked_at, g.blocked_at),
        blocked_reason = CASE WHEN s.blocked_at IS NOT NULL THEN s.blocked_reason ELSE g.blocked_reason END,
        updated_at = now()
      FROM ${merging(user)} p
      JOIN customers g ON g.id = p.guest_id
      WHERE s.id = p.survivor_id`,
    deleteGuests: sql`WITH gone AS (
        DELETE FROM customers c
        USING ${merging(user)} p
        WHERE c.id = p.guest_id
        RETURNING c.id, c.store_id, p.survivor_id)
      ${insertAuditRows(
        {
          storeId: sql`store_id`,
          actorType: 'user',
          actorId: user,
          action: 'customer.merged',
          entityType: 'customer',
          entityId: sql`survivor_id`,
          before: sql`jsonb_build_object('mergedCustomerId', id)`,
          requestId,
        },
        sql`gone`,
      )}`,
    // The user's customers without an email take the verified one where no other customer of the store has it.
    giveEmail: sql`UPDATE customers c
      SET email = u.email, updated_at = now()
      FROM users u
      WHERE u.id = ${user} AND c.user_id = u.id AND c.email IS NULL
        AND NOT EXISTS (SELECT 1 FROM customers o WHERE o.store_id = c.store_id AND o.email = u.email)`,
    figures: refreshCustomerStats(sql`SELECT o.id FROM orders o JOIN customers c ON c.id = o.customer_id
      WHERE c.user_id = ${user}`),
  };
}
