import { createRoute, OpenAPIHono, type z } from '@hono/zod-openapi';
import type { AdminEnv } from '../../env';
import { purgeStoreCatalog } from '../../http/catalog-cache';
import { jsonText } from '../../http/json-text';
import { auditContext, requires } from '../../http/tenancy';
import { validationHook } from '../../http/validation';
import { adminProblems, jsonContent, problemResponses } from '../../schemas/common';
import { examples, documenting } from '#examples';
import { type AdminStoreSchema, CloseStoreBody, StoreChangeBody, StoreParams } from '../../schemas/stores';
import { changeStore } from '../../services/store-changes';
import { moveStoreStatus } from '../../services/store-status';
import { adminStoreView, getAdminStore } from '../../services/stores';

const tags = documenting && ['Store'];
const path = '/v1/admin/stores/{store}';

const storeAnswer = (example: z.output<typeof AdminStoreSchema>) => ({
  description: documenting && 'The store',
  ...jsonContent(adminStoreView.schema, example),
});

const getStoreRoute = createRoute({
  method: 'get',
  path,
  operationId: documenting && 'adminGetStore',
  tags,
  ...requires('store:read'),
  request: { params: StoreParams },
  responses: documenting && { 200: storeAnswer(examples.adminStore), ...adminProblems },
});

const updateStoreRoute = createRoute({
  method: 'patch',
  path,
  operationId: documenting && 'adminUpdateStore',
  tags,
  ...requires('store:write'),
  request: {
    params: StoreParams,
    body: { required: true, ...jsonContent(StoreChangeBody, documenting && examples.storeChange) },
  },
  responses: documenting && {
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

const statusProblems =
  documenting &&
  problemResponses({
    409: '`invalid_transition`: the store is suspended or archived, which only the platform lifts',
  });

const closeStoreRoute = createRoute({
  method: 'post',
  path: `${path}/close`,
  operationId: documenting && 'adminCloseStore',
  tags,
  ...requires('store:close'),
  request: {
    params: StoreParams,
    body: { required: false, ...jsonContent(CloseStoreBody, documenting && examples.closeStore) },
  },
  responses: documenting && { 200: storeAnswer(examples.closedStore), ...adminProblems, ...statusProblems },
});

const reopenStoreRoute = createRoute({
  method: 'post',
  path: `${path}/reopen`,
  operationId: documenting && 'adminReopenStore',
  tags,
  ...requires('store:close'),
  request: { params: StoreParams },
  responses: documenting && { 200: storeAnswer(examples.adminStore), ...adminProblems, ...statusProblems },
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
