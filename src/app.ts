import { OpenAPIHono } from '@hono/zod-openapi';
import { getDatabase } from './db/client';
import type { AppEnv } from './env';
import { apiCors } from './http/cors';
import { renderDocsPage } from './http/docs-page';
import { catchNonErrors, handleError, handleNotFound } from './http/error-handler';
import { requestId } from './http/request-id';
import { validationHook } from './http/validation';
import { USER_TOKEN_SCHEME, API_KEY_SCHEME } from './http/tenancy';
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

const API_INFO = {
  title: 'Edge Commerce API',
  version: '0.1.0',
  description: 'A headless commerce backend at the edge: storefront, admin and payment webhook APIs for many stores.',
};

/** Builds the Worker's HTTP app: middleware, every route group, the OpenAPI document and its reference page. */
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

  let openApiDocument: ReturnType<typeof app.getOpenAPI31Document> | undefined;
  const document = () => (openApiDocument ??= app.getOpenAPI31Document({ openapi: '3.1.0', info: API_INFO }));
  app.get('/openapi.json', (c) => c.json(document()));
  app.get('/docs', (c) => c.html(renderDocsPage(document())));

  app.notFound(handleNotFound);
  app.onError(handleError);
  return app;
}
