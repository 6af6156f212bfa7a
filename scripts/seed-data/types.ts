/**
 * The shape of a demo store, as plain data. Money is in minor units of the
 * store's currency (ISO 4217: 45_000_00 is 45,000.00); display order is the
 * order of the arrays; products, options and categories refer to each other
 * by slug or name, and scripts/seed.ts turns names into ids.
 */
import type { AddressSnapshot, StoreChannels, StoreSettings } from '../../src/db/schema/index.ts';

export interface SeedStore {
  slug: string;
  name: string;
  currency: string;
  taxRateBps: number;
  timezone: string;
  contactEmail?: string;
  contactPhone?: string;
  channels?: StoreChannels;
  logoUrl?: string;
  settings?: StoreSettings;
  /** Signs in with the shared demo password; becomes the store's owner. */
  owner: { email: string; name: string };
  categories: SeedCategory[];
  optionTypes: SeedOptionType[];
  products: SeedProduct[];
  shippingRates: SeedShippingRate[];
  customers?: SeedCustomer[];
  /** Placed and handled after the store is written, through the services staff and shoppers use (orders.ts). */
  orders?: SeedOrder[];
  /** Group-buying campaigns, created and joined after the orders through the same services (campaigns.ts). */
  campaigns?: SeedCampaign[];
  /** Newsletter subscribers, written as rows (engagement.ts). */
  newsletter?: SeedSubscriber[];
  /** WhatsApp threads, played through the conversation services (engagement.ts). */
  conversations?: SeedConversation[];
  /** Markets, tax rates and promotions, written last (selling.ts). */
  selling?: SeedSelling;
}

export interface SeedSubscriber {
  email: string;
  status: 'pending' | 'subscribed' | 'unsubscribed';
  source?: string;
  /** When they signed up, in days before the seed runs. */
  daysAgo: number;
}

export interface SeedConversation {
  /** The customer's WhatsApp number (E.164), also their id on the channel. */
  phone: string;
  name: string;
  messages: { from: 'customer' | 'staff'; text: string }[];
}

export interface SeedCategory {
  slug: string;
  name: string;
  description?: string;
}

export interface SeedOptionType {
  name: string;
  kind: 'size' | 'color' | 'text';
  values: { value: string; hex?: string }[];
}

export interface SeedProduct {
  slug: string;
  name: string;
  description: string;
  featured?: boolean;
  tags?: string[];
  /** Category slugs. */
  categories: string[];
  images?: { url: string; alt: string }[];
  variants: SeedVariant[];
}

export interface SeedVariant {
  sku: string;
  /** Option type name to value, e.g. { Size: 'M', Color: 'Negro' }; omitted for a product without options. */
  options?: Record<string, string>;
  price: number;
  compareAtPrice?: number;
  costPrice?: number;
  /** Opening stock, written through an `inbound` movement. */
  onHand: number;
  reorderLevel: number;
}

export interface SeedShippingRate {
  name: string;
  description?: string;
  /** ISO 3166-1 alpha-2; empty for everywhere. */
  countries: string[];
  amount: number;
  freeOverAmount?: number;
}

/**
 * A customer known before any order (a chat buyer). Their figures and
 * segment are not given: the orders placed under their email make them.
 */
export interface SeedCustomer {
  name: string;
  email?: string;
  phone?: string;
  channelIds?: Record<string, string>;
}

/** Where staff take a demo order after checkout. */
export type SeedOrderOutcome = 'pending' | 'paid' | 'shipped' | 'delivered' | 'cancelled' | 'refunded';

/**
 * A demo order: placed through checkout under `email` (a seeded customer's,
 * or a new buyer's), then taken by staff to `outcome` as the admin API
 * would: `refunded` is delivered, then refunded in full with its units back
 * in stock; `cancelled` is cancelled unpaid.
 */
export interface SeedOrder {
  email: string;
  shipTo: AddressSnapshot;
  /** SKU and quantity. */
  items: [string, number][];
  /** A shipping rate's name. */
  shippingRate: string;
  paymentMethod: 'bank_transfer' | 'cod';
  outcome: SeedOrderOutcome;
  /** Who carries the parcel, for an order that ships. */
  carrier?: string;
  /** Why it was cancelled or refunded. */
  reason?: string;
}

/**
 * A group-buying campaign, created by the owner through the admin service,
 * starting `startsInDays` after the seed runs (0: open at once) and lasting
 * `days`; `joins` join it through the storefront's join service.
 */
export interface SeedCampaign {
  sku: string;
  name: string;
  description?: string;
  price: number;
  minParticipants: number;
  maxParticipants: number;
  startsInDays: number;
  days: number;
  joins?: Pick<SeedOrder, 'email' | 'shipTo' | 'shippingRate' | 'paymentMethod'>[];
}

/**
 * Selling beyond the home market (issue 22), written after the store's
 * orders and campaigns (seed-data/selling.ts), so that the demo history
 * predates its promotions and tax rates.
 */
export interface SeedSelling {
  markets?: SeedMarket[];
  /** Written through the admin service, as staff make them (audited). */
  taxRates?: { country: string; region?: string; taxClass?: string; name: string; percentage: number }[];
  /** Product slug to its tax class. */
  taxClasses?: Record<string, string>;
  promotions?: SeedPromotion[];
}

/** A market, its prices (by product slug: every variant of the product) and its shipping rates, in its currency. */
export interface SeedMarket {
  code: string;
  name: string;
  currency: string;
  taxInclusive: boolean;
  countries: string[];
  prices: Record<string, number>;
  shippingRates: SeedShippingRate[];
}

/** A promotion; a `code` one lists its codes. Amounts and minimums are per currency, in minor units. */
export interface SeedPromotion {
  name: string;
  description?: string;
  method: 'code' | 'automatic';
  type: 'percentage' | 'fixed_amount' | 'free_shipping';
  /** In basis points, for `percentage` (1000 = 10 %). */
  percentageBps?: number;
  amounts?: Record<string, number>;
  minSubtotals?: Record<string, number>;
  /** Category slugs whose products it discounts (none: every product). */
  categories?: string[];
  firstOrderOnly?: boolean;
  marketCodes?: string[];
  usageLimitPerCustomer?: number;
  codes?: string[];
}
