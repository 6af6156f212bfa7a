import type { z } from '@hono/zod-openapi';

/** A page of `item`s as the API answers it, for typing examples. */
export type PageOf<T extends z.ZodType> = { data: z.output<T>[]; nextCursor: string | null };

/** A last (and only) page of these items, for examples. */
export const pageExample = <T>(...data: T[]) => ({ data, nextCursor: null });
