import { z } from '@hono/zod-openapi';

/** `?limit=&cursor=` of every list. */
export const PageQuery = z
  .object({
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(100)
      .default(20)
      .openapi({ param: { name: 'limit', in: 'query' }, example: 20 }),
    cursor: z
      .string()
      .min(1)
      .max(2048)
      .optional()
      .openapi({ param: { name: 'cursor', in: 'query' } }),
  })
  .strict();

/** `{data, nextCursor}`: the shape of every list answer. */
export function pageSchema<T extends z.ZodType>(item: T, name: string) {
  return z.object({ data: z.array(item), nextCursor: z.string().nullable() }).openapi(name);
}
