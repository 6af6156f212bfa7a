import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runBatch } from '../../db/sql/batch';
import { defineView, isoTimestamp, viewOf, viewText } from '../../db/sql/views';
import { lockRow } from '../../db/sql/writes';
import { CampaignSettlementSchema } from '../../schemas/campaign-settlement';
import { type AuditContext, auditFromCte } from '../audit';
import { apiOrigin } from '../order-lifecycle/origin';
import { cancelAbandonedIntents } from '../payments/abandoned-intents';
import type { StripeSettings } from '../payments/stripe-api';
import { NO_CAMPAIGN } from './campaign-view';
import { CAMPAIGN_ORDER_REASONS, failCampaign } from './settle';

/** A settled campaign (alias `c`) and what became of its orders, as staff read it after cancelling it. */
export const campaignSettlementView = defineView(
  CampaignSettlementSchema,
  (_c: 'c') => sql`(SELECT json_build_object('campaignId', c.id, 'status', c.status, 'reason', c.cancel_reason,
      'settledAt', ${isoTimestamp(sql`c.settled_at`)},
      'orders', json_build_object('cancelled', count(*) FILTER (WHERE cancelled),
        'flaggedForRefund', count(*) FILTER (WHERE cancelled AND EXISTS (SELECT 1 FROM payments p
          WHERE p.order_id = o.id AND p.status IN ('confirmed', 'partially_refunded', 'refunded'))),
        'alreadyShipped', count(*) FILTER (WHERE o.status IN ('shipped', 'delivered'))))
    FROM campaign_participants cp
    JOIN orders o ON o.id = cp.order_id,
      LATERAL (SELECT o.cancel_reason = ${CAMPAIGN_ORDER_REASONS.cancelled} AS cancelled) k
    WHERE cp.campaign_id = c.id)`,
);

/**
 * Stops the batch unless the store has the campaign and it has not been
 * settled as successful or failed: a 404, or a 409 `invalid_transition`.
 * A campaign already cancelled passes, and the cancellation does nothing.
 */
function requireCancellable(storeId: string, campaignId: string): SQL {
  return sql`SELECT CASE
      WHEN c.id IS NULL THEN api_error('not_found', ${NO_CAMPAIGN})
      WHEN c.status NOT IN ('active', 'cancelled') THEN api_error('invalid_transition',
        'The campaign was settled as ' || c.status || '; only a campaign not yet settled can be cancelled. Nothing changed.')
      ELSE true END
    FROM (SELECT 1) one
    LEFT JOIN campaigns c ON c.id = ${campaignId} AND c.store_id = ${storeId}`;
}

/**
 * Staff cancel a campaign not yet settled (scheduled, open, or ended and
 * awaiting the cron): everyone is released as for a failure (`failCampaign`,
 * status `cancelled`), audited `campaign.cancelled`. One batch, one round
 * trip: the campaign locked first, so a join or the cron settling it at the
 * same moment goes before or after, never between. Cancelling it again
 * changes nothing and answers the same. The cancelled card payments'
 * PaymentIntents are then cancelled at Stripe, releasing their holds.
 */
export async function cancelCampaign(
  db: Database,
  stripe: StripeSettings,
  context: AuditContext,
  campaignId: string,
  input: { reason?: string },
) {
  const { storeId } = context;
  const reason = input.reason ?? null;
  const { cancelledUnpaid, view } = await runBatch(db, {
    lock: lockRow('campaigns', campaignId, storeId),
    guard: requireCancellable(storeId, campaignId),
    ...failCampaign(
      { campaignId, status: 'cancelled', reason, when: sql`c.store_id = ${storeId}` },
      apiOrigin(context, reason ? { reason } : {}),
    ),
    audit: auditFromCte(
      context,
      'campaign.cancelled',
      'campaign',
      sql`(SELECT c.id AS entity_id, jsonb_build_object('status', 'active') AS before,
        jsonb_strip_nulls(jsonb_build_object('status', c.status, 'reason', c.cancel_reason)) AS after
        FROM campaigns c
        WHERE c.id = ${campaignId} AND c.store_id = ${storeId} AND c.status = 'cancelled' AND c.settled_at = now()) cancelled`,
    ),
    view: viewOf(
      campaignSettlementView.json('c'),
      sql`campaigns c WHERE c.id = ${campaignId} AND c.store_id = ${storeId}`,
    ),
  });
  await cancelAbandonedIntents(stripe, cancelledUnpaid[0]?.stripe_intents);
  return viewText(view, NO_CAMPAIGN);
}
