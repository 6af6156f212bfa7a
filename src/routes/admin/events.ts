import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AdminEnv } from '../../env';
import { jsonText } from '../../http/json-text';
import { cursorPosition } from '../../http/pagination';
import { requires } from '../../http/tenancy';
import { validationHook } from '../../http/validation';
import { examples, registerEventWebhooks, documenting } from '#examples';
import { adminProblems, jsonContent } from '../../schemas/common';
import { EventFeedPageSchema, EventFeedQuery, topicsOf } from '../../schemas/events';
import { StoreParams } from '../../schemas/stores';
import { feedPosition, readEventFeed } from '../../services/webhooks/feed';

const listEventsRoute = createRoute({
  method: 'get',
  path: '/v1/admin/stores/{store}/events',
  operationId: documenting && 'adminListEvents',
  tags: ['Events'],
  ...requires('webhooks:read'),
  request: { params: StoreParams, query: EventFeedQuery },
  responses: documenting && {
    200: { description: 'The next events', ...jsonContent(EventFeedPageSchema, examples.eventFeedPage) },
    ...adminProblems,
  },
});

/** The store's events in commit-safe order, for pollers; and the document's webhooks section, what endpoints receive. */
export const eventRoutes = new OpenAPIHono<AdminEnv>({ defaultHook: validationHook }).openapi(
  listEventsRoute,
  async (c) => {
    const { types, after, limit } = c.req.valid('query');
    const position = feedPosition(after === undefined ? undefined : cursorPosition(after));
    return jsonText(
      c,
      await readEventFeed(c.var.db, c.var.store.id, {
        after: position,
        types: types ? topicsOf(types) : undefined,
        limit,
      }),
    );
  },
);
registerEventWebhooks(eventRoutes.openAPIRegistry);
