import { z } from '@hono/zod-openapi';
import { problemStatus } from '../http/problem';

/** RFC 9457 problem details, the body of every error response. */
export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: '/docs#problem-not_found' }),
    title: z.string().openapi({ example: 'Not found' }),
    status: z.number().int().openapi({ example: 404 }),
    detail: z.string(),
    code: z.enum(Object.keys(problemStatus) as [keyof typeof problemStatus, ...(keyof typeof problemStatus)[]]),
    instance: z.string().openapi({ example: 'urn:request:0193b5d2-7f3a-7c4e-9a41-8d3e2f1b6c5a' }),
    errors: z.array(z.object({ path: z.string().optional(), message: z.string().optional() }).passthrough()).optional(),
  })
  .openapi('Problem');
