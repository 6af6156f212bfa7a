import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AdminEnv } from '../../env';
import { jsonText } from '../../http/json-text';
import { pageRequest } from '../../http/pagination';
import { auditContext, requires } from '../../http/tenancy';
import { validationHook } from '../../http/validation';
import { ApiKeyPageSchema, ApiKeyParams, CreateApiKeyBody, CreatedApiKeySchema } from '../../schemas/admin-identity';
import { examples, documenting } from '#examples';
import { adminProblems, jsonContent } from '../../schemas/common';
import { PageQuery } from '../../schemas/pagination';
import { StoreParams } from '../../schemas/stores';
import { createApiKey, listApiKeys, revokeApiKey } from '../../services/api-keys';

const tags = documenting && ['API keys'];

const listKeysRoute = createRoute({
  method: 'get',
  path: '/v1/admin/stores/{store}/api-keys',
  operationId: documenting && 'adminListApiKeys',
  tags,
  ...requires('api_keys:read'),
  request: { params: StoreParams, query: PageQuery },
  responses: documenting && {
    200: { description: 'A page of keys', ...jsonContent(ApiKeyPageSchema, examples.apiKeyPage) },
    ...adminProblems,
  },
});

const createKeyRoute = createRoute({
  method: 'post',
  path: '/v1/admin/stores/{store}/api-keys',
  operationId: documenting && 'adminCreateApiKey',
  tags,
  ...requires('api_keys:write'),
  request: {
    params: StoreParams,
    body: { required: true, ...jsonContent(CreateApiKeyBody, documenting && examples.createApiKey) },
  },
  responses: documenting && {
    201: { description: 'The key and its secret', ...jsonContent(CreatedApiKeySchema, examples.createdApiKey) },
    ...adminProblems,
  },
});

const revokeKeyRoute = createRoute({
  method: 'delete',
  path: '/v1/admin/stores/{store}/api-keys/{keyId}',
  operationId: documenting && 'adminRevokeApiKey',
  tags,
  ...requires('api_keys:write'),
  request: { params: ApiKeyParams },
  responses: documenting && { 204: { description: 'Revoked' }, ...adminProblems },
});

/** A store's API keys, for integrations. */
export const apiKeyRoutes = new OpenAPIHono<AdminEnv>({ defaultHook: validationHook })
  .openapi(listKeysRoute, async (c) =>
    jsonText(c, await listApiKeys(c.var.db, c.var.store.id, pageRequest(c.req.valid('query')))),
  )
  .openapi(createKeyRoute, async (c) => {
    const { expiresAt, ...input } = c.req.valid('json');
    const created = await createApiKey(c.var.db, auditContext(c), {
      ...input,
      expiresAt: expiresAt ? new Date(expiresAt) : undefined,
    });
    return c.json(created, 201);
  })
  .openapi(revokeKeyRoute, async (c) => {
    await revokeApiKey(c.var.db, auditContext(c), c.req.valid('param').keyId);
    return c.body(null, 204);
  });
