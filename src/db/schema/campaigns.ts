import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { variants } from './catalog';
import { createdAt, currency, id, money, refuseDelete, timestamps, timestamptz } from './columns';
import { customers } from './customers';
import { campaignStatus } from './enums';
import { orders } from './orders';
import { storeId } from './tenancy';

/**
 * A group-buying campaign (seed 002): a variant sold at `price` instead of
 * `originalPrice` if at least `minParticipants` join before `endsAt`, each
 * buying `unitsPerParticipant` units. `participantCount` is raised by the
 * join statement itself, and the checks make "no more than max
 * participants" hold under concurrent joins. `status` stays `active` from
 * creation (scheduled while `startsAt` is ahead) until settlement sets
 * `successful`, `failed` or `cancelled` and `settledAt`; `expired` is seed
 * 002's and unused. The
 * variant cannot be deleted while a campaign uses it (refuseDelete): a
 * campaign is a commercial promise that outlives catalog cleanup. The
 * (status, ends_at) index serves the job that closes campaigns as
 * successful, failed or expired.
 */
export const campaigns = pgTable(
  'campaigns',
  {
    id: id(),
    storeId: storeId(),
    variantId: uuid()
      .notNull()
      .references(() => variants.id, refuseDelete),
    name: text().notNull(),
    description: text(),
    minParticipants: integer().notNull(),
    maxParticipants: integer().notNull(),
    unitsPerParticipant: integer().notNull().default(1),
    participantCount: integer().notNull().default(0),
    price: money().notNull(),
    originalPrice: money().notNull(),
    currency: currency().notNull(),
    startsAt: timestamptz().notNull(),
    endsAt: timestamptz().notNull(),
    status: campaignStatus().notNull().default('active'),
    settledAt: timestamptz(),
    cancelReason: text(),
    ...timestamps(),
  },
  (t) => [
    index('campaigns_store_status_ends_idx').on(t.storeId, t.status, t.endsAt),
    index('campaigns_status_ends_idx').on(t.status, t.endsAt),
    index('campaigns_variant_idx').on(t.variantId),
    check(
      'campaigns_participants_check',
      sql`${t.minParticipants} >= 1 AND ${t.maxParticipants} >= ${t.minParticipants}`,
    ),
    check(
      'campaigns_participant_count_check',
      sql`${t.participantCount} >= 0 AND ${t.participantCount} <= ${t.maxParticipants}`,
    ),
    check('campaigns_price_check', sql`${t.price} >= 0 AND ${t.originalPrice} >= ${t.price}`),
    check('campaigns_window_check', sql`${t.endsAt} > ${t.startsAt}`),
    check('campaigns_units_check', sql`${t.unitsPerParticipant} >= 1`),
  ],
);

/**
 * Someone who joined a campaign: once per customer and once per email (the
 * two unique indexes), with the order the join placed at the campaign price.
 * A campaign order is told apart from a checkout's by its row here.
 */
export const campaignParticipants = pgTable(
  'campaign_participants',
  {
    id: id(),
    storeId: storeId(),
    campaignId: uuid()
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    customerId: uuid().references(() => customers.id, { onDelete: 'set null' }),
    email: text().notNull(),
    quantity: integer().notNull().default(1),
    orderId: uuid().references(() => orders.id, { onDelete: 'set null' }),
    joinedAt: createdAt(),
  },
  (t) => [
    uniqueIndex('campaign_participants_campaign_email_unique').on(t.campaignId, t.email),
    uniqueIndex('campaign_participants_campaign_customer_unique').on(t.campaignId, t.customerId),
    index('campaign_participants_customer_idx').on(t.customerId),
    index('campaign_participants_order_idx').on(t.orderId),
    index('campaign_participants_store_idx').on(t.storeId),
    check('campaign_participants_quantity_check', sql`${t.quantity} > 0`),
    check('campaign_participants_email_lowercase_check', sql`${t.email} = lower(${t.email})`),
  ],
);
