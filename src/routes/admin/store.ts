import { createRoute, OpenAPIHono, type z } from '@hono/zod-openapi';
import type { AdminEnv } from '../../env';
import { purgeStoreCatalog } from '../../http/catalog-cache';
import { jsonText } from '../../http/json-text';
import { auditContext, requires } from '../../http/tenancy';
import { validationHook } from '../../http/validation';
import { adminProblems, jsonContent, problemResponses } from '../../schemas/common';
import { examples } from '#examples';
import { type AdminStoreSchema, CloseStoreBody, StoreChangeBody, StoreParams } from '../../schemas/stores';
import { changeStore } from '../../services/store-changes';
import { moveStoreStatus } from '../../services/store-status';
import { adminStoreView, getAdminStore } from '../../services/stores';

const tags = ['Store'];
const path = '/v1/admin/stores/{store}';

const storeAnswer = (example: z.output<typeof AdminStoreSchema>) => ({
  description: 'The store',
  ...jsonContent(adminStoreView.schema, example),
});

const getStoreRoute = createRoute({
  method: 'get',
  path,
  operationId: 'adminGetStore',
  tags,
  summary: 'The store',
  description:
    'Its profile, status and settings as they apply (a setting never set answers its default), and the payment methods checkout offers now. The Stripe keys are never answered. One round trip.',
  ...requires('store:read'),
  request: { params: StoreParams },
  responses: { 200: storeAnswer(examples.adminStore), ...adminProblems },
});

const updateStoreRoute = createRoute({
  method: 'patch',
  path,
  operationId: 'adminUpdateStore',
  tags,
  summary: 'Change the profile or settings',
  description:
    'Profile fields given replace theirs (nullable ones clear with null). In `settings`, a key given replaces its value, a key given as null is removed so its default applies again, and a key left out stays. Listing `bank_transfer` or `zelle` needs its instructions, `card` a Stripe account (422 otherwise). The currency changes only while the store has no prices and no orders (409 otherwise); its shipping rates follow. Audited as `store.updated` with the changed fields only; the storefront’s cached pages are purged. A change that changes nothing answers the store and audits nothing. One round trip.',
  ...requires('store:write'),
  request: { params: StoreParams, body: { required: true, ...jsonContent(StoreChangeBody, examples.storeChange) } },
  responses: {
    200: storeAnswer(examples.adminStore),
    ...adminProblems,
    ...problemResponses({
      409: {
        description: '`conflict`: the currency cannot change once the store has prices or orders',
        example: examples.currencyLocked,
      },
    }),
  },
});

const statusProblems = problemResponses({
  409: '`invalid_transition`: the store is suspended or archived, which only the platform lifts',
});

const closeStoreRoute = createRoute({
  method: 'post',
  path: `${path}/close`,
  operationId: 'adminCloseStore',
  tags,
  summary: 'Close the store',
  description:
    'The storefront goes dark: the store’s profile, catalog, carts, checkout and buyers’ order pages answer 404, and its cached pages are purged. Staff and API keys keep the admin, and payments of its orders still settle. Closing a closed store answers it as it is. Audited as `store.closed`, with the reason. Owner only. One round trip.',
  ...requires('store:close'),
  request: {
    params: StoreParams,
    body: { required: false, ...jsonContent(CloseStoreBody, examples.closeStore) },
  },
  responses: { 200: storeAnswer(examples.closedStore), ...adminProblems, ...statusProblems },
});

const reopenStoreRoute = createRoute({
  method: 'post',
  path: `${path}/reopen`,
  operationId: 'adminReopenStore',
  tags,
  summary: 'Reopen a closed store',
  description:
    'The storefront answers again. Reopening an active store answers it as it is. Audited as `store.reopened`. Owner only. One round trip.',
  ...requires('store:close'),
  request: { params: StoreParams },
  responses: { 200: storeAnswer(examples.adminStore), ...adminProblems, ...statusProblems },
});

/** The store itself: its profile and settings, and whether it is open. */
export const storeRoutes = new OpenAPIHono<AdminEnv>({ defaultHook: validationHook })
  .openapi(getStoreRoute, async (c) => jsonText(c, await getAdminStore(c.var.db, c.var.store.id)))
  .openapi(updateStoreRoute, async (c) => {
    const { store, changed } = await changeStore(c.var.db, auditContext(c), c.req.valid('json'));
    if (changed) await purgeStoreCatalog(c);
    return jsonText(c, store);
  })
  .openapi(closeStoreRoute, async (c) => {
    const { reason } = c.req.valid('json') ?? {};
    const { store, changed } = await moveStoreStatus(c.var.db, auditContext(c), 'close', reason);
    if (changed) await purgeStoreCatalog(c);
    return jsonText(c, store);
  })
  .openapi(reopenStoreRoute, async (c) => {
    const { store, changed } = await moveStoreStatus(c.var.db, auditContext(c), 'reopen');
    if (changed) await purgeStoreCatalog(c);
    return jsonText(c, store);
  });
