import { OpenAPIHono } from '@hono/zod-openapi';
import { getDatabase } from './db/client';
import type { AppEnv } from './env';
import { apiCors } from './http/cors';
import { catchNonErrors, handleError, handleNotFound } from './http/error-handler';
import { requestId } from './http/request-id';
import { validationHook } from './http/validation';
import { USER_TOKEN_SCHEME, API_KEY_SCHEME } from './http/tenancy';
import { API_INFO } from './lib/api-info';
import { problemTypes } from './lib/api-error';
import { adminRoutes } from './routes/admin';
import { authRoutes } from './routes/auth';
import { meRoutes } from './routes/me';
import { addressRoutes } from './routes/me-addresses';
import { platformRoutes } from './routes/platform';
import { storefrontRoutes } from './routes/storefront';
import { storefrontCartRoutes } from './routes/storefront-carts';
import { storefrontCatalogRoutes } from './routes/storefront-catalog';
import { storefrontCheckoutRoutes } from './routes/storefront-checkout';
import { webhookRoutes } from './routes/webhooks';
import { ProblemSchema } from './schemas/common';

type OpenApiDocument = ReturnType<OpenAPIHono<AppEnv>['getOpenAPI31Document']>;

/**
 * Any operation may meet a database outage, which every route answers the
 * same way (http/error-handler.ts): so the 503 is declared once, here, on
 * every operation of the document, rather than on each route.
 */
function withOutageAnswers(document: OpenApiDocument): OpenApiDocument {
  const outage = {
    description:
      '`service_unavailable`: the database cannot be reached right now. Retry after `Retry-After` seconds (checkout with the same `Idempotency-Key`).',
    headers: { 'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } } },
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  };
  for (const operations of Object.values(document.paths ?? {})) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = operations?.[method];
      if (operation?.responses && !operation.responses['503']) operation.responses['503'] = outage;
    }
  }
  return document;
}

/**
 * Every problem code with its status and title, as a section of the
 * document's description: the reference at /docs shows it in its
 * introduction, and sends a problem's `type` (`/docs#problem-<code>`) there.
 */
function problemTypesMarkdown(): string {
  const rows = problemTypes().map(({ code, status, title }) => `| \`${code}\` | ${status} | ${title} |`);
  return [
    '## Problem types',
    'Every error is `application/problem+json` (RFC 9457) with a stable `code`; `instance` carries the request id, also sent as `X-Request-Id`.',
    ['| code | status | title |', '| --- | --- | --- |', ...rows].join('\n'),
  ].join('\n\n');
}

/** The OpenAPI document of an app made by `createApp()`, as `/openapi.json` serves it. */
export function buildOpenApiDocument(app: OpenAPIHono<AppEnv>): OpenApiDocument {
  return withOutageAnswers(
    app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: { ...API_INFO, description: `${API_INFO.description}\n\n${problemTypesMarkdown()}` },
      // Relative: the reference at /docs sends its try-it requests to the origin that served it.
      servers: [{ url: '/', description: 'This deployment' }],
    }),
  );
}

/**
 * Builds the Worker's HTTP app: middleware, every route group and the
 * OpenAPI document. Its reference page, /docs, is a static asset (public/).
 */
export function createApp(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.use('*', requestId());
  app.use('*', catchNonErrors());
  app.use('/v1/*', apiCors());
  app.use('*', async function databaseMiddleware(c, next) {
    c.set('db', getDatabase(c.env.DATABASE_URL));
    await next();
  });

  app.route('/', platformRoutes);
  app.route('/', storefrontRoutes);
  app.route('/', storefrontCatalogRoutes);
  app.route('/', storefrontCartRoutes);
  app.route('/', storefrontCheckoutRoutes);
  app.route('/', authRoutes);
  app.route('/', meRoutes);
  app.route('/', addressRoutes);
  app.route('/', adminRoutes);
  app.route('/', webhookRoutes);
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

  let openApiDocument: OpenApiDocument | undefined;
  const document = () => (openApiDocument ??= buildOpenApiDocument(app));
  app.get('/openapi.json', (c) => c.json(document()));

  app.notFound(handleNotFound);
  app.onError(handleError);
  return app;
}
