import { z } from '@hono/zod-openapi';
import { EVENT_TYPES } from '../lib/event-topics';
import { PageQuery } from './pagination';

/** The topics a `types` filter names: each a topic (`order.paid`) or a family of them (`order.*`); none for an unknown name. */
export function topicsOf(filter: string): string[] {
  const topics = new Set<string>();
  for (const name of filter.split(',').map((part) => part.trim())) {
    const family = name.endsWith('.*') ? name.slice(0, -1) : undefined;
    const named = EVENT_TYPES.filter((type) => (family ? type.startsWith(family) : type === name));
    if (named.length === 0) return [];
    for (const topic of named) topics.add(topic);
  }
  return [...topics];
}

/** `?types=order.*,payment.succeeded`, each name checked against the topics the API publishes. */
const TypesFilter = z
  .string()
  .min(1)
  .max(1000)
  .refine((filter) => topicsOf(filter).length > 0, {
    message: 'Comma-separated event types (`order.paid`) or families (`order.*`) that this API publishes.',
  })
  .optional()
  .openapi({
    param: { name: 'types', in: 'query' },
    example: 'order.*,payment.succeeded',
  });

export const EventFeedQuery = z
  .object({
    types: TypesFilter,
    after: PageQuery.shape.cursor.openapi({
      param: { name: 'after', in: 'query' },
    }),
    limit: PageQuery.shape.limit,
  })
  .strict();

export const EventSchema = z
  .object({
    id: z.uuid(),
    type: z.string().openapi({ example: 'order.paid' }),
    createdAt: z.iso.datetime(),
    data: z.record(z.string(), z.unknown()),
  })
  .openapi('Event');

export const EventFeedPageSchema = z
  .object({
    data: z.array(EventSchema),
    nextCursor: z.string(),
  })
  .openapi('EventFeedPage');
