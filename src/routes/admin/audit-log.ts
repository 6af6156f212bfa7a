import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AdminEnv } from '../../env';
import { jsonText } from '../../http/json-text';
import { pageRequest } from '../../http/pagination';
import { requires } from '../../http/tenancy';
import { validationHook } from '../../http/validation';
import { AuditPageSchema, auditPageExample } from '../../schemas/admin-identity';
import { adminProblems, jsonContent } from '../../schemas/common';
import { PageQuery } from '../../schemas/pagination';
import { StoreParams } from '../../schemas/stores';
import { listAuditLog } from '../../services/audit';

const listAuditLogRoute = createRoute({
  method: 'get',
  path: '/v1/admin/stores/{store}/audit-log',
  operationId: 'adminListAuditLog',
  tags: ['Audit'],
  summary: 'The store’s audit log',
  description:
    'Membership, role, invitation and API-key changes with their actor and request id, newest first. One round trip.',
  ...requires('audit:read'),
  request: { params: StoreParams, query: PageQuery },
  responses: {
    200: { description: 'A page of audit entries', ...jsonContent(AuditPageSchema, auditPageExample) },
    ...adminProblems,
  },
});

/** Who changed what in a store. */
export const auditLogRoutes = new OpenAPIHono<AdminEnv>({ defaultHook: validationHook }).openapi(
  listAuditLogRoute,
  async (c) => jsonText(c, await listAuditLog(c.var.db, c.var.store.id, pageRequest(c.req.valid('query')))),
);
