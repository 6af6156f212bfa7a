/**
 * The long descriptions of the API's operations, by operationId, as the
 * OpenAPI document shows them. The document takes them from here
 * (document-texts.ts puts each after its operation's summary), so a route
 * names none and the deployed Worker, whose `#examples` is a stub
 * (src/docs/no-examples.ts), carries none of this text: only the document
 * needs it, and the one people read is built in Node. A new route adds its
 * entry here, under its operationId.
 */
export const adminListApiKeys = 'Revoked keys included; secrets never.';
export const adminCreateApiKey =
  'For server-to-server calls to this store’s admin API. The answer holds the secret, shown this once; only its hash is stored. Scopes are permissions; keys cannot manage members, invitations or keys. Audited. One round trip.';
export const adminRevokeApiKey = 'The key stops working at once. Idempotent. Audited. One round trip.';
export const adminListAuditLog =
  'Every change staff and API keys make through the admin API, newest first: catalog, stock, orders (status moves, notes), payments (confirmed, rejected), refunds, shipments, members, invitations, API keys and the Stripe account. Each entry names its action (`payment.confirmed`, `order.status_changed`, ...), its actor, the entity changed, what changed (`before` and `after`, never a secret) and the request id. Filters, all optional and combined: `action` (exact, or a family with `.*`: `order.*`), `actorType`, `actorId`, `entityType`, `entityId`, and `from` (inclusive) / `to` (exclusive), ISO 8601 instants. One round trip.';
export const adminListCategories = 'Flat, each with its parent; the storefront’s `/categories` nests them.';
export const adminCreateCategory = 'At the top level or under a parent. One round trip; audited.';
export const adminUpdateCategory =
  'Moving it under itself or one of its descendants is a 422 and changes nothing. One round trip; audited.';
export const adminDeleteCategory = 'Its children move to the top level; its products stay, without it. Audited.';
export const adminListCustomers =
  'Newest first. Filters: `segment`, `q` (part of the email, name or phone), `tag`, `blocked`. A customer is made at checkout (the signed-in user’s, else one per email) or by staff. Their figures follow every payment, cancellation and refund in the same transaction. One round trip.';
export const adminCreateCustomer =
  'A buyer the store knows by an email, a phone (E.164; spaces, dots, dashes and parentheses are dropped) or an id on a chat channel: at least one. An email another customer of the store has is a 409; their later checkouts under it join this customer. One round trip; audited.';
export const adminGetCustomer = 'With their saved addresses and latest 20 orders. One round trip.';
export const adminUpdateCustomer =
  'What is given replaces what was (`tags` as a whole; null clears a field). `marketingConsentAt` is stamped when the consent changes. The email may change, to one no other customer of the store has (409), except for a customer who signs in with an account (409: theirs follows the account). A customer must keep an email, a phone, a channel id or an account (422). One round trip; audited.';
export const adminBlockCustomer =
  'From now on, signed in or by their email, they can open no cart and place no order (403 `customer_blocked`, which does not give the reason); their orders and figures stay. Blocking a blocked customer changes nothing and keeps the first reason: unblock first to give another. One round trip; audited.';
export const adminUnblockCustomer =
  'They may shop again. A customer who is not blocked is answered as they are. One round trip; audited.';
export const adminListEvents =
  'Every event the store’s changes wrote (the ones webhooks deliver), oldest first, in an order a poller can follow without missing one: poll with `after` set to the previous answer’s `nextCursor`, which is always set (the same cursor when nothing new arrived). An event shows only once every transaction that started before it has ended, so one that commits late never lands behind a cursor already handed out; an event may therefore appear a moment after it was written. Events are kept 7, 30 or 90 days by type (see the webhooks section). `types` narrows it to some types or families (`order.*`). One round trip.';
export const adminAddImage =
  'After the others. A product has at most 6 images: a seventh is a 422. One round trip; audited.';
export const adminReorderImages =
  'Name every image once, in the new order; the first is the main image. One round trip; audited.';
export const adminDeleteImage = 'The others close the gap. Audited.';
export const adminListInventory =
  'On hand, reserved for unpaid orders, available, reorder level and version, newest variant first. Filters: `productId`, `q` (a SKU prefix), `lowStock`. One round trip.';
export const adminListLowStock =
  'Active variants whose available stock (on hand − reserved) is at or below their reorder level, sold-out ones included, the most short first (available − reorder level ascending). One round trip, on a partial index of exactly those variants.';
export const adminListStockMovements =
  'Every change to on hand or reserved, newest first, with the values before and after, what caused it and who. Filters: `variantId`, `type`, `referenceId` (an order). One round trip.';
export const adminReconcileInventory =
  'For every variant: on hand equals the ledger’s sum of on-hand changes, reserved equals its sum of reserved changes and the units of live reservations. Lists any variant where they differ. One round trip.';
export const adminGetVariantStock =
  'With `ETag: "<version>"`, to send back as `If-Match` with an adjustment. One round trip.';
export const adminAdjustStock =
  'Goods in (`inbound`), back (`return`), out (`outbound`), or a correction after a count (`adjustment`, signed), with a reason. Optimistic locking: the version you read, as body `version` or `If-Match`, is required; a stale one is a 409 and nothing changes. Writes a movement with before and after in the same transaction. One round trip; audited.';
export const adminUpdateMember =
  'Takes effect in the member’s next access token (within 15 minutes). Audited. One round trip.';
export const adminRemoveMember =
  'Their access tokens stop naming the store at their next refresh (within 15 minutes). Audited. One round trip.';
export const adminCreateInvitation =
  'Answers the invitation token once, for the caller to deliver; it expires in 7 days. Re-inviting a pending email replaces its invitation. Only owners may invite owners. Audited. One round trip.';
export const adminListOptionTypes =
  'Every option (Size, Color, ...) with its values, in display order, and how many variants use each value.';
export const adminCreateOptionType =
  'With its values in display order; colours take a `#RRGGBB` swatch. One round trip; audited.';
export const adminDeleteOptionType = 'With its values, unless variants use one of them (409).';
export const adminUpdateOptionValue = 'Its text, swatch or place; variants keep using it.';
export const adminDeleteOptionValue = 'A value variants use is a 409.';
export const adminListOrders =
  'Newest first, a page at a time. Filters: `status`, `paymentStatus` (of the latest payment), `customerId`, `from` / `to` (when placed), `q` (part of the number or the email). One round trip.';
export const adminGetOrder =
  'With its lines, payments, refunds, shipments, status history (who moved it and why), internal notes and the moves open to it. One round trip.';
export const adminUpdateOrderNotes = 'Staff only; the buyer never sees them. Audited. One round trip.';
export const adminListPayments =
  'Newest first. Filters: `status`, `method`, `orderId`, `needsRefund` (money that arrived for a cancelled order). One round trip.';
export const adminGetPayment =
  'With its refunds and its audit trail (every state change, its source and actor). One round trip.';
export const adminConfirmPayment =
  'Staff saw the money (a bank transfer, Zelle, cash on delivery, or a card payment checked in Stripe): the payment becomes `confirmed`, the order `paid`, and its reserved stock is committed (on hand and reserved both drop, a `commit` movement per variant). Audited, with `payment.succeeded` and `order.paid` events. One round trip.';
export const adminRejectPayment =
  'The money did not arrive, or the proof is false: the payment becomes `rejected` with the reason, and its order is cancelled at once (`payment_rejected`), its reserved stock released. Audited, with `payment.failed`, `order.cancelled` and `inventory.released` events. One round trip.';
export const adminListProducts = 'Every status unless one is asked for; newest first. One round trip.';
export const adminGetProduct = 'With stock, cost prices and every variant, active or not. One round trip.';
export const adminCreateProduct =
  'With, optionally, its categories, images (in order) and variants with prices, all in one transaction: one round trip. A draft unless `status` says otherwise. Emits `product.created`; audited.';
export const adminUpdateProduct =
  'Its own fields, status included (archiving hides it from the storefront at once), and, when given, its categories. The storefront cache is purged. One round trip; audited.';
export const adminDeleteProduct =
  'With its variants, images and prices. A product with order history is a 409: archive it instead. Audited.';
export const adminBulkUpsertProducts =
  'For integrations. Products are matched by slug, variants by option combination; fields a product or variant names overwrite, the others stay; a price adds a version only when it changed; `images` and `categoryIds`, when given, replace. One transaction, one round trip: all or nothing.';
export const adminRefundOrder =
  'Partial or full, never more than was paid minus what was already refunded: the database refuses more, however many refunds run at once. A card payment is refunded through Stripe (two round trips around Stripe’s call; Stripe’s refusal is a 502 and nothing is counted); a manual one is recorded (one round trip). The payment becomes `partially_refunded` or `refunded`. `items` names the order lines refunded (at most the units left to refund of each; more is a 409); without `amount`, the refund is what was paid for those units: per line, its total less its discount, plus its tax when tax was added on top, times the units over the line’s quantity, rounded half up (a line refunded in steps comes to exactly what was paid for it). `restock` returns chosen units to stock with `return` movements. Audited, with a `payment.refunded` event.';
export const adminListRefunds = 'Oldest first, with each one’s status and its payment’s totals. One round trip.';
export const adminCreateShipment =
  'A parcel with its carrier, tracking number and label. The order must be paid, preparing or already shipped (another parcel); it becomes `shipped` (a paid order passes through `preparing`, so its history holds only allowed moves). A `shipment.created` event; the buyer then sees the carrier and tracking number on their order. One round trip.';
export const adminUpdateShipment =
  'Its carrier, tracking number or label, and its status, forward only (`in_transit`, `delivered`; the same status again changes nothing). A `shipment.<status>` event per change of status. When every shipment of a shipped order is delivered, the order becomes `delivered`. One round trip.';
export const adminListShipments = 'Newest first. Filters: `status`, `orderId`. One round trip.';
export const adminGetShippingRate = 'One round trip.';
export const adminGetStore =
  'Its profile, status and settings as they apply (a setting never set answers its default), and the payment methods checkout offers now. The Stripe keys are never answered. One round trip.';
export const adminUpdateStore =
  'Profile fields given replace theirs (nullable ones clear with null). In `settings`, a key given replaces its value, a key given as null is removed so its default applies again, and a key left out stays. Listing `bank_transfer` or `zelle` needs its instructions, `card` a Stripe account (422 otherwise). The currency changes only while the store has no prices and no orders (409 otherwise); its shipping rates follow. Audited as `store.updated` with the changed fields only; the storefront’s cached pages are purged. A change that changes nothing answers the store and audits nothing. One round trip.';
export const adminCloseStore =
  'The storefront goes dark: the store’s profile, catalog, carts, checkout and buyers’ order pages answer 404, and its cached pages are purged. Staff and API keys keep the admin, and payments of its orders still settle. Closing a closed store answers it as it is. Audited as `store.closed`, with the reason. Owner only. One round trip.';
export const adminReopenStore =
  'The storefront answers again. Reopening an active store answers it as it is. Audited as `store.reopened`. Owner only. One round trip.';
export const adminGetStripeAccount =
  'Whether card payments are set up, in which mode, the publishable key and the last four characters of the secret key. The secret key and webhook signing secret are never answered. One round trip.';
export const adminPutStripeAccount =
  'The publishable key, the secret (or restricted) key, and the signing secret of the webhook endpoint you created in Stripe for `webhookUrl`. The two secrets are encrypted at rest (AES-GCM, under the deployment’s PAYMENT_SECRETS_KEY). From then on checkout offers `card`. Audited without the secrets. One round trip.';
export const adminDeleteStripeAccount =
  'Checkout stops offering `card`, and webhooks no longer verify. Audited. One round trip.';
export const adminCreateVariant =
  'Options by name (`{"Size": "M"}`), optionally a price. A combination the product already has is a 409. One round trip; audited.';
export const adminUpsertVariant =
  'Updates the variant with these options, or creates it: fields the body names overwrite, the others stay. A price is added only when it differs from the current one. One round trip; audited.';
export const adminUpdateVariant =
  'SKU, barcode, cost price, reorder level, active flag, position. Send `version` for optimistic concurrency. One round trip; audited.';
export const adminDeleteVariant = 'A variant that orders reference is a 409: deactivate it instead. Audited.';
export const adminCreateVariantPrice =
  'From now, or from `validFrom` (scheduled: it takes effect at its time, with no job), optionally until `validTo`. Prices are never edited. One round trip; audited.';
export const adminListVariantPrices =
  'Newest version first, each marked scheduled, current, superseded or ended. One round trip.';
export const adminCreateProductPrice =
  'A product’s own price backs its variants that have none. Otherwise as for a variant.';
export const adminWithdrawPrice =
  'Of the product or any of its variants. Only a price that has not taken effect; one that has is history (409). Audited.';
export const adminGetWebhookEndpoint = 'Never its secret: `secretHint` is the last four characters. One round trip.';
export const adminDeleteWebhookEndpoint =
  'With its deliveries and their attempts; the events stay (the feed and other endpoints still have them). One round trip; audited.';
export const adminPingWebhookEndpoint =
  'A `webhook.ping` event delivered to this endpoint only, signed like every other delivery, even while the endpoint is inactive (to try a receiver before turning it on). Answers the delivery at once; follow it with the deliveries routes. One round trip, then the delivery is queued; audited.';
export const adminListWebhookDeliveries =
  'Newest first, each with its status, attempts so far, the next attempt’s time and the last answer. Filters: `status`, `eventType` (exact, or a family: `order.*`). One round trip.';
export const adminGetWebhookDelivery =
  'The event’s payload and every attempt: when, how long, the status and first 1 KiB of the answer, or the error. One round trip.';
export const adminRedeliverWebhookDelivery =
  'Pending and due now, whatever its state: a failed delivery gets a new attempt, and a succeeded one is sent again (for a receiver that lost it), with the same `webhook-id`, so a receiver that kept it can tell. Its attempts keep counting. One round trip, then it is queued; audited.';
export const adminListWebhookEvents =
  'What Stripe sent to the store’s webhook, newest first: each event once however often it was delivered (with the count), and each refused delivery (bad signature, not an event) on its own, with what it did and any error. Filters: `type`, `outcome`, `signatureValid`. The payload is in the detail. One round trip.';
export const adminGetWebhookEvent =
  'A delivery with the body the provider sent (parsed JSON; for a refused one, whatever arrived). Never the signing secret. One round trip.';
export const register =
  'Emails are trimmed and lower-cased. Passwords: 10 to 128 characters, not a common one. Mails a link to verify the email (24 hours, once; see `confirmEmailVerification`), under the name and in the language of `store` when it names an active store, else as the platform. Rate-limited per client address. One round trip.';
export const login = 'Rate-limited per email. Two round trips: read the account, then record the session.';
export const refreshTokens =
  'Each refresh token works once and is replaced by the one answered. Presenting one that was already used revokes every token of its session. Rate-limited per client address. One round trip.';
export const logout = 'Revokes the refresh token and every other token of its session. Idempotent. One round trip.';
export const signInExternal =
  'Only when the deployment configures one (AUTH_JWKS_URL, AUTH_JWKS_ISSUER, AUTH_JWKS_AUDIENCE). The token must be signed with RS256, ES256 or EdDSA by a key of the provider’s JWKS, for the configured issuer and audience, and carry a verified `email`: it is linked to the account with that email, created if there is none. Answers this API’s own session. Rate-limited per client address.';
export const listMyAddresses = 'The default first, then the newest. One round trip.';
export const createMyAddress = `Makes you a customer of the store if you were not one. The first address is the default; \`isDefault\` moves the default to a new one. At most 20 per store. Check out with it by \`shippingAddressId\`. One round trip.`;
export const updateMyAddress =
  '`isDefault: true` makes it the default (and no other). Orders placed with it keep the address as it was. One round trip.';
export const deleteMyAddress = 'A deleted default passes to the newest address left. One round trip.';
export const getMe =
  'Fresh from the database, with the stores the user has a role in. After a password reset, access tokens issued before it (or in the same second: tokens carry whole seconds) are refused here with 401; other routes trust a token for its 15 minutes. One round trip.';
export const createStore =
  'Answers the store and a fresh access token that carries the new owner role. The slug is permanent; the profile and settings can change later (`PATCH /v1/admin/stores/{store}`). One round trip.';
export const listMyOrders =
  'Orders placed while signed in, in every store, newest first, a page at a time. One round trip.';
export const acceptInvitation =
  'The caller must be signed in with the invited email. Answers a fresh access token that carries the new role. One round trip.';
export const getApiIndex =
  'The API’s name and version, with links to its interactive reference, its OpenAPI document and its health.';
export const getHealth = 'Reports whether the API can reach its database. Never cached.';
export const createCart =
  'Optionally with items, an email and a shipping rate. With a customer’s access token the cart is theirs; otherwise it is a guest cart and the answer carries its `token`, shown once. The cart is priced for good in the market `?market=`, `?currency=` or else the shopper’s country picks (an unknown market or currency is a 422); its tax destination is the body’s `country`/`region`, else the shopper’s country. A cart expires 7 days after its last change. One round trip.';
export const getOrder =
  'Opened with the guest’s `X-Order-Token` (from checkout) or by the signed-in customer who placed it. One round trip.';
export const getStore =
  'Name, currency, tax rate and contact handles a storefront needs to render. One database round trip.';
export const receiveStripeWebhook =
  'Point the store’s Stripe webhook endpoint here. The raw body must carry a valid `Stripe-Signature` (HMAC-SHA256 of `t.body` under the endpoint’s signing secret, within 300 s either way). Handles `payment_intent.succeeded` (the order is paid and its stock committed; for a cancelled order the payment is flagged for refund instead), `payment_intent.payment_failed`, `payment_intent.amount_capturable_updated` (a campaign join’s card authorised for the whole amount: the payment stays pending, marked authorised, until the campaign succeeds and its hold is captured) and `charge.refunded`. Each event id takes effect once, however often, late or concurrently it arrives. Every delivery is logged. One round trip per event.';
export const adminCancelCampaign =
  'Calls off a campaign not yet settled (scheduled, open, or ended and awaiting settlement): it becomes `cancelled` and everyone is released as when a campaign fails. Orders awaiting payment are cancelled and their stock released; their card authorisations are cancelled at Stripe, which releases the hold on the buyer’s card. Orders already paid or being prepared are cancelled, their stock returned, and payments staff had confirmed flagged `needsRefund` for staff to refund. Orders already shipped or delivered are left as they are, for staff to settle with the buyer. The answer counts the campaign’s orders it cancelled (`orders.cancelled`), their payments staff had confirmed, now flagged for refund (`orders.flaggedForRefund`), and the orders left shipped (`orders.alreadyShipped`); `reason` is the one given in the body (`reason`, 1 to 500 characters, optional), kept on the campaign and in its event. Emits `group-commerce.campaign.cancelled`; audited `campaign.cancelled`. Cancelling a cancelled campaign changes nothing and answers the same; one settled as successful or failed is a 409 `invalid_transition`. One round trip.';
export const joinCampaign = [
  'Joins an open campaign (started, not ended, with a place left): places an order for the campaign’s variant, `unitsPerParticipant` of it at the campaign price, awaiting payment, and holds its stock until the campaign ends (`reservationExpiresAt`). Address, shipping rate and payment method as at checkout; a card is only authorised, and charged if the campaign succeeds.',
  'One round trip: one transaction places the order as checkout does (items, history, payment, reservations, stock movements, events), counts the participant and writes `group-commerce.campaign.joined`. The database keeps the count within the maximum and lets a customer (by account or email) join once, however many join at the same time. The join that takes the last place settles the campaign as successful in the same transaction: its orders go ahead, each holding its stock from then for the store’s reservation time.',
  '`Idempotency-Key` is required: the same key and body answer the same order with `Idempotent-Replayed: true` (also one round trip), even once the campaign is full or over; the same key with another body or campaign is a 422. Guests get an `accessToken` to read the order. Limited to 30 a minute per client address and store, apart from checkouts.',
].join('\n\n');
export const adminCreateCampaign =
  'Group buying on one of the store’s variants: sold at `price` to each participant (`unitsPerParticipant` units) if at least `minParticipants` join before `endsAt`; reaching `maxParticipants` settles it at once. `price` must be below the variant’s current price in the store’s currency, which is recorded as `originalPrice`. Refused with a 422 naming the field: a variant of another store (`variantId`), a price not below the current one, `endsAt` not after `startsAt` or already past, `startsAt` more than a year ahead, a run longer than 7 days (a card authorisation is held no longer), `maxParticipants` below `minParticipants`. A store has at most 100 campaigns not yet settled (409). Emits `group-commerce.campaign.created`. One round trip; audited.';
export const adminListCampaigns =
  'Newest first, each with its state and progress (`participants`, `placesLeft`, the minimum and maximum). `state` narrows it to `scheduled`, `open`, `ending` (over, awaiting settlement), `successful`, `failed` or `cancelled`. One round trip.';
export const adminGetCampaign = 'In any state, with its progress. One round trip.';
export const adminUpdateCampaign =
  'Only while `scheduled`: once open, shoppers may have joined on its terms (409 `invalid_transition`; cancel it and create another). The rules of creation hold for the values as they will be. A new `price` must be below the variant’s current price, which becomes its `originalPrice`; the variant cannot change. One round trip; audited with what changed.';
export const adminListCampaignParticipants =
  'Newest first: who joined, how many units, their order and its latest payment (`authorized`: a card hold Stripe placed, captured if the campaign succeeds). Staff settling manual payments check here which are confirmed. One round trip.';
export const listCampaigns =
  'Scheduled and open campaigns on variants a shopper can buy, soonest ending first, each with the product, prices, progress and `secondsLeft`; optionally on one variant or one product. Cached at the edge like the catalog, but for at most 10 seconds (20 more while revalidating), whatever the store’s settings: progress moves with every join. A miss costs one round trip.';
export const getCampaign =
  'In any state, so a shopper following a link sees how it ended. Cached like the list, for at most 10 seconds. A miss costs one round trip.';
export const requestEmailVerification =
  'For an account whose email is not verified yet (409 otherwise). At most 3 verification mails an hour per account, the one sent at registration included: the next is 429 with `Retry-After`. Also rate-limited per client address. `store` works as in `register`. One round trip after auth.';
export const confirmEmailVerification =
  'Spends the token of the verification mail (24 hours, once) if the account’s email is still the one it was mailed to, and marks the email verified. In the same transaction the guest customers of that email join the account in every store: a store’s customer with that email and no account becomes the account’s; where the account already has a customer (made without the email while a guest held it), the guest’s orders, addresses, saved payment methods, carts, campaign places and messages move to it, the guest record is removed (audited in that store as `customer.merged`), its email passes to the account’s customer, and its figures (order count, total spent, last order, segment) are recomputed from its orders. A token this account already spent answers the account again while it is unexpired (a mail client may have opened the link first). Any other token, forged, unknown, expired or spent, is the same 422 (`validation_failed` on `token`). One round trip.';
export const openEmailVerificationLink =
  'What the mailed link opens when the store has no `storefrontUrl`: the same as `confirmEmailVerification`, with the token in the query. One round trip.';
export const requestPasswordReset =
  'Always the same 202 and body, whether or not an account has the email, and the same work: one transaction that writes a token (1 hour, once) and its mail only for an active account that had fewer than 3 reset mails this hour. The mail links the store’s `/reset-password?token=` page when `store` names an active store with a `storefrontUrl`; otherwise it gives the token as a code to send to `confirmPasswordReset`. Rate-limited per client address. One round trip.';
export const confirmPasswordReset =
  'Spends the reset token (1 hour, once), sets the new password (same rules as `register`), closes the account’s other reset tokens and revokes every refresh token of the account, so every session ends; access tokens issued before then no longer open `GET /v1/me`. A forged, unknown, expired or spent token is the same 422 (`validation_failed` on `token`), and changes nothing. Rate-limited per client address. One round trip.';
export const subscribeNewsletter = [
  'Double opt-in: a new address, or one that had left, becomes `pending` and is mailed a link to confirm (in the store’s language; to its storefront’s `/newsletter/confirm?token=` page when the store set `storefrontUrl`, else to `GET .../newsletter/confirm`). Nothing else is sent to it until it confirms. A pending address is mailed again only once the last mail is 10 minutes old; a subscribed one is left as it is.',
  'Always `202` with the same body, whether the address is new, pending, subscribed or gone, and the same work (one statement, one round trip): the answer never tells whether an address is on the list. The email is stored in lower case. Limited to 10 a minute per client address and store (429 with `Retry-After`).',
].join('\n\n');
export const confirmNewsletter =
  'For a storefront’s own confirmation page: posts the `token` of the mailed link. A pending sign-up whose link was mailed within 7 days becomes `subscribed` (emits `newsletter.subscribed`); an address already subscribed answers the same. Any other token (forged, another store’s, older than 7 days, an address that has since left) is one 422. One round trip.';
export const confirmNewsletterLink =
  'The link of the confirmation mail when the store has no `storefrontUrl`: confirms as `POST .../confirm` does. Answers JSON, or a small page in the store’s language when the `Accept` header names `text/html` (a browser). One round trip.';
export const unsubscribeNewsletter =
  'One-click unsubscribe (RFC 8058): the URL of the `List-Unsubscribe` header every newsletter mail carries (with `List-Unsubscribe-Post: List-Unsubscribe=One-Click`), and of the link in its body. Mail clients POST the form body `List-Unsubscribe=One-Click`; a JSON `{}` or no body does too. The subscriber, pending or subscribed, becomes `unsubscribed` (a subscribed one emits `newsletter.unsubscribed`); one already out answers the same. The link never expires. Answers JSON, or a page for a browser. One round trip.';
export const getNewsletterUnsubscribe =
  'What opening the unsubscribe link shows: it changes nothing (mail scanners and prefetchers open links nobody clicked). A browser gets a page in the store’s language whose button POSTs to the same URL; other clients get JSON saying to POST. One round trip.';
export const adminListNewsletterSubscribers =
  'Newest sign-up first. Filters: `status` (`pending`, `subscribed`, `unsubscribed`), `q` (part of the email), `source` (exact). One round trip.';
export const adminExportNewsletterSubscribers =
  "The subscribers the filters keep (as the list takes them), newest first, as CSV (RFC 4180, UTF-8, CRLF, a header row): `id,email,status,source,subscribedAt,confirmedAt,unsubscribedAt`. Streamed: pages of 1,000 are read one after another as the download goes (one round trip each), so a list of any size is never held whole. A cell a spreadsheet would take for a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) is written with a leading `'`.";
export const adminUnsubscribeNewsletterSubscriber =
  'Takes the address off the list: `unsubscribed` (a subscribed one emits `newsletter.unsubscribed`). One already out is answered as it is, and nothing is written. A new sign-up from the address brings it back through double opt-in. One round trip; audited `newsletter_subscriber.unsubscribed`.';
export const adminReceiveMessage = [
  'For the integration of a chat channel (WhatsApp, Telegram, Discord, ...): records a message a customer sent, once per `channel` and `channelMessageId`. The first delivery answers 201 with the message; any later one (channels redeliver) answers 200 with the message as first recorded, whatever its body, and changes nothing. Deliveries at the same time are recorded once too.',
  'The sender is the store’s customer with `from.channelUserId` as their id on the channel, else (the oldest) with `from.phone`; a known customer gains what the message tells and their record lacks (their id on the channel, a phone, a name). An unknown sender becomes a customer (`customer.created`, source `chat`); two messages at once from one new sender make one customer. A blocked customer’s messages are recorded too: the block stops carts and orders, not conversation.',
  '`text` is kept as sent, up to 4096 characters; a `text` message needs some, other types (an image, a location) may have none. `metadata`, what the channel sent besides (media URLs, a button’s payload), is kept as given, up to 16 KiB. `sentAt` becomes the message’s `createdAt` (a time ahead of the server’s is taken as now); the thread keeps the order messages reached the API. Emits `message.received`. One round trip after authentication.',
].join('\n\n');
export const adminSendMessage =
  'Records a message from staff to the customer and emits `message.outbound`, whose `to` is where the channel’s integration delivers it: the customer’s id on the channel, else their phone on WhatsApp or SMS, or their email on email. The API does not reach channels itself. `channel` defaults to the one of the customer’s latest message; a customer who never wrote and no `channel`, or no way to reach them on it, is a 422 naming `channel`. Blocked customers can be written to. Not audited: the message names its sender and is never changed. One round trip.';
export const adminListCustomerMessages =
  'Both directions, newest first (the order messages reached the API), each with its sender (staff or key) for outbound and `readAt` for inbound ones. Reading does not mark anything read. Another store’s customer is a 404. One round trip.';
export const adminListConversations =
  'The inbox: one entry per customer who has messages, the one with the latest message first, each with the customer, that latest message and the count of inbound messages not yet marked read. `unread=true` keeps threads with unread messages; `channel` looks at that channel’s messages only (latest message, unread count and order). One round trip.';
export const adminMarkMessagesRead =
  'Marks the customer’s inbound messages read: all of them, or with `upTo` those up to that message of the thread (inclusive; ids follow time, so messages that arrive later stay unread). Messages read already keep their time. Answers how many it marked and how many stay unread. No body marks all. Not audited. One round trip.';
export const adminListPromotions =
  'Newest first. Filters: `method`, `type`, `active` (the switch), `q` (part of the name), `code` (the promotion with this code, any case). Each with its `status` now (`scheduled`, `active`, `ended`, `used_up`, `inactive`), its uses and how many codes it has. One round trip.';
export const adminCreatePromotion = [
  'A discount applied with a code (`method: code`) or by itself (`automatic`): a `percentage` of the eligible lines (0.01 to 100, two decimals at most), a `fixed_amount` per currency (`amounts`, minor units), or `free_shipping`. A percentage promotion needs `percentage` and a fixed-amount one `amounts`; neither field is taken by another type.',
  'Conditions, all optional: `minSubtotals` per currency (when given, other currencies are not eligible), `productIds` and `categoryIds` (the store’s; a line of one of them is eligible; none: every line), `firstOrderOnly`, `customerSegments`, `markets` (codes of the store’s markets, active or not, or `default` for the home market; none: every market), the window `startsAt` (inclusive, now unless given) to `endsAt` (exclusive), `usageLimit` in all and `usageLimitPerCustomer`. An id or market that is not the store’s is a 422 naming it (`productIds[2]`).',
  'A `code` promotion may take its first `code` here (trimmed, upper-cased, unique in the store: a taken one is a 409), with its own `codeUsageLimit`; automatic promotions have no codes. At checkout at most one automatic promotion (the one worth most) and one code apply. One round trip; audited `promotion.created`.',
].join('\n\n');
export const adminGetPromotion = 'With its `status` now, its uses and how many codes it has. One round trip.';
export const adminUpdatePromotion =
  'Any field but `method` and `type` (a 422: the orders it discounted keep what they meant; make a new promotion instead). The change must fit the stored type, and the window with the change applied must stay in order (422). A `usageLimit` below the uses so far is a 409. `active: false` stops it at once, for carts holding its code too. One round trip; audited `promotion.updated`.';
export const adminDeletePromotion =
  'Only a promotion no order was discounted by, with its codes; for one with redemptions, a 409 says to deactivate it instead. Carts holding one of its codes show it as not applying. One round trip; audited `promotion.deleted`.';
export const adminGetPromotionUsage =
  'From the promotion’s redemptions (one per order it discounted; a cancelled order keeps its use): how many, and per currency the orders, the discount taken off the lines and the shipping fees waived (currencies are never added together); its codes (`total`, and `used`: redeemed at least once); the first and last redemption; and per day, in the store’s timezone, the latest 30 days that had redemptions, oldest first, with the orders and the discount per currency. `from` (inclusive) and `to` (exclusive) narrow the redemptions counted; `timesUsed`, `usageLimit` and `codes` are the promotion’s whole life. One round trip.';
export const adminListPromotionCodes =
  'Newest first; `q` keeps the codes beginning with it (any case). Another store’s promotion is a 404. One round trip.';
export const adminCreatePromotionCode =
  'Trimmed and upper-cased (shoppers’ input is too, so `verano15` finds `VERANO15`); 3 to 40 letters, digits, `-` and `_`. Unique in the store: a code another promotion or this one has is a 409. An optional `usageLimit` caps its own uses. An automatic promotion takes no codes (409). One round trip; audited `promotion_code.created`.';
export const adminDeletePromotionCode =
  'Only a code no order was placed with (409 otherwise: deactivate its promotion instead). A cart holding it shows it as not applying. One round trip; audited `promotion_code.deleted`.';
export const adminGeneratePromotionCodes =
  'Makes `count` (1 to 1,000) single-use codes (`usageLimit` 1) for a `code` promotion: `prefix` (up to 12 letters, digits or `-`, upper-cased) then `length` (8 to 16, default 10) random symbols from `crypto.getRandomValues`, over an alphabet without look-alikes (no 0, O, 1 or I). Inserted in one statement that skips a code the store already has; in the rare case some collided (about one in 10^12 a code at length 10), the shortfall is made in a second round trip. Answers the codes made, newest first. An automatic promotion is a 409. Audited once, `promotion_code.generated`, with the codes made.';
export const adminListTaxRates =
  'Every rate of the store (of one `country`, when given), by country, region (none first), tax class (none first) and name; unpaged, as a store has at most 500. One round trip.';
export const adminCreateTaxRate =
  'A rate for a destination: a `country`, optionally one of its regions (an address’s `region`, compared upper case: `NY`, `QC`), optionally only for products of a `taxClass`. A line pays every rate of its destination for its class (a country-wide and a regional one add up), else those of no class; a country with no rate at all pays the store’s flat `taxRateBps`. Whether prices include the tax is the market’s `taxInclusive` (the home market’s: `settings.pricesIncludeTax`). `percentage` has at most 4 decimals (8.875). A second rate with the same country, region, class and name is a 409. Prices are shown as stored, so no cached catalog page changes. One round trip; audited.';
export const adminGetTaxRate = 'One rate of the store; another store’s is a 404. One round trip.';
export const adminUpdateTaxRate =
  'Any of its fields. Carts are priced with it at once; placed orders keep the tax lines they were charged. A change that makes it another rate’s twin (same country, region, class and name) is a 409. One round trip; audited.';
export const adminDeleteTaxRate =
  'Placed orders keep the tax lines they were charged; when the country has no rate left, its lines pay the store’s flat `taxRateBps`. One round trip; audited.';
export const listMarkets = [
  'The markets a storefront can offer: the home market (`default`: the store’s own currency and tax mode, named as the store; it serves every country no market lists) first, then the active markets in order, each with its currency, tax mode and countries.',
  '`current` is the market this request sells in, as every priced storefront read picks it: `market` (`default` for home), else `currency` (the home market when it is the store’s, else the first active market in it), else the shopper’s country (`CF-IPCountry`), else home. `country` is that country, or null. A market or currency the store does not sell in is a 422. Cached like the catalog; without `market` or `currency`, the answer varies by `CF-IPCountry`.',
].join('\n\n');
export const adminCreateMarket =
  'A market sells in its own `currency` (never changed after: carts and orders are priced in it), with its tax mode (`taxInclusive`: prices include tax, EU-style), to shoppers of its `countries` (ISO 3166-1 alpha-2, upper-cased; a country is in one market of a store at most: one already in another market, active or not, is a 409 naming it). `code` (lower-case words joined by hyphens, not `default`) is how requests name it: `?market=`. Products need prices in its currency to be sold there, and shipping rates in its currency to ship. After the last market unless `position` is given. The storefront’s cached catalog is purged. One round trip; audited `market.created`.';
export const adminUpdateMarket =
  'Any of `name`, `countries` (the list given replaces the market’s list), `taxInclusive`, `active` and `position`; never its `code` or `currency`. `active: false` stops selling in it: its shoppers get the home market (carts already made in it stay priced in it), and it keeps its countries (take them out to give them to another market). A country already in another market is a 409 naming it. The storefront’s cached catalog is purged. One round trip; audited `market.updated` with the market before and after.';
export const setCartPromotionCode =
  'Enters a promotion code on the cart (any case: it is trimmed and upper-cased). It is kept only if it applies now; else nothing changes and the problem says why: 422 `promotion_not_applicable` (no such code, not started, ended, not in this market, minimum subtotal not reached, no eligible item, first order only, not for this customer) or 409 `promotion_used_up` (the code’s, the promotion’s or your own limit of uses). A new code replaces the one entered before. At most one automatic promotion (the one worth most) and one code apply; the code applies after the automatic one. A code that stops applying later stays on the cart as `promotionCode.applies: false` with its `reason`, and checkout refuses it. Opened with the guest’s `X-Cart-Token`, or by the signed-in customer it belongs to. One round trip.';
