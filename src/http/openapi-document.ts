import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../env';
import { ProblemSchema } from '../schemas/common';
import { API_KEY_SCHEME, USER_TOKEN_SCHEME } from './security';

/** Registers what operations refer to by name: the problem schema and the two bearer schemes. */
export function registerOpenApiComponents(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.register('Problem', ProblemSchema);
  app.openAPIRegistry.registerComponent('securitySchemes', USER_TOKEN_SCHEME, {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'A user’s access token from /v1/auth/login, /register or /refresh. Its claims carry the user’s store roles.',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', API_KEY_SCHEME, {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'ck_<prefix>.<secret>',
    description: 'A store’s API key, for server-to-server admin calls. Its scopes are the permissions it holds.',
  });
}
