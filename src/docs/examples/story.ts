/**
 * The one story the OpenAPI document's examples tell, so that a reader can
 * follow an id from one operation to the next. Balsamoa, the demo store
 * (`npm run dev` seeds it), adds a hoodie to its catalog and receives stock
 * for it; Lucía, a guest, puts the hoodie and a t-shirt in a cart and checks
 * out paying by bank transfer; the owner confirms the transfer, prepares and
 * ships the parcel, and later refunds the t-shirt she sent back. Lucía then
 * opens an account and saves her address.
 *
 * Amounts are ARS minor units (centavos). Ids are UUIDv7 of the moment the
 * row was made; timestamps are as the views answer them: Postgres JSON
 * (`+00:00`, microseconds) or, for accounts, keys and stores, JavaScript's
 * `toISOString()`.
 */

export const ids = {
  store: '019caea2-54f8-701c-9714-e1edc07911a5',
  owner: '019caea1-2161-7038-9153-db641d93a8e8',
  staff: '01a25fc7-100c-7f02-8d61-2c7e94a0b3d5',
  ownerMember: '019caea2-54f8-701d-8b3e-0f6c1d2a9e47',
  categoryHoodie: '019caea7-1170-7019-b9ca-0623de2c56c7',
  categoryRemera: '019caea7-1384-7004-b632-bd5889f850ae',
  optionSize: '019caea7-ddf7-7013-a11b-c44b789429db',
  sizeS: '019caea7-ddf7-7014-9d05-d0b88432aa66',
  sizeM: '019caea7-ddf7-7015-893b-5c95091bbbe2',
  sizeL: '019caea7-ddf7-7016-8f76-b878d28f5660',
  sizeXL: '019caea7-ddf7-7017-a349-d90972fcd23b',
  sizeXXL: '019caea7-ddf7-7018-a836-992e9c6e0a65',
  optionColor: '019caea8-6fe9-703d-bd98-7e306c2e2041',
  colorNegro: '019caea8-6fe9-703e-8ed4-ad3a56a4c7e7',
  colorGrisOscuro: '019caea8-6fe9-703f-af89-8e5b54041804',
  colorBlanco: '019caea8-6fe9-7040-9a6d-650c0bf25a3e',
  colorVerde: '01a25fe1-65c6-7a07-b2c4-7e0f35a9d168',
  rateStandard: '019caeab-7e42-701b-8169-bf757194bd0e',
  rateExpress: '019caeab-7e42-701c-b85f-7306b0df6b37',
  remera: '019cb971-8a62-7039-ac49-8d618fcfd458',
  remeraBlancoM: '019cb971-8a62-703a-82dd-1c5f219fec26',
  hoodie: '01a19ca1-b27e-7033-919d-485281e43606',
  hoodieNegroM: '01a19ca1-b27e-7034-a24c-26002850401c',
  hoodieNegroL: '01a19ca1-b27e-7035-bd92-db52181a5485',
  imageFront: '01a19ca1-b27e-7036-ac68-b983a37d6672',
  imageBack: '01a19ca1-b27e-7037-9a6b-b457fb5b23e1',
  imageGris: '01a1a0ae-acf2-7009-9c4d-3e8a5b7f2d10',
  hoodieGrisL: '01a1a0ae-acf2-7008-bada-7b7f8f54f18e',
  movement: '01a1a0b0-c5f4-7025-99d5-4ea3e43799d3',
  apiKey: '01a1fa1f-8b08-7035-8ff8-8aa1d27f541c',
  apiKeyRequest: '01a1fa1f-8aff-7a31-9d4e-6c0f2b8e1a57',
  apiKeyAudit: '01a1fa1f-8b08-7036-a1c7-52e9d04b3f88',
  cart: '01a2233e-41ab-7010-9fbe-fdaa34ad95b4',
  cartItemHoodie: '01a2233e-41ab-7011-ac53-ddc618a8e2be',
  cartItemRemera: '01a2233f-0b1e-7014-9629-8e1e93e821eb',
  request: '01a22342-2e93-7022-8123-4a9407f54fd8',
  order: '01a22342-2eaf-7006-83f1-c2733eca36e3',
  orderItemHoodie: '01a22342-2eaf-7007-8f61-5b17ee905200',
  orderItemRemera: '01a22342-2eaf-7008-b691-2b8bb8fdcd33',
  payment: '01a22342-2eaf-7009-8fc9-9da2e282dff1',
  confirmRequest: '01a22732-5ac6-7243-9fe7-8e2a2e851f78',
  customer: '01a22342-2eaf-700a-a848-e6b68c858785',
  shipment: '01a22d01-e040-7034-b750-dfa15b8b054e',
  buyer: '01a2310f-99c6-7005-bd67-456454c948c7',
  address: '01a23111-d179-703a-9932-de181bd85ba7',
  sale: '01a23606-8047-7011-8e2f-6a1d93c4b5e0',
  refund: '01a25a88-ce3d-703e-912d-d87e6015615c',
  invitation: '01a25f4a-0cdc-7018-b6a9-c20e8f5d3a71',
};

/** When each step of the story happened. */
export const at = {
  ownerJoined: '2026-03-02T12:58:41.377Z',
  storeOpened: '2026-03-02T13:00:00.120Z',
  catalogSetUp: '2026-03-02T13:05:10.512318+00:00',
  remeraAdded: '2026-03-04T15:22:31.906201+00:00',
  hoodieAdded: '2026-11-02T14:20:05.118734+00:00',
  variantAdded: '2026-11-03T09:12:44.530516+00:00',
  stockReceived: '2026-11-03T09:15:02.004381+00:00',
  variantChanged: '2026-11-03T09:16:40.725093+00:00',
  productChanged: '2026-11-03T09:20:11.380652+00:00',
  keyCreated: '2026-11-20T18:02:13.640Z',
  cartCreated: '2026-11-28T17:40:12.331287+00:00',
  newCartExpires: '2026-12-05T17:40:12.331287+00:00',
  cartUpdated: '2026-11-28T17:42:37.118406+00:00',
  cartExpires: '2026-12-05T17:42:37.118406+00:00',
  ordered: '2026-11-28T17:44:29.615392+00:00',
  reservationExpires: '2026-11-28T18:44:29.615392+00:00',
  paid: '2026-11-29T12:05:41.208733+00:00',
  preparing: '2026-11-29T14:30:10.551904+00:00',
  shipped: '2026-11-30T15:10:27.392615+00:00',
  inTransit: '2026-11-30T18:02:51.640218+00:00',
  buyerJoined: '2026-12-01T10:03:55.718Z',
  addressSaved: '2026-12-01T10:06:21.049823+00:00',
  addressChanged: '2026-12-01T10:07:03.512907+00:00',
  saleScheduled: '2026-12-02T09:12:05.447120+00:00',
  refunded: '2026-12-09T11:20:44.861207+00:00',
  reconciled: '2026-12-09T11:31:07.090416+00:00',
  invited: '2026-12-10T09:30:18.204Z',
  invitationExpires: '2026-12-17T09:30:18.204Z',
  invitationAccepted: '2026-12-10T11:48:09.733Z',
  catalogChanged: '2026-12-10T12:15:36.902154+00:00',
  stripeConnected: '2026-12-11T16:40:22.508917+00:00',
  storeSettingsChanged: '2026-12-11T16:52:08.417Z',
  storeClosed: '2026-12-24T21:00:03.118Z',
};

export const ORDER_NUMBER = 'ORD-2026-000123';
export const BUYER_EMAIL = 'lucia.fernandez@example.com';
export const OWNER_EMAIL = 'owner@balsamoa.test';
export const IMAGES = 'https://images.example.com/balsamoa';

/** Where Lucía's parcel goes: given at checkout, saved to her account later. */
export const buyerAddress = {
  name: 'Lucía Fernández',
  line1: 'Av. Corrientes 1234',
  line2: 'Piso 5, depto. B',
  city: 'Ciudad Autónoma de Buenos Aires',
  region: 'CABA',
  postalCode: 'C1043AAZ',
  country: 'AR',
  phone: '+54 9 11 5555-0123',
};

/** Prices, in centavos. */
export const amounts = {
  hoodie: 5_500_000,
  remera: 3_200_000,
  standardShipping: 500_000,
  freeShippingOver: 10_000_000,
  expressShipping: 950_000,
  subtotal: 8_700_000,
  total: 9_200_000,
};

/** Secrets as the API hands them out (none of them opens anything). */
export const tokens = {
  ownerAccess:
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJlbWFpbCI6Im93bmVyQGJhbHNhbW9hLnRlc3QiLCJzdG9yZXMiOlt7ImlkIjoiMDE5Y2FlYTItNTRmOC03MDFjLTk3MTQtZTFlZGMwNzkxMWE1Iiwic2x1ZyI6ImJhbHNhbW9hIiwicm9sZSI6Im93bmVyIn1dLCJpc3MiOiJ1cm46ZWRnZS1jb21tZXJjZTphdXRoIiwiYXVkIjoidXJuOmVkZ2UtY29tbWVyY2U6YXBpIiwic3ViIjoiMDE5Y2FlYTEtMjE2MS03MDM4LTkxNTMtZGI2NDFkOTNhOGU4IiwianRpIjoiMDFhMjI3ODQtNWY2MC03MDEyLWEzYzEtNmYwZTI5YjdkNGE4IiwiaWF0IjoxNzk1OTUzNjY4LCJuYmYiOjE3OTU5NTM2NjgsImV4cCI6MTc5NTk1NDU2OH0.Z4K68rhOHgrwD9jqt57nx3MTRcnygei3aviCDRnLHYQ',
  ownerRefresh: 'rt_0FiTsat3Y7n-UGBGMSsFI3_QvkbSGKKgX0V6DzLtr9w',
  ownerRefreshNext: 'rt_Wq8mZx2LcT5vHd0yNf3KjR6pUa9sEg1BoYi4XeVn7Ck',
  buyerAccess:
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJlbWFpbCI6Imx1Y2lhLmZlcm5hbmRlekBleGFtcGxlLmNvbSIsInN0b3JlcyI6W10sImlzcyI6InVybjplZGdlLWNvbW1lcmNlOmF1dGgiLCJhdWQiOiJ1cm46ZWRnZS1jb21tZXJjZTphcGkiLCJzdWIiOiIwMWEyMzEwZi05OWM2LTcwMDUtYmQ2Ny00NTY0NTRjOTQ4YzciLCJqdGkiOiIwMWEyMzEwZi05YTFlLTcwMDctYjhmMi0zYzVkMGU2MWE5ZjQiLCJpYXQiOjE3OTYxMTk0MzUsIm5iZiI6MTc5NjExOTQzNSwiZXhwIjoxNzk2MTIwMzM1fQ.U7ZRt3Vqvb3UT2MpJRlwCSHZ4OZXFIMnket3gShS6ck',
  staffAccess:
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJlbWFpbCI6InZlbnRhc0BiYWxzYW1vYS50ZXN0Iiwic3RvcmVzIjpbeyJpZCI6IjAxOWNhZWEyLTU0ZjgtNzAxYy05NzE0LWUxZWRjMDc5MTFhNSIsInNsdWciOiJiYWxzYW1vYSIsInJvbGUiOiJzdGFmZiJ9XSwiaXNzIjoidXJuOmVkZ2UtY29tbWVyY2U6YXV0aCIsImF1ZCI6InVybjplZGdlLWNvbW1lcmNlOmFwaSIsInN1YiI6IjAxYTI1ZmM3LTEwMGMtN2YwMi04ZDYxLTJjN2U5NGEwYjNkNSIsImp0aSI6IjAxYTI1ZmM4LTQzODUtN2ExYi05ZTA2LWQ0YzgxZjI3YjVhOSIsImlhdCI6MTc5NjkwMzI4OSwibmJmIjoxNzk2OTAzMjg5LCJleHAiOjE3OTY5MDQxODl9.u3ydTCbLQNxrPsR8ThoWN2lReBaCjgkRJ7nA00orlaE',
  buyerRefresh: 'rt_cSweaxX96SIRxJVyuzu9v3Y_gOD0QteowecjQLC7aGw',
  cart: 'tKA8-cv-_oDksSqqXGvAK8BdDKRID83YKwOkhQMAt88',
  order: 'VR91rBVudd1Vbb2n3Q8ynwM6Q73tuQJxWBBANopBUf8',
  apiKeyPrefix: 'ck_tslXfL6tURiG',
  apiKeySecret: 'F31pVuqOLPs1AStwaFpiVpvSA942SG9i6m8fwQS_N_M',
};

/** Stripe's first event for the store once its account was connected: a card payment that succeeded. */
export const stripeStory = {
  webhookEvent: '01a2660e-17a6-7c41-9b2e-5d8f0a3c6e19',
  eventId: 'evt_3QbD0uLkdIwHu7ix1a2b3c4d',
  intentId: 'pi_3QbD0uLkdIwHu7ix0Q9wXyZa',
  received: '2026-12-11T17:02:09.318204+00:00',
};

/**
 * The story goes on once the store is set up: the owner adds a rate for
 * neighbouring countries, with a delivery estimate, and gives the standard
 * rate one; staff record Martín, a wholesale buyer who orders over WhatsApp
 * and is known by his phone, and block him for a while after COD parcels he
 * refused at the door.
 */
export const setupIds = {
  rateInternational: '01a269b6-1892-7b2c-8d41-c12e7c51c16d',
  chatCustomer: '01a26ad7-fdb3-7980-b969-e8c37879f396',
};

export const setupAt = {
  rateAdded: '2026-12-12T10:04:31.250118+00:00',
  rateChanged: '2026-12-12T10:06:02.913407+00:00',
  customerAdded: '2026-12-12T15:21:09.811562+00:00',
  customerChanged: '2026-12-12T15:24:47.302981+00:00',
  customerBlocked: '2026-12-14T09:40:15.660274+00:00',
  customerUnblocked: '2026-12-20T11:02:38.145730+00:00',
};

/** Martín's phone in E.164, as the API stores it. */
export const CHAT_BUYER_PHONE = '+5493415550987';

/**
 * Group buying: the owner schedules a campaign on the black hoodie in M,
 * at 44,000 pesos instead of 55,000 if ten buyers join within five days
 * (thirty at most), then moves its start a day earlier; Lucía joins once
 * it opens, paying by card, which Stripe holds until the campaign succeeds.
 */
export const campaignStory = {
  id: '01a26f3c-5a10-7c21-9e4b-3d7a1f0c8b62',
  price: 4_400_000,
  created: '2026-12-13T10:15:42.318207+00:00',
  changed: '2026-12-13T10:21:05.774130+00:00',
  startsAt: '2026-12-15T12:00:00+00:00',
  endsAt: '2026-12-20T12:00:00+00:00',
  joinOrder: '01a2781d-03c9-7b55-8a2e-6f4c0d91b7e3',
  joinOrderNumber: 'ORD-2026-000187',
  joined: '2026-12-15T13:02:17.405388+00:00',
};

/**
 * Lucía's join of that campaign, paying by card: the join places her order
 * at the campaign price, its stock held until the campaign ends and her
 * card only authorised until then.
 */
export const campaignJoinStory = {
  campaign: campaignStory.id,
  order: campaignStory.joinOrder,
  orderItem: '01a27928-e301-7014-a484-a72edd45e8f8',
  payment: '01a27928-e301-759f-8e85-5d5ffff944da',
  orderNumber: campaignStory.joinOrderNumber,
  price: campaignStory.price,
  joined: campaignStory.joined,
  ends: campaignStory.endsAt,
  intentId: 'pi_3QeK7vLkdIwHu7ix1Jn4Ca8P',
  clientSecret: 'pi_3QeK7vLkdIwHu7ix1Jn4Ca8P_secret_Wm2Yh8dTq5RbXn0sLc3Vf9KpE',
};

/**
 * Conversations: Martín, back from his block, writes on WhatsApp asking
 * whether the black hoodie comes in L; the store's WhatsApp integration
 * posts his message, and staff answer; the integration delivers the answer
 * from its `message.outbound` event.
 */
export const conversationStory = {
  inbound: '01a298b3-d556-7eab-937b-67d360d16e1d',
  outbound: '01a298b8-d848-7c86-ab4a-690de2750708',
  wamid: 'wamid.HBgNNTQ5MzQxNTU1MDk4NxUCABIYFjNFQjBDNzk5RjE3QjRBMjdFRDhBAA==',
  received: '2026-12-21T13:04:11+00:00',
  answered: '2026-12-21T13:09:40.552613+00:00',
  read: '2026-12-21T13:09:12.418022+00:00',
};

/**
 * Taxes: the owner starts selling to Spain, where prices include VAT: the
 * general 21 % IVA, and a reduced 10 % for products of the `reduced` class;
 * then corrects the reduced rate's name.
 */
export const taxStory = {
  generalRate: '01a2a0c4-7d13-7a52-9c8e-2b6f41d0e7a9',
  reducedRate: '01a2a0c6-11f8-7e04-8b3a-95c2d7e6f013',
  generalAdded: '2026-12-22T09:12:40.118254+00:00',
  reducedAdded: '2026-12-22T09:13:55.604127+00:00',
  reducedChanged: '2026-12-22T09:15:02.287310+00:00',
};
