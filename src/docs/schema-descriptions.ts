/**
 * What the fields of the API's schemas mean, as the OpenAPI document shows
 * them: the `description` a zod schema would carry through
 * `.openapi({ description })`, kept here instead so that the Worker, which
 * validates with those schemas but never builds the document, does not bundle
 * the text (routes and Node reach this file through `#examples`, a stub in
 * the deployed Worker: src/docs/no-examples.ts). document-texts.ts applies
 * it to the generated document, and fails on an entry that names nothing.
 *
 * THE RULE for a new schema, field or query parameter: write no
 * `description` in src/schemas/ or src/routes/ (`.openapi()` there keeps a
 * component's name, `param`, `example` and `type` only); add it here:
 *  - under the component's name (the one given to `.openapi('Name')`), keyed
 *    by the field: `Customer: { segment: '...' }`; a nested field is
 *    `address.line1`, an array's items `lines.[]` (`lines.[].sku` for one of
 *    their fields), and `''` describes the component itself;
 *  - for a schema that is no component (a query, an inline body), under the
 *    operationId: `adminListCustomers: { 'parameters.query.q': '...' }`
 *    (a parameter, the description going on it and its schema), or the path
 *    to the schema in the operation (`requestBody.content.application/json.schema.x`).
 * A text several places share is a constant. A description goes before the
 * field's `example`; `afterExample(text)` puts it after one the field's schema
 * inherited (Email's, Phone's).
 * Descriptions built from constants (`at most ${MAX_...}`) may stay in the
 * schema file, so that they follow the constant.
 */

import { STORE_SETTING_BOUNDS } from '../lib/store-settings';

/** A field's description, or one written after the example its schema inherits. */
export type SchemaDescription = string | { text: string; afterExample: true };
export type SchemaDescriptions = Record<string, Record<string, SchemaDescription>>;

const afterExample = (text: string): SchemaDescription => ({ text, afterExample: true });

const availability =
  'In words, never a count: at or below the low-stock line (the variant’s reorder level, else the store’s threshold) is `low_stock`.';
const countries = 'ISO 3166-1 alpha-2; empty means everywhere.';
const freeOverAmount = 'Free when the subtotal reaches this.';
const minDeliveryDays = 'The delivery estimate, in days: at least this many (null: not stated).';
const maxDeliveryDays = 'The delivery estimate, in days: at most this many (null: not stated).';
const state =
  '`scheduled` (not started), `open` (joinable until its end or until full), `ending` (over, awaiting settlement), then `successful`, `failed` (below its minimum) or `cancelled`.';
const label = 'Its option values, e.g. `M / Negro`; empty without options.';
const originalPrice = 'The variant’s price when the campaign price was set.';
const subtotal = 'Integer minor units of the store’s currency.';
const paymentMethod =
  'One the store offers: `cod`, `bank_transfer` and `zelle` when configured; `card` when the store has set up Stripe.';
const shippingAddress = 'Where to deliver ...';
const shippingAddressId =
  '... or, signed in, one of your saved addresses in this store (`/v1/me/addresses`), copied into the order.';
const accessToken = 'HS256 JWT for `Authorization: Bearer`, valid for `expiresIn` seconds.';
const store =
  'The slug of the store the person signs up or asks at: the mail goes under its name, in its language, with links to its storefront (`settings.storefrontUrl`). An unknown or closed store gets the platform’s own mail in English, never an error.';
const token = 'The token of the mailed link (its `token` query parameter), or the code of the mail.';
const description = 'What the store sells, for its storefront.';
const coverUrl = 'A banner image for the storefront.';
const taxId = 'The store’s tax id (CUIT, EIN, VAT number), for invoices.';
const isDefault = 'Make it the default (the first address saved always is).';
const status =
  '`draft` and `archived` products never reach the storefront; archiving is how a product with orders is retired.';
const createdAt = 'ISO 8601';
const categoryIds = 'Replaces the product’s categories.';
const taxClass = 'Which tax rates apply (those of this class); null: the general ones.';
const costPrice = 'What the store pays; never shown to shoppers.';
const reorderLevel = 'At or below this available stock, the variant is `low_stock` and reported for reordering.';
const active = 'Inactive variants are hidden from the storefront.';
const compareAtAmount = 'Shown struck through; must exceed the price.';
const kind = 'How a storefront renders it: size chips, colour swatches, or text.';
const parentId = 'Another category of the store; absent or null for the top level.';
const labelUrl = 'An https link to the printable label (staff only).';
const email =
  'Stored in lower case; one customer per email in a store (409). Changing it is refused for a customer who signs in with an account: theirs follows the account.';
const notes = 'Staff’s private notes; never shown to the customer.';
const marketingConsent = 'Whether they agreed to marketing messages; the time it last changed is kept.';
const eventTypes =
  'What the endpoint receives: event types (`order.paid`), families (`order.*`), or `*` for all; at least one, duplicates dropped.';
const active2 = 'Whether it receives deliveries; setting it true again re-enables an endpoint the API disabled.';
const countries2 = 'ISO 3166-1 alpha-2, upper case, each once; an empty list ships everywhere.';
const amount = 'The fee, in minor units of the store’s currency.';
const freeOverAmount2 = 'Free once the subtotal (after discounts) reaches this; null: never free.';
const minDeliveryDays2 = 'The delivery estimate’s lower bound, in days (0 to 365).';
const maxDeliveryDays2 = 'Its upper bound, in days (0 to 365), no less than `minDeliveryDays`.';
const active3 = 'Offered to shoppers and accepted at checkout.';
const price = 'In minor units of the store’s currency; below the variant’s current price.';
const minParticipants = 'Participants it needs by its end to go ahead.';
const cursor = 'The `nextCursor` of the previous page.';
const x_cart_token =
  'A guest cart’s token, as answered when it was created. A signed-in customer sends their access token instead.';
const idempotency_key =
  'Required. Retrying with the same key and body answers the same order; another body with the key is a 422.';
const schema = 'A page in the store’s language (an `Accept` naming text/html).';
const token2 = 'The `token` of the mailed link.';
const store2 = 'The store’s slug: addresses are kept per store.';
const validFrom = 'When it takes effect; now when absent. Never in the past.';
const validTo = 'When it stops (a sale’s end); the previous price is current again after.';
const q = 'Part of the email, any case.';
const source = 'Only sign-ups from this source (exact).';

/** What each setting means, the view and the change alike. */
const settingDocs = {
  paymentMethods:
    'The methods checkout offers, among those the store has configured (bank transfer and Zelle need their instructions, card a Stripe account). Null: every configured method.',
  bankTransferInstructions:
    'Shown to the buyer who chooses bank transfer (account, alias, what to quote); bank transfer is offered only with them.',
  zelleInstructions: 'Shown to the buyer who chooses Zelle; Zelle is offered only with them.',
  taxRateBps:
    'The fallback tax rate, in basis points (2100 = 21 %): lines to a country the store has no tax rates for (or to no known destination) pay it, on the merchandise after discounts. Default 0.',
  pricesIncludeTax:
    'The home market’s tax mode: true, prices include the tax (EU style); false, tax is added on top (US style). Other markets have their own `taxInclusive`. Default false.',
  reservationTtlMinutes: `How long checkout holds stock for an unpaid order before it is released and the order cancelled. Default ${STORE_SETTING_BOUNDS.reservationTtlMinutes.default}.`,
  lowStockThreshold: `Available stock at or below this shows as \`low_stock\` on the storefront, for variants without a reorder level. Default ${STORE_SETTING_BOUNDS.lowStockThreshold.default}.`,
  catalogCacheMaxAgeSeconds: `How long edges keep a storefront catalog answer fresh (\`max-age\`); never past a scheduled price change. Default ${STORE_SETTING_BOUNDS.catalogCacheMaxAgeSeconds.default}.`,
  catalogCacheStaleWhileRevalidateSeconds: `How long past max-age an edge may answer while it fetches a fresh copy (\`stale-while-revalidate\`). Default ${STORE_SETTING_BOUNDS.catalogCacheStaleWhileRevalidateSeconds.default}.`,
  language: 'The language of the mails sent to the store’s buyers and subscribers: `en`, `es` or `id`. Default `en`.',
  mailSenderName: 'The name mails from the store are sent under. Default: the store’s name.',
  mailReplyTo: 'Where buyers’ replies to the store’s mails go. Default: the store’s contact email, if any.',
  storefrontUrl:
    'The storefront’s address: links in the store’s mails (verify an email, reset a password) open its pages `/verify-email` and `/reset-password` with `?token=`. Default: none, and the links lead to the API.',
  vipTotalSpent:
    'Total spent (minor units, net of refunds) from which a customer is `vip`, besides 5 kept orders. Null: spending alone makes nobody vip.',
} as const;

export const schemaDescriptions: SchemaDescriptions = {
  ApiIndex: {
    'links.docs': 'The interactive API reference.',
    'links.openapi': 'The OpenAPI 3.1 document.',
    'links.health': 'Service health.',
  },
  Health: {
    'database.latencyMs': 'Round-trip time of one query to the database, in milliseconds.',
  },
  PublicStore: {
    currency: 'ISO 4217; every amount of this store is in its minor units.',
    taxRateBps: 'The flat tax rate, in basis points (2100 = 21 %), where a destination has no tax rates.',
    channels: 'Handles such as whatsapp, instagram, telegram.',
  },
  StorefrontProductSummary: {
    availability: availability,
  },
  StorefrontProduct: {
    'variants.[].availability': availability,
    availability: availability,
  },
  StorefrontShippingRates: {
    'data.[].countries': countries,
    'data.[].freeOverAmount': freeOverAmount,
    'data.[].minDeliveryDays': minDeliveryDays,
    'data.[].maxDeliveryDays': maxDeliveryDays,
  },
  StorefrontCampaignList: {
    '': 'Scheduled and open campaigns, soonest ending first.',
  },
  StorefrontCampaign: {
    state: state,
    'variant.label': label,
    originalPrice: originalPrice,
    imageUrl: 'The product’s main image.',
    secondsLeft: 'Until it opens when scheduled, until it ends when open; 0 after.',
  },
  CreatedCart: {
    'allOf.1.token': 'A guest cart’s secret, shown once: send it as `X-Cart-Token`.',
  },
  Totals: {
    subtotal: subtotal,
    discount: subtotal,
    shipping: subtotal,
    tax: subtotal,
    total: 'subtotal − discount + shipping + tax',
  },
  Cart: {
    orderId: 'The order checkout made of it, once converted.',
    'items.[].unitPrice': subtotal,
    'items.[].compareAtPrice': subtotal,
    'items.[].lineTotal': subtotal,
    'items.[].purchasable':
      'false when the variant or product was withdrawn; such a line counts for nothing and blocks checkout until removed.',
    'shippingRate.amount': subtotal,
    'shippingRate.freeOverAmount': subtotal,
  },
  UpdateCart: {
    shippingRateId: 'null clears the choice.',
  },
  SetQuantity: {
    quantity: '0 removes the item.',
  },
  PlacedOrder: {
    'allOf.1.accessToken':
      'A guest’s key to this order (send it as `X-Order-Token`); answered again on an idempotent replay.',
  },
  Order: {
    'payment.reference': 'What to quote with a transfer.',
    'payment.clientSecret':
      'Card payments, in the checkout answer (and its replays) while unpaid: the PaymentIntent’s client secret, for Stripe.js to confirm the payment.',
    'payment.publishableKey': 'Card payments: the store’s Stripe publishable key, for Stripe.js.',
    reservationExpiresAt: 'Unpaid by then, the order is cancelled and its stock released.',
  },
  Checkout: {
    'allOf.0.paymentMethod': paymentMethod,
    'allOf.1.oneOf.0.cartId': 'Check out this cart (with `cartToken` for a guest cart) ...',
    'allOf.1.oneOf.1.items': '... or these items.',
    'allOf.2.oneOf.0.shippingAddress': shippingAddress,
    'allOf.2.oneOf.1.shippingAddressId': shippingAddressId,
  },
  CampaignJoin: {
    'allOf.0.paymentMethod': paymentMethod,
    'allOf.1.oneOf.0.shippingAddress': shippingAddress,
    'allOf.1.oneOf.1.shippingAddressId': shippingAddressId,
  },
  NewsletterSignup: {
    email: afterExample('Stored in lower case.'),
    source: afterExample('Where the sign-up came from, for staff (`footer`, `checkout`).'),
  },
  NewsletterConfirmation: {
    token: 'The `token` of the link in the confirmation mail.',
  },
  Session: {
    accessToken: accessToken,
    refreshToken: 'Opaque; trade it at /v1/auth/refresh for new tokens. Each one works once.',
  },
  Account: {
    stores: 'The stores this user has a role in; access tokens carry the same list.',
  },
  RegisterBody: {
    store: store,
  },
  RefreshTokenBody: {
    refreshToken: 'The opaque refresh token of the session.',
  },
  ExternalTokenBody: {
    token: 'An ID or access token (JWT) from the configured identity provider.',
  },
  MailRequested: {
    detail: 'What happens next, for people.',
  },
  VerificationMailBody: {
    store: store,
  },
  EmailVerificationBody: {
    token: token,
  },
  PasswordResetBody: {
    store: store,
  },
  PasswordResetConfirmBody: {
    token: token,
  },
  CreatedStore: {
    accessToken: accessToken,
  },
  AdminStore: {
    'allOf.1.status':
      '`active`; `closed` by its owner (no storefront, the admin stays); `suspended` or `archived` by the platform.',
    'allOf.1.paymentMethodsOffered':
      'What checkout offers now: the methods `settings.paymentMethods` allows that are configured.',
  },
  StoreSettings: {
    '': 'The settings as they apply now: a key the store never set (or removed) answers its default. The Stripe keys are never shown: see payment-providers/stripe.',
    ...settingDocs,
  },
  CreateStoreBody: {
    description: description,
    coverUrl: coverUrl,
    taxId: taxId,
  },
  AcceptedInvitation: {
    accessToken: accessToken,
  },
  SavedAddress: {
    store: 'The store’s slug.',
  },
  NewSavedAddress: {
    isDefault: isDefault,
  },
  SavedAddressChange: {
    isDefault: isDefault,
  },
  CreatedInvitation: {
    token: 'Shown once. The invitee accepts with it at POST /v1/invitations/accept, signed in with the invited email.',
  },
  ApiKey: {
    prefix: 'The public part of the key, to recognise it in lists and logs.',
    lastUsedAt: 'Accurate to about a minute.',
  },
  CreatedApiKey: {
    secret: 'The whole key, `ck_<prefix>.<secret>`, shown this once only. Send it as `Authorization: Bearer <key>`.',
  },
  AdminProductPage: {
    'data.[].status': status,
    'data.[].createdAt': createdAt,
    'data.[].updatedAt': createdAt,
  },
  AdminProduct: {
    status: status,
    price: 'The product’s own current price, which backs variants without one.',
    createdAt: createdAt,
    updatedAt: createdAt,
  },
  AdminVariant: {
    price: 'The current price: the variant’s own, else its product’s.',
    createdAt: createdAt,
    updatedAt: createdAt,
  },
  CreateProduct: {
    status: status,
    categoryIds: categoryIds,
    taxClass: taxClass,
  },
  VariantInput: {
    sku: 'Unique within the store.',
    options: 'Option name to value, as the store’s options spell them.',
    costPrice: costPrice,
    reorderLevel: reorderLevel,
    active: active,
    price: 'Becomes the current price when it differs from it.',
    'price.compareAtAmount': compareAtAmount,
  },
  BulkProducts: {
    'products.[].status': status,
    'products.[].categoryIds': categoryIds,
    'products.[].images': 'Replaces the product’s images.',
    'products.[].variants': 'Upserted by option combination; variants not named stay.',
  },
  Price: {
    validFrom: createdAt,
    validTo: createdAt,
    createdAt: createdAt,
  },
  OptionType: {
    kind: kind,
  },
  CreateOptionType: {
    kind: kind,
  },
  Category: {
    productCount: 'Products directly in it.',
  },
  CreateCategory: {
    parentId: parentId,
  },
  Stock: {
    lowStock: 'available <= reorderLevel',
  },
  StockAdjustment: {
    type: '`inbound` (goods arrived) and `return` (goods came back) add `quantity`; `outbound` (damage, loss, a sale elsewhere) removes it; `adjustment` adds a signed `quantity` after a count.',
    version: 'The variant’s version you last read; or send it as `If-Match`. One of the two is required.',
  },
  AdminOrder: {
    allowedTransitions: 'The statuses this order may move to now.',
    notes: 'The buyer’s note at checkout.',
  },
  Shipment: {
    shippedAt: 'When the carrier took it (`in_transit`).',
  },
  OrderStatusChange: {
    reason: 'Required to cancel; kept in the status history.',
    expectedStatus:
      'The status you saw. If the order has moved since (another member shipped or cancelled it), nothing changes: 409 `conflict`.',
  },
  Payment: {
    providerReference: 'The Stripe PaymentIntent id, or the reference the buyer was asked to quote.',
    needsRefund: 'Money arrived that cannot be kept (its order was cancelled, or the amount differs): refund it.',
  },
  StripeAccount: {
    secretKeyLast4: 'The secret key itself is never answered.',
    webhookUrl:
      'Where to point the Stripe webhook endpoint (events: payment_intent.succeeded, payment_intent.payment_failed, charge.refunded).',
  },
  NewShipment: {
    labelUrl: labelUrl,
  },
  ShipmentChange: {
    status: 'Forward only: created → in_transit → delivered.',
    labelUrl: labelUrl,
  },
  Customer: {
    hasAccount: 'Linked to a user account (signed-in purchases).',
    segment: '`vip` from 5 kept orders or the store’s `vipTotalSpent` setting; `regular` from 2; else `new`.',
    totalSpent: 'What their paid, not cancelled orders took, net of refunds, in minor units.',
    orderCount: 'Their orders that were paid and not cancelled.',
    notes: 'Staff’s private notes.',
    marketingConsentAt: 'When the consent last changed.',
    blockedAt: 'Set while they are blocked: they can open no cart and place no order.',
  },
  CustomerDetail: {
    'allOf.1.orders': 'The latest 20; `GET orders?customerId=` pages through all.',
  },
  NewCustomer: {
    email: afterExample(email),
    notes: notes,
    marketingConsent: marketingConsent,
  },
  CustomerChange: {
    email: afterExample(email),
    notes: notes,
    marketingConsent: marketingConsent,
  },
  CustomerBlock: {
    reason: 'Why, for staff; never shown to the customer.',
  },
  NewsletterSubscriber: {
    status: '`pending` until the address confirms through the mailed link; `unsubscribed` once it left.',
    subscribedAt: 'When it signed up, or last confirmed.',
    confirmedAt: 'When it confirmed (double opt-in); null while pending.',
    confirmationSentAt: 'When the confirmation was last mailed.',
    unsubscribedAt: 'When it last left; kept after it comes back.',
  },
  CustomerMessage: {
    channelMessageId: 'The channel’s id; null for outbound messages.',
    readAt: 'When staff read it (inbound only); null while unread.',
    sender: 'Who recorded an outbound message (a user or an API key); null for inbound ones.',
    createdAt: 'When it was sent (an inbound message’s `sentAt`), else recorded.',
  },
  InboundMessage: {
    channelMessageId: 'The channel’s id for the message: a delivery of an id already recorded changes nothing.',
    'from.phone': afterExample('The sender’s number in E.164 (WhatsApp, SMS).'),
    'from.channelUserId':
      'The sender’s id on the channel (a Telegram or Discord user id, an Instagram handle), 1 to 100 characters.',
    'from.name': 'Their name as the channel shows it.',
    sentAt: 'When the channel says it was sent; later than now is taken as now. Default: now.',
  },
  OutboundMessage: {
    channel: 'Default: the channel of the customer’s latest message to the store.',
  },
  Conversation: {
    unreadCount: 'Inbound messages not yet marked read.',
  },
  MessagesReadState: {
    marked: 'Messages this call marked read.',
    unreadCount: 'Inbound messages of the thread still unread.',
  },
  MarkMessagesRead: {
    upTo: 'A message of the thread: the inbound messages up to it (and it) are marked read. Default: all.',
  },
  WebhookEvent: {
    providerEventId: 'The provider’s id of the event (`evt_...`); empty when the body had none.',
    outcome:
      '`applied`: the payment changed. `flagged`: a success that could not be kept, flagged for refund. `ignored`: nothing to do. `deferred`: it came before an event it depends on; the next delivery tries again. `rejected`: it did not verify or parse, and changed nothing.',
    deliveries: 'How often the provider delivered it; a verified event keeps one entry.',
  },
  WebhookEventDetail: {
    'allOf.1.payload': 'The body as the provider sent it (parsed JSON), signed or not.',
  },
  WebhookEndpoint: {
    secretHint: 'The signing secret’s last four characters; the secret itself is shown once.',
    previousSecretExpiresAt: 'After a rotation: until when the replaced secret signs too.',
    failingSince: 'Since when every delivery failed; null while it succeeds.',
    disabledAt: 'When the API disabled it after failing for 5 days.',
  },
  WebhookEndpointWithSecret: {
    'allOf.1.secret':
      'The signing secret (Standard Webhooks: `whsec_` and base64), shown this once: keep it where the receiver verifies signatures.',
  },
  NewWebhookEndpoint: {
    eventTypes: eventTypes,
    active: active2,
  },
  WebhookEndpointChange: {
    eventTypes: eventTypes,
    active: active2,
  },
  WebhookDeliveryDetail: {
    'allOf.1.payload': 'The event’s `data`, as delivered.',
    'allOf.1.attemptLog': 'Every attempt, first first.',
  },
  WebhookDeliveryAttempt: {
    responseBody: 'The first 1 KiB of the answer.',
    error: 'Why no answer came (timeout, connection refused, ...).',
  },
  WebhookDelivery: {
    id: 'Sent as the `webhook-id` header, the same on every attempt.',
  },
  EventFeedPage: {
    nextCursor:
      'Where to continue: after the last event of this page, or the `after` given when nothing new was there. Always set: poll again with it.',
  },
  Event: {
    type: 'The event type, one of the webhooks section’s topics.',
    createdAt: 'When the change that wrote it happened.',
    data: 'The event’s payload: the same `data` a webhook of this type carries.',
  },
  ShippingRate: {
    countries: countries,
    freeOverAmount: freeOverAmount,
    minDeliveryDays: minDeliveryDays,
    maxDeliveryDays: maxDeliveryDays,
  },
  NewShippingRate: {
    countries: countries2,
    amount: amount,
    freeOverAmount: freeOverAmount2,
    minDeliveryDays: minDeliveryDays2,
    maxDeliveryDays: maxDeliveryDays2,
    position: 'Display order; after the last rate unless given.',
    active: active3,
  },
  ShippingRateChange: {
    countries: countries2,
    amount: amount,
    freeOverAmount: freeOverAmount2,
    minDeliveryDays: minDeliveryDays2,
    maxDeliveryDays: maxDeliveryDays2,
    position: 'Display order, lowest first.',
    active: active3,
  },
  Campaign: {
    state: state,
    'variant.label': label,
    originalPrice: originalPrice,
    cancelReason: 'Staff’s reason, when cancelled.',
  },
  NewCampaign: {
    price: price,
    minParticipants: minParticipants,
    unitsPerParticipant: '1 when absent.',
    startsAt: 'Now when absent; at most a year ahead.',
  },
  CampaignChange: {
    price: price,
    minParticipants: minParticipants,
    startsAt: 'ISO 8601 with an offset; at most a year ahead.',
  },
  CampaignParticipant: {
    'payment.authorized': 'A card hold Stripe placed, to be captured on success.',
  },
  StoreChange: {
    'description.anyOf.0': description,
    'coverUrl.anyOf.0': coverUrl,
    'taxId.anyOf.0': taxId,
    currency: afterExample(
      'Only while the store has no prices and no orders (else 409); its shipping rates’ currency follows, their amounts kept as they are.',
    ),
  },
  StoreSettingsChange: {
    ...settingDocs,
  },
  CloseStore: {
    reason: 'Kept in the audit log.',
  },
  WebhookReceipt: {
    outcome:
      '`applied`: the payment changed. `flagged`: a success for a cancelled order (or of another amount), recorded and flagged for refund. `ignored`: nothing to do. `duplicate`: this event was already processed.',
  },
  listProducts: {
    'parameters.query.cursor': cursor,
    'parameters.query.category': 'A category slug; products of its descendants are included.',
    'parameters.query.q':
      'Full-text search over name, tags and description (web-search syntax: quotes, `or`, `-word`).',
    'parameters.query.featured': '`true`: only featured products; `false`: only the others.',
    'parameters.query.minPrice':
      'In minor units of the market’s currency; a product matches when a variant’s current price is at least this.',
    'parameters.query.maxPrice': 'In minor units of the market’s currency.',
    'parameters.query.inStock':
      '`true`: only products with a variant that can be bought now (with the option filters, that variant).',
    'parameters.query.sort':
      'Default `relevance` with `q`, otherwise `newest`. Prices sort by a product’s lowest price.',
  },
  listShippingRates: {
    'parameters.query.country': 'Only rates that ship to this country.',
  },
  listCampaigns: {
    'parameters.query.variantId': 'Only campaigns on this variant.',
    'parameters.query.productId': 'Only campaigns on a variant of this product.',
  },
  getCart: {
    'parameters.header.x-cart-token': x_cart_token,
  },
  updateCart: {
    'parameters.header.x-cart-token': x_cart_token,
  },
  addCartItem: {
    'parameters.header.x-cart-token': x_cart_token,
  },
  setCartItemQuantity: {
    'parameters.header.x-cart-token': x_cart_token,
  },
  removeCartItem: {
    'parameters.header.x-cart-token': x_cart_token,
  },
  checkout: {
    'parameters.header.idempotency-key': idempotency_key,
  },
  getOrder: {
    'parameters.header.x-order-token':
      'A guest order’s access token, as answered by checkout. A signed-in customer sends their access token instead.',
  },
  joinCampaign: {
    'parameters.header.idempotency-key': idempotency_key,
  },
  confirmNewsletter: {
    'responses.200.content.text/html.schema': schema,
  },
  confirmNewsletterLink: {
    'parameters.query.token': token2,
    'responses.200.content.text/html.schema': schema,
  },
  unsubscribeNewsletter: {
    'parameters.query.token': token2,
    'responses.200.content.text/html.schema': schema,
  },
  getNewsletterUnsubscribe: {
    'parameters.query.token': token2,
    'responses.200.content.text/html.schema': schema,
  },
  openEmailVerificationLink: {
    'parameters.query.token': token,
  },
  listMyOrders: {
    'parameters.query.cursor': cursor,
  },
  listMyAddresses: {
    'parameters.query.store': store2,
  },
  createMyAddress: {
    'parameters.query.store': store2,
  },
  adminListMembers: {
    'parameters.query.cursor': cursor,
  },
  adminListInvitations: {
    'parameters.query.cursor': cursor,
  },
  adminListApiKeys: {
    'parameters.query.cursor': cursor,
  },
  adminListAuditLog: {
    'parameters.query.cursor': cursor,
    'parameters.query.action':
      'One action (`payment.confirmed`), or with `.*` every action it begins (`order.*`: `order.status_changed`, `order.internal_notes_updated`, ...).',
    'parameters.query.actorId': 'The member’s user id or the API key’s id.',
  },
  adminListProducts: {
    'parameters.query.cursor': cursor,
    'parameters.query.status': status,
  },
  adminUpdateProduct: {
    'requestBody.content.application/json.schema.status': status,
    'requestBody.content.application/json.schema.categoryIds': categoryIds,
    'requestBody.content.application/json.schema.taxClass': taxClass,
  },
  adminUpdateVariant: {
    'requestBody.content.application/json.schema.costPrice': costPrice,
    'requestBody.content.application/json.schema.reorderLevel': reorderLevel,
    'requestBody.content.application/json.schema.active': active,
    'requestBody.content.application/json.schema.version':
      'The version you last read: if the variant has changed since, 409 and nothing is written.',
  },
  adminCreateVariantPrice: {
    'requestBody.content.application/json.schema.compareAtAmount': compareAtAmount,
    'requestBody.content.application/json.schema.validFrom': validFrom,
    'requestBody.content.application/json.schema.validTo': validTo,
  },
  adminListVariantPrices: {
    'parameters.query.cursor': cursor,
  },
  adminCreateProductPrice: {
    'requestBody.content.application/json.schema.compareAtAmount': compareAtAmount,
    'requestBody.content.application/json.schema.validFrom': validFrom,
    'requestBody.content.application/json.schema.validTo': validTo,
  },
  adminListProductPrices: {
    'parameters.query.cursor': cursor,
  },
  adminReorderImages: {
    'requestBody.content.application/json.schema.imageIds':
      'Every image of the product, in the new order; the first is the main one.',
  },
  adminUpdateOptionType: {
    'requestBody.content.application/json.schema.kind': kind,
  },
  adminUpdateCategory: {
    'requestBody.content.application/json.schema.parentId': parentId,
  },
  adminListInventory: {
    'parameters.query.cursor': cursor,
    'parameters.query.q': 'A SKU prefix.',
    'parameters.query.lowStock':
      'Only variants whose `lowStock` is this (inactive ones included; the `low-stock` report has active ones only).',
  },
  adminListLowStock: {
    'parameters.query.cursor': cursor,
  },
  adminListStockMovements: {
    'parameters.query.cursor': cursor,
    'parameters.query.referenceId': 'E.g. an order id: the movements that order caused.',
  },
  adminAdjustStock: {
    'parameters.header.if-match': 'The stock ETag you last read, e.g. `"7"`: the variant’s version.',
  },
  adminListOrders: {
    'parameters.query.cursor': cursor,
    'parameters.query.paymentStatus': 'The status of the order’s latest payment.',
    'parameters.query.from': 'Placed at or after this instant (ISO 8601).',
    'parameters.query.to': 'Placed before this instant (ISO 8601).',
    'parameters.query.q': 'Part of the order number or of the buyer’s email, any case.',
  },
  adminUpdateOrderNotes: {
    'requestBody.content.application/json.schema.internalNotes':
      'Staff only; never shown to the buyer. Null clears them.',
  },
  adminListPayments: {
    'parameters.query.cursor': cursor,
  },
  adminConfirmPayment: {
    'requestBody.content.application/json.schema.referenceSeen':
      'What staff saw on the bank statement or receipt, e.g. the reference the buyer quoted.',
  },
  adminRefundOrder: {
    'requestBody.content.application/json.schema.amount':
      'In minor units; at most what was paid minus what was already refunded. Absent: what was paid for `items`.',
    'requestBody.content.application/json.schema.items':
      'The order lines refunded, and how many units of each: at most what is left to refund of the line. Without `amount`, the refund is what was paid for them.',
    'requestBody.content.application/json.schema.restock':
      'Order lines whose units come back into stock (a `return` movement each), at most what was sold and not yet returned.',
  },
  adminListShipments: {
    'parameters.query.cursor': cursor,
  },
  adminListCustomers: {
    'parameters.query.cursor': cursor,
    'parameters.query.q': 'Part of the email, name or phone, any case.',
    'parameters.query.tag': afterExample('Only customers with this tag (any case).'),
    'parameters.query.blocked': 'Only blocked customers (`true`) or only the others.',
  },
  adminListNewsletterSubscribers: {
    'parameters.query.cursor': cursor,
    'parameters.query.q': q,
    'parameters.query.source': afterExample(source),
  },
  adminExportNewsletterSubscribers: {
    'parameters.query.q': q,
    'parameters.query.source': afterExample(source),
  },
  adminListCustomerMessages: {
    'parameters.query.cursor': cursor,
  },
  adminListConversations: {
    'parameters.query.cursor': cursor,
    'parameters.query.unread': '`true`: only threads with unread messages; `false` (as absent): all.',
    'parameters.query.channel': 'Only this channel’s messages: the thread as lived on it.',
  },
  adminListWebhookEvents: {
    'parameters.query.cursor': cursor,
    'parameters.query.type': 'The provider’s event type, exactly: `payment_intent.succeeded`, `charge.refunded`, ...',
    'parameters.query.signatureValid': '`false`: the deliveries refused for a missing, wrong or stale signature.',
  },
  adminGetWebhookEvent: {
    'parameters.path.eventId': 'The log entry’s id (not Stripe’s event id).',
  },
  adminListWebhookDeliveries: {
    'parameters.query.cursor': cursor,
    'parameters.query.eventType': afterExample('One event type (`order.paid`) or a family (`order.*`).'),
  },
  adminListEvents: {
    'parameters.query.types':
      'Comma-separated event types (`order.paid`) or families (`order.*`), as the webhooks section of this document lists them. Absent: every type.',
    'parameters.query.after': 'The `nextCursor` of the previous answer. Absent: from the oldest event still retained.',
  },
  adminListCampaigns: {
    'parameters.query.cursor': cursor,
    'parameters.query.state': state,
  },
  adminListCampaignParticipants: {
    'parameters.query.cursor': cursor,
  },
};
