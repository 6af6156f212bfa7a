import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AdminEnv } from '../../env';
import { jsonText } from '../../http/json-text';
import { pageRequest } from '../../http/pagination';
import { auditContext, requires } from '../../http/tenancy';
import { validationHook } from '../../http/validation';
import { examples, documenting } from '#examples';
import { adminProblems, jsonContent } from '../../schemas/common';
import { SubscriberExportQuery, SubscriberListQuery, SubscriberParams } from '../../schemas/newsletter';
import { pageSchema } from '../../schemas/pagination';
import { StoreParams } from '../../schemas/stores';
import {
  getSubscriber,
  listSubscribers,
  subscriberView,
  unsubscribeSubscriber,
} from '../../services/newsletter/admin-subscribers';
import { subscriberCsv } from '../../services/newsletter/export';

const tags = documenting && ['Newsletter'];
const base = '/v1/admin/stores/{store}/newsletter/subscribers';

const listRoute = createRoute({
  method: 'get',
  path: base,
  operationId: documenting && 'adminListNewsletterSubscribers',
  tags,
  ...requires('newsletter:read'),
  request: { params: StoreParams, query: SubscriberListQuery },
  responses: documenting && {
    200: {
      description: 'A page of subscribers',
      ...jsonContent(pageSchema(subscriberView.schema, 'NewsletterSubscriberPage'), examples.newsletterSubscriberPage),
    },
    ...adminProblems,
  },
});

const exportRoute = createRoute({
  method: 'get',
  path: `${base}.csv`,
  operationId: documenting && 'adminExportNewsletterSubscribers',
  tags,
  ...requires('newsletter:read'),
  request: { params: StoreParams, query: SubscriberExportQuery },
  responses: documenting && {
    200: {
      description: 'The subscribers, streamed',
      content: { 'text/csv': { schema: z.string(), example: examples.newsletterCsv } },
    },
    ...adminProblems,
  },
});

const getRoute = createRoute({
  method: 'get',
  path: `${base}/{subscriberId}`,
  operationId: documenting && 'adminGetNewsletterSubscriber',
  tags,
  description: documenting && 'One round trip.',
  ...requires('newsletter:read'),
  request: { params: SubscriberParams },
  responses: documenting && {
    200: { description: 'The subscriber', ...jsonContent(subscriberView.schema, examples.newsletterSubscriber) },
    ...adminProblems,
  },
});

const unsubscribeRoute = createRoute({
  method: 'post',
  path: `${base}/{subscriberId}/unsubscribe`,
  operationId: documenting && 'adminUnsubscribeNewsletterSubscriber',
  tags,
  ...requires('newsletter:write'),
  request: { params: SubscriberParams },
  responses: documenting && {
    200: {
      description: 'The subscriber, unsubscribed',
      ...jsonContent(subscriberView.schema, examples.unsubscribedNewsletterSubscriber),
    },
    ...adminProblems,
  },
});

/** The store's newsletter list, as staff read, export and prune it. */
export const newsletterRoutes = new OpenAPIHono<AdminEnv>({ defaultHook: validationHook })
  .openapi(listRoute, async (c) => {
    const { limit, cursor, ...filters } = c.req.valid('query');
    return jsonText(c, await listSubscribers(c.var.db, c.var.store.id, filters, pageRequest({ limit, cursor })));
  })
  .openapi(exportRoute, async (c) => {
    const csv = await subscriberCsv(c.var.db, c.var.store.id, c.req.valid('query'));
    const filename = `newsletter-${c.var.store.slug}-${new Date().toISOString().slice(0, 10)}.csv`;
    return c.body(csv, 200, {
      'Content-Type': 'text/csv; charset=utf-8; header=present',
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'no-store',
    });
  })
  .openapi(getRoute, async (c) =>
    jsonText(c, await getSubscriber(c.var.db, c.var.store.id, c.req.valid('param').subscriberId)),
  )
  .openapi(unsubscribeRoute, async (c) =>
    jsonText(c, await unsubscribeSubscriber(c.var.db, auditContext(c), c.req.valid('param').subscriberId)),
  );
