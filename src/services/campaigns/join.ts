import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { insertEvents } from '../../db/sql/ledgers';
import { statement } from '../../db/sql/statement';
import { uuidv7 } from '../../lib/ids';
import { type CheckoutResult, type OrderInput, placeOrder } from '../checkout/checkout';
import { type CheckoutOrder, checkoutStatements } from '../checkout/order-statements';
import type { StripeSettings } from '../payments/stripe-api';
import type { Shopper } from '../shopper';
import { campaignState, NO_CAMPAIGN } from './campaign-view';
import { succeedCampaigns } from './succeed';

/**
 * Joining a campaign is a checkout of one line, the campaign's variant ×
 * its units per participant at the campaign's price, whose stock is held
 * until the campaign ends, in the same single batch as checkout's (one
 * transaction, one round trip) with the join's statements after the order's
 * INSERT: they count the participant, record who joined, and settle the
 * campaign when this join took its last place.
 *
 * Locks come in the order every campaign writer takes them: the campaign
 * row (the count's UPDATE), then the campaign's orders (a fill's settlement),
 * then the variant (checkout's reservation). Concurrent joins queue on the
 * campaign row; each re-checks the count once it has it, and the CHECK
 * participant_count <= max_participants is the last guard. The unique
 * participant per customer and per email makes a second join of the same
 * customer do nothing, which the statement after it refuses.
 */

export interface JoinResult extends CheckoutResult {
  /** This join took the last place and settled the campaign as successful. */
  filled: boolean;
  /** It filled it, and the campaign has card holds to capture. */
  capture: boolean;
}

/** Whether the campaign row alias `c` takes joins now: active, started and not ended. */
function openNow(_campaign: 'c'): SQL {
  return sql`${campaignState('c')} = 'open'`;
}

/**
 * Why order `orderId` cannot join campaign `campaignId`, raised as its
 * problem, from the rows committed when it runs: no such campaign in the
 * order's store, this customer or email already in, no place left, not
 * open. `otherwise` is what it answers when none holds. Only for an order
 * this request placed, and `when`.
 */
function refuseJoin(order: CheckoutOrder, campaignId: string, otherwise: SQL, when: SQL = sql`true`): SQL {
  return sql`SELECT CASE
      WHEN c.id IS NULL THEN api_error('not_found', ${NO_CAMPAIGN}, 'campaignId')
      WHEN EXISTS (
        SELECT 1 FROM campaign_participants p
        WHERE p.campaign_id = c.id AND (p.email = o.email OR p.customer_id = o.customer_id))
        THEN api_error('already_joined', 'You have already joined this campaign.')
      WHEN c.participant_count >= c.max_participants
        THEN api_error('campaign_full', 'This campaign has no places left.')
      WHEN NOT ${openNow('c')}
        THEN api_error('campaign_not_active', 'This campaign is not open: it has not started yet, or it is over.')
      ELSE ${otherwise} END
    FROM orders o
    LEFT JOIN campaigns c ON c.id = ${campaignId} AND c.store_id = o.store_id
    WHERE o.id = ${order.orderId} AND ${when}`;
}

/**
 * Counts the order in: one more participant while the campaign is open and
 * has a place (waiting for a concurrent join's lock, then re-checking), the
 * participant row (nothing when this customer or email is in already: a
 * concurrent join of theirs), and `group-commerce.campaign.joined`.
 */
function join(order: CheckoutOrder, campaignId: string): SQL {
  const joined = insertEvents(
    {
      storeId: sql`store_id`,
      type: 'group-commerce.campaign.joined',
      aggregateType: 'campaign',
      aggregateId: sql`id`,
      payload: sql`jsonb_build_object('campaignId', id, 'orderId', order_id, 'customerId', customer_id,
        'participants', participant_count, 'minParticipants', min_participants, 'maxParticipants', max_participants)`,
    },
    sql`counted WHERE EXISTS (SELECT 1 FROM participant)`,
  );
  return sql`WITH counted AS (
      UPDATE campaigns c
      SET participant_count = c.participant_count + 1, updated_at = now()
      FROM orders o
      WHERE o.id = ${order.orderId} AND c.id = ${campaignId} AND c.store_id = o.store_id
        AND ${openNow('c')} AND c.participant_count < c.max_participants
      RETURNING c.id, c.store_id, c.participant_count, c.min_participants, c.max_participants, c.units_per_participant,
        o.id AS order_id, o.customer_id, o.email),
    participant AS (
      INSERT INTO campaign_participants (id, store_id, campaign_id, customer_id, email, quantity, order_id)
      SELECT ${uuidv7()}, store_id, id, customer_id, email, units_per_participant, order_id
      FROM counted
      ON CONFLICT DO NOTHING
      RETURNING id)
    ${joined}`;
}

/**
 * Checkout's statements for the campaign's line, with the join's after the
 * order's INSERT and its blocked-customer check, before the variant is
 * locked: refusals from the committed rows, the count, the refusal of a
 * join that did not count, and the settlement when this join filled the
 * campaign (which moves every participant's reservation, this one's too:
 * the reservation rows are written after it, from the order's time). Ends
 * with whether it filled it.
 */
function joinStatements(order: CheckoutOrder, campaignId: string) {
  const {
    customer,
    order: placeTheOrder,
    refuseBlocked,
    ...rest
  } = checkoutStatements(order, { campaignId }, uuidv7());
  const counted = sql`EXISTS (SELECT 1 FROM campaign_participants WHERE order_id = ${order.orderId})`;
  return {
    customer,
    order: placeTheOrder,
    refuseBlocked,
    refuseJoin: refuseJoin(order, campaignId, sql`true`),
    join: join(order, campaignId),
    refuseUncounted: refuseJoin(
      order,
      campaignId,
      sql`api_error('campaign_not_active', 'This campaign could not take the join; try again.')`,
      sql`NOT ${counted}`,
    ),
    settle: succeedCampaigns(
      sql`SELECT id FROM campaigns WHERE id = ${campaignId} AND participant_count >= max_participants AND ${counted}`,
      'filled',
    ),
    ...rest,
    // Successful after this join counted (it held the campaign's row from the count on): this join settled it,
    // and its card holds, if it has any yet, are to be captured.
    filled: statement<{ filled: boolean; holds: boolean }>(
      sql`SELECT c.status = 'successful' AS filled, EXISTS (
          SELECT 1 FROM campaign_participants cp JOIN payments p ON p.order_id = cp.order_id
          WHERE cp.campaign_id = c.id AND p.status = 'pending' AND p.authorized_at IS NOT NULL) AS holds
        FROM campaigns c WHERE c.id = ${campaignId} AND ${counted}`,
    ),
  };
}

/**
 * Joins campaign `campaignId` of store `slug`: places its order (as
 * checkout, with the same Idempotency-Key rules: a replay changes nothing
 * and answers the order again) and counts the participant, in one round
 * trip; a card payment is then authorised only (card-payment.ts).
 */
export async function joinCampaign(
  db: Database,
  settings: { secret: string; card: StripeSettings },
  request: { slug: string; campaignId: string; idempotencyKey: string; shopper?: Shopper; input: OrderInput },
): Promise<JoinResult> {
  const { campaignId } = request;
  // The campaign is part of the request: the same key and body for another campaign is a 422.
  const input: OrderInput & { campaignId: string } = { ...request.input, campaignId };
  const { json, replayed, rows } = await placeOrder(
    db,
    settings,
    { ...request, input, source: { campaignId } },
    (order) =>
      joinStatements(
        { ...order, reservationEnd: sql`(SELECT ends_at FROM campaigns WHERE id = ${campaignId} AND store_id = s.id)` },
        campaignId,
      ),
  );
  const [settled] = rows.filled;
  return { json, replayed, filled: settled?.filled === true, capture: settled?.filled === true && settled.holds };
}
