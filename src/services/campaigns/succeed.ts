import { type SQL, sql } from 'drizzle-orm';
import { insertEvents } from '../../db/sql/ledgers';
import { reservationMinutes } from '../store-settings';

/** Why a campaign succeeded: its last place went (at the join that took it), or its end came with enough participants. */
export type SuccessReason = 'filled' | 'ended';

/** How long a card hold of a successful campaign keeps its stock while its capture is under way (hours). */
export const CAPTURE_WINDOW_HOURS = 24;

/**
 * One statement that settles as `successful` the campaigns `picked` lists (a
 * query of campaign ids) that are still `active` and have their minimum,
 * each once: a concurrent settlement waits on the row lock, then finds it
 * settled and does nothing. The join that takes the last place runs it in
 * its own batch; the scheduled settlement at the end.
 *
 * The campaign's orders go ahead: each one still awaiting payment holds its
 * stock from now for the store's reservation time, as after a checkout
 * (until then it held it until the campaign's end), or, with a card hold
 * waiting to be captured, for CAPTURE_WINDOW_HOURS. Capturing is the
 * Worker's step after the batch (Stripe's `payment_intent.succeeded` then
 * pays the order). A `group-commerce.campaign.successful` event per campaign.
 */
export function succeedCampaigns(picked: SQL, reason: SuccessReason): SQL {
  const event = insertEvents(
    {
      storeId: sql`store_id`,
      type: 'group-commerce.campaign.successful',
      aggregateType: 'campaign',
      aggregateId: sql`id`,
      payload: sql`jsonb_build_object('campaignId', id, 'participants', participant_count,
        'minParticipants', min_participants, 'maxParticipants', max_participants, 'reason', ${reason}::text,
        'orders', (SELECT count(*) FROM extended e WHERE e.campaign_id = succeeded.id))`,
    },
    sql`succeeded`,
  );
  return sql`WITH succeeded AS (
      UPDATE campaigns c
      SET status = 'successful', settled_at = now(), updated_at = now()
      WHERE c.id IN (${picked}) AND c.status = 'active' AND c.participant_count >= c.min_participants
      RETURNING c.id, c.store_id, c.participant_count, c.min_participants, c.max_participants),
    extended AS (
      UPDATE orders o
      SET reservation_expires_at = now() + CASE
          WHEN EXISTS (SELECT 1 FROM payments p WHERE p.order_id = o.id AND p.status = 'pending' AND p.authorized_at IS NOT NULL)
            THEN make_interval(hours => ${CAPTURE_WINDOW_HOURS})
          ELSE make_interval(mins => ${reservationMinutes('s')}) END,
        updated_at = now()
      FROM campaign_participants cp, succeeded, stores s
      WHERE cp.campaign_id = succeeded.id AND o.id = cp.order_id AND s.id = o.store_id AND o.status = 'pending_payment'
      RETURNING o.id, o.reservation_expires_at, cp.campaign_id),
    held AS (
      UPDATE inventory_reservations r
      SET expires_at = e.reservation_expires_at, updated_at = now()
      FROM extended e
      WHERE r.order_id = e.id AND r.status = 'reserved')
    ${event}`;
}
