import type { z } from '@hono/zod-openapi';
import type { EventFeedPageSchema } from '../../schemas/events';
import { amounts, ids, ORDER_NUMBER } from './story';

/** Whole-body examples of src/schemas/events.ts, for the OpenAPI document (the story is in story.ts). */

/** A poller's answer: the story's order was paid; poll again with `nextCursor`. */
export const eventFeedPage = {
  data: [
    {
      id: '01a22b4e-1f3a-7c21-9d0e-5b8a6c4f2e17',
      type: 'order.paid',
      createdAt: '2026-11-29T12:05:41.208Z',
      data: { orderId: ids.order, number: ORDER_NUMBER, total: amounts.total },
    },
  ],
  nextCursor: 'eyJpZCI6IjAxYTIyYjRlLTFmM2EtN2MyMS05ZDBlLTViOGE2YzRmMmUxNyIsInNvcnQiOiJ0eGlkIiwidmFsdWUiOiI4ODQyMTcifQ',
} satisfies z.output<typeof EventFeedPageSchema>;
