import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AdminEnv } from '../../env';
import { jsonText } from '../../http/json-text';
import { pageRequest } from '../../http/pagination';
import { requires } from '../../http/tenancy';
import { validationHook } from '../../http/validation';
import { AuditLogQuery, AuditPageSchema } from '../../schemas/admin-identity';
import { examples, documenting } from '#examples';
import { adminProblems, jsonContent } from '../../schemas/common';
import { StoreParams } from '../../schemas/stores';
import { listAuditLog } from '../../services/audit';

const listAuditLogRoute = createRoute({
  method: 'get',
  path: '/v1/admin/stores/{store}/audit-log',
  operationId: documenting && 'adminListAuditLog',
  tags: ['Audit'],
  ...requires('audit:read'),
  request: { params: StoreParams, query: AuditLogQuery },
  responses: documenting && {
    200: { description: 'A page of audit entries', ...jsonContent(AuditPageSchema, examples.auditPage) },
    ...adminProblems,
  },
});

/** Who changed what in a store. */
export const auditLogRoutes = new OpenAPIHono<AdminEnv>({ defaultHook: validationHook }).openapi(
  listAuditLogRoute,
  async (c) => {
    const { limit, cursor, ...filters } = c.req.valid('query');
    return jsonText(c, await listAuditLog(c.var.db, c.var.store.id, filters, pageRequest({ limit, cursor })));
  },
);
