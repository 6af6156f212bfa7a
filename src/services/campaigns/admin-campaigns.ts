import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runBatch, runStatement } from '../../db/sql/batch';
import { insertEvents } from '../../db/sql/ledgers';
import { currentPrice } from '../../db/sql/prices';
import { type Statement, statement } from '../../db/sql/statement';
import {
  defineView,
  idPageJson,
  idPageStatement,
  readIdPage,
  type ViewRow,
  type ViewValue,
  viewOf,
  viewText,
} from '../../db/sql/views';
import { givenFields, lockRow, lockStoreScope, requireRoomFor, setList } from '../../db/sql/writes';
import { uuidv7 } from '../../lib/ids';
import {
  CAMPAIGN_LIMITS,
  type CAMPAIGN_STATES,
  CampaignParticipantSchema,
  MAX_OPEN_CAMPAIGNS,
} from '../../schemas/campaigns';
import { type AuditContext, auditChanges, auditFromCte } from '../audit';
import { campaignState, campaignView, NO_CAMPAIGN } from './campaign-view';

/**
 * Staff's campaigns: created on a variant of the store at a price below its
 * current one (which is recorded as the original price), changed only while
 * scheduled, listed with their progress. Every rule is checked by the
 * database in the write's own batch (one round trip, with its audit row),
 * on the values as they will be stored.
 */

export type CampaignState = (typeof CAMPAIGN_STATES)[number];

export interface CampaignFields {
  name?: string;
  description?: string | null;
  price?: number;
  minParticipants?: number;
  maxParticipants?: number;
  unitsPerParticipant?: number;
  startsAt?: string;
  endsAt?: string;
}

export interface NewCampaign extends CampaignFields {
  variantId: string;
  name: string;
  price: number;
  minParticipants: number;
  maxParticipants: number;
  endsAt: string;
}

const CAMPAIGN_COLUMNS = {
  name: 'name',
  description: 'description',
  price: 'price',
  minParticipants: 'min_participants',
  maxParticipants: 'max_participants',
  unitsPerParticipant: 'units_per_participant',
  startsAt: 'starts_at',
  endsAt: 'ends_at',
} as const;

const NO_VARIANT = 'This store has no variant with that id.';
const NO_PRICE = 'The variant has no current price in the store’s currency.';
const TOO_MANY = `A store has at most ${MAX_OPEN_CAMPAIGNS} campaigns not yet settled.`;

function campaignValue(field: keyof CampaignFields, value: unknown): SQL {
  return field === 'startsAt' || field === 'endsAt' ? sql`${value}::timestamptz` : sql`${value}`;
}

/** A campaign's values as a rule sees them: SQL expressions, the ones a change leaves as they are read from its row. */
interface RuleValues {
  /** The new price, or undefined when it is not being set. */
  price?: SQL;
  currentPrice: SQL;
  min: SQL;
  max: SQL;
  startsAt: SQL;
  endsAt: SQL;
}

/** `WHEN ... THEN api_error(...)` branches for every rule a campaign's values must keep. */
function ruleBreaks(v: RuleValues): SQL {
  const invalid = (message: string | SQL, field: string) => sql`api_error('validation_failed', ${message}, ${field})`;
  const price = v.price
    ? sql`WHEN ${v.currentPrice} IS NULL THEN ${invalid(NO_PRICE, 'price')}
      WHEN ${v.price} >= ${v.currentPrice} THEN ${invalid(
        sql`'The campaign price must be below the variant’s current price, ' || ${v.currentPrice} || '.'`,
        'price',
      )}`
    : sql``;
  return sql`${price}
    WHEN ${v.max} < ${v.min} THEN ${invalid('maxParticipants may not be below minParticipants.', 'maxParticipants')}
    WHEN ${v.endsAt} <= ${v.startsAt} THEN ${invalid('endsAt must be after startsAt.', 'endsAt')}
    WHEN ${v.endsAt} <= now() THEN ${invalid('endsAt must be in the future.', 'endsAt')}
    WHEN ${v.startsAt} > now() + interval '1 year' THEN ${invalid('startsAt may be at most a year ahead.', 'startsAt')}
    WHEN ${v.endsAt} - ${v.startsAt} > make_interval(days => ${CAMPAIGN_LIMITS.days}) THEN ${invalid(
      `A campaign runs at most ${CAMPAIGN_LIMITS.days} days.`,
      'endsAt',
    )}`;
}

/** The current price of variant alias `v` in `currency`: the amount, or null. */
function variantPrice(currency: SQL): SQL {
  return sql`(SELECT amount FROM (${currentPrice(sql`v.id`, sql`v.product_id`, currency)}) price)`;
}

/** What staff can set on campaign alias `alias`, as jsonb: audit rows record and compare these. */
function auditedCampaign(alias: 'c' | 'before'): SQL {
  const a = sql.raw(alias);
  return sql`jsonb_build_object('name', ${a}.name, 'description', ${a}.description, 'price', ${a}.price,
    'originalPrice', ${a}.original_price, 'minParticipants', ${a}.min_participants,
    'maxParticipants', ${a}.max_participants, 'unitsPerParticipant', ${a}.units_per_participant,
    'startsAt', ${a}.starts_at, 'endsAt', ${a}.ends_at)`;
}

function campaignStatement(storeId: string, campaignId: string): Statement<ViewRow<ViewValue<typeof campaignView>>> {
  return viewOf(campaignView.json('c'), sql`campaigns c WHERE c.id = ${campaignId} AND c.store_id = ${storeId}`);
}

/**
 * Creates a campaign on one of the store's variants, its original price the
 * variant's current price read by the INSERT itself. At most
 * MAX_OPEN_CAMPAIGNS not yet settled per store, counted under the store's
 * campaign lock. Emits `group-commerce.campaign.created`. One round trip; audited.
 */
export async function createCampaign(db: Database, context: AuditContext, input: NewCampaign) {
  const id = uuidv7();
  const { storeId } = context;
  const storeCurrency = sql`(SELECT currency FROM stores WHERE id = ${storeId})`;
  const startsAt = sql`coalesce(${input.startsAt ?? null}::timestamptz, now())`;
  // The start is the one field with a default of the statement's own (now), so it is written apart.
  const { startsAt: _, variantId, ...rest } = input;
  const fields = givenFields({ unitsPerParticipant: 1, ...rest }, CAMPAIGN_COLUMNS, campaignValue);
  const { view } = await runBatch(db, {
    lock: lockStoreScope('campaigns', storeId),
    cap: requireRoomFor('campaigns', storeId, MAX_OPEN_CAMPAIGNS, TOO_MANY, sql`status = 'active'`),
    rules: sql`SELECT CASE
        WHEN v.id IS NULL THEN api_error('validation_failed', ${NO_VARIANT}, 'variantId')
        ${ruleBreaks({
          price: sql`${input.price}::bigint`,
          currentPrice: variantPrice(storeCurrency),
          min: sql`${input.minParticipants}::int`,
          max: sql`${input.maxParticipants}::int`,
          startsAt,
          endsAt: sql`${input.endsAt}::timestamptz`,
        })}
        ELSE true END
      FROM (SELECT 1) one
      LEFT JOIN variants v ON v.id = ${input.variantId} AND v.store_id = ${storeId}`,
    insert: sql`WITH made AS (
        INSERT INTO campaigns AS c (id, store_id, variant_id, original_price, currency, starts_at,
          ${sql.join(
            fields.map((field) => field.column),
            sql`, `,
          )})
        SELECT ${id}, ${storeId}, v.id, ${variantPrice(storeCurrency)}, ${storeCurrency}, ${startsAt},
          ${sql.join(
            fields.map((field) => field.value),
            sql`, `,
          )}
        FROM variants v
        WHERE v.id = ${variantId} AND v.store_id = ${storeId}
        RETURNING c.*, c.id AS entity_id, NULL::jsonb AS before,
          ${auditedCampaign('c')} || jsonb_build_object('variantId', c.variant_id) AS after),
      audited AS (${auditFromCte(context, 'campaign.created', 'campaign', sql`made`)})
      ${insertEvents(
        {
          storeId: sql`store_id`,
          type: 'group-commerce.campaign.created',
          aggregateType: 'campaign',
          aggregateId: sql`id`,
          // The audit row's fields, without the description (docs/webhooks.ts has the payload's keys).
          payload: sql`(after - 'description') || jsonb_build_object('campaignId', id, 'currency', currency)`,
        },
        sql`made`,
      )}`,
    view: campaignStatement(storeId, id),
  });
  return viewText(view, NO_CAMPAIGN);
}

/**
 * Changes a scheduled campaign: the rules of creation hold for the values
 * as they will be, the ones not given read from its row. A new price must
 * be below the variant's current price, which becomes its original price;
 * an unchanged price keeps the original it was set against. Once open (or
 * settled) a campaign is a promise to its participants: 409. The campaign's
 * row is locked first, as a join would. One round trip; audited with what changed.
 */
export async function updateCampaign(db: Database, context: AuditContext, campaignId: string, changes: CampaignFields) {
  const { storeId } = context;
  const given = (field: keyof CampaignFields, column: string, type: string) =>
    changes[field] === undefined ? sql.raw(`c.${column}`) : sql`${changes[field]}::${sql.raw(type)}`;
  const newPrice = changes.price === undefined ? undefined : sql`${changes.price}::bigint`;
  const originalPrice =
    changes.price === undefined
      ? []
      : [sql`original_price = (SELECT ${variantPrice(sql`c.currency`)} FROM variants v WHERE v.id = c.variant_id)`];
  const set = setList(changes, CAMPAIGN_COLUMNS, [...originalPrice, sql`updated_at = now()`], campaignValue);
  const { view } = await runBatch(db, {
    lock: lockRow('campaigns', campaignId, storeId),
    rules: sql`SELECT CASE
        WHEN c.id IS NULL THEN api_error('not_found', ${NO_CAMPAIGN})
        WHEN ${campaignState('c')} <> 'scheduled' THEN api_error('invalid_transition',
          'The campaign is ' || ${campaignState('c')} || ': only a scheduled one can change (shoppers join on its terms); cancel it and create another.')
        ${ruleBreaks({
          price: newPrice,
          currentPrice: variantPrice(sql`c.currency`),
          min: given('minParticipants', 'min_participants', 'int'),
          max: given('maxParticipants', 'max_participants', 'int'),
          startsAt: given('startsAt', 'starts_at', 'timestamptz'),
          endsAt: given('endsAt', 'ends_at', 'timestamptz'),
        })}
        ELSE true END
      FROM (SELECT 1) one
      LEFT JOIN campaigns c ON c.id = ${campaignId} AND c.store_id = ${storeId}
      LEFT JOIN variants v ON v.id = c.variant_id`,
    update: sql`WITH changed AS (
        UPDATE campaigns c
        SET ${set}
        FROM campaigns before
        WHERE before.id = c.id AND c.id = ${campaignId} AND c.store_id = ${storeId}
        RETURNING c.id, ${auditedCampaign('before')} AS before_fields, ${auditedCampaign('c')} AS after_fields)
      ${auditChanges(context, 'campaign.updated', 'campaign', sql`changed`)}`,
    view: campaignStatement(storeId, campaignId),
  });
  return viewText(view, NO_CAMPAIGN);
}

/** One campaign of the store, as staff see it. One round trip. */
export async function getCampaign(db: Database, storeId: string, campaignId: string) {
  return viewText(await runStatement(db, campaignStatement(storeId, campaignId)), NO_CAMPAIGN);
}

/** A page of the store's campaigns, newest first, in one state when one is asked for. One round trip. */
export async function listCampaigns(
  db: Database,
  storeId: string,
  filter: { state?: CampaignState },
  page: { limit: number; after?: string },
) {
  const inState = filter.state ? sql` AND ${campaignState('c')} = ${filter.state}` : sql``;
  return readIdPage<ViewValue<typeof campaignView>>(
    db,
    'c',
    sql`campaigns c WHERE c.store_id = ${storeId}${inState}`,
    campaignView.json('c'),
    page,
  );
}

/** Participant alias `cp` with their order and its latest payment: what staff settling a campaign check. */
export const participantView = defineView(
  CampaignParticipantSchema,
  (_cp: 'cp') => sql`json_build_object('customerId', cp.customer_id, 'email', cp.email, 'quantity', cp.quantity,
    'joinedAt', cp.joined_at,
    'order', (SELECT json_build_object('id', o.id, 'number', o.number, 'status', o.status) FROM orders o WHERE o.id = cp.order_id),
    'payment', (
      SELECT json_build_object('method', p.method, 'status', p.status, 'authorized', p.authorized_at IS NOT NULL)
      FROM payments p
      WHERE p.order_id = cp.order_id
      ORDER BY p.id DESC
      LIMIT 1))`,
);

/**
 * A page of a campaign's participants, newest first; a campaign the store
 * does not have is a 404. One round trip: the check and the page in one batch.
 */
export async function listParticipants(
  db: Database,
  storeId: string,
  campaignId: string,
  page: { limit: number; after?: string },
) {
  const { participants } = await runBatch(db, {
    exists: statement(sql`SELECT api_error('not_found', ${NO_CAMPAIGN})
      WHERE NOT EXISTS (SELECT 1 FROM campaigns WHERE id = ${campaignId} AND store_id = ${storeId})`),
    participants: idPageStatement<ViewValue<typeof participantView>>(
      'cp',
      sql`campaign_participants cp WHERE cp.campaign_id = ${campaignId} AND cp.store_id = ${storeId}`,
      participantView.json('cp'),
      page,
    ),
  });
  return idPageJson(participants);
}
