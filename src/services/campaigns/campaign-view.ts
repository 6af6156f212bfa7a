import { type SQL, sql } from 'drizzle-orm';
import { defineView } from '../../db/sql/views';
import { CampaignSchema, StorefrontCampaignSchema } from '../../schemas/campaigns';
import { variantLabel } from '../catalog/variant-label';

/**
 * A campaign as staff and shoppers read it. Its stored status is `active`
 * from creation until settlement; what readers see is its public state,
 * which the clock moves too: decided here, in SQL at the moment of the
 * statement, so no job has to open or close a campaign for it to read right.
 */

export const NO_CAMPAIGN = 'This store has no campaign with that id.';

/**
 * Campaign alias `c`'s public state: `scheduled` before its start, `open`
 * until its end, `ending` once over and awaiting settlement, then its
 * settled status. `expired` (seed 002's, never written) reads as `failed`.
 */
export function campaignState(_c: 'c'): SQL<string> {
  return sql<string>`(CASE
    WHEN c.status = 'expired' THEN 'failed'
    WHEN c.status <> 'active' THEN c.status::text
    WHEN c.starts_at > now() THEN 'scheduled'
    WHEN c.ends_at > now() THEN 'open'
    ELSE 'ending' END)`;
}

/** Seconds until campaign alias `c` opens (scheduled) or ends (open); 0 after. */
function secondsLeft(_c: 'c'): SQL {
  return sql`(CASE
    WHEN c.status <> 'active' THEN 0
    WHEN c.starts_at > now() THEN ceil(extract(epoch FROM c.starts_at - now()))
    WHEN c.ends_at > now() THEN ceil(extract(epoch FROM c.ends_at - now()))
    ELSE 0 END)::int`;
}

/** What staff and shoppers both see of campaign alias `c`, as `json_build_object` arguments. */
function sharedFields(_c: 'c'): SQL {
  return sql`'id', c.id, 'name', c.name, 'description', c.description, 'state', ${campaignState('c')},
    'variant', (
      SELECT json_build_object('id', v.id, 'sku', v.sku, 'label', ${variantLabel('v')},
        'productId', p.id, 'productName', p.name, 'productSlug', p.slug)
      FROM variants v
      JOIN products p ON p.id = v.product_id
      WHERE v.id = c.variant_id),
    'price', c.price, 'originalPrice', c.original_price, 'currency', c.currency,
    'unitsPerParticipant', c.units_per_participant, 'minParticipants', c.min_participants,
    'maxParticipants', c.max_participants, 'participants', c.participant_count,
    'placesLeft', c.max_participants - c.participant_count,
    'startsAt', c.starts_at, 'endsAt', c.ends_at, 'settledAt', c.settled_at, 'createdAt', c.created_at`;
}

/** Campaign alias `c` as staff see it: with its cancel reason and last change. */
export const campaignView = defineView(
  CampaignSchema,
  (_c: 'c') => sql`json_build_object(${sharedFields('c')},
    'cancelReason', c.cancel_reason, 'updatedAt', c.updated_at)`,
);

/** Campaign alias `c` as shoppers see it: with the product's main image and the time left. */
export const storefrontCampaignView = defineView(
  StorefrontCampaignSchema,
  (_c: 'c') => sql`json_build_object(${sharedFields('c')},
    'imageUrl', (
      SELECT i.url
      FROM product_images i
      JOIN variants v ON v.product_id = i.product_id
      WHERE v.id = c.variant_id
      ORDER BY i.position
      LIMIT 1),
    'secondsLeft', ${secondsLeft('c')})`,
);

/**
 * Seconds until the next campaign among those `picked` (alias `c`) opens
 * or ends, or null: a cached answer must not show them as they were past it.
 */
export function secondsUntilNextCampaignChange(picked: SQL): SQL {
  return sql`(SELECT extract(epoch FROM min(CASE WHEN c.starts_at > now() THEN c.starts_at ELSE c.ends_at END) - now())
    FROM ${picked} AND c.status = 'active' AND c.ends_at > now())`;
}
