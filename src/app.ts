import { OpenAPIHono } from '@hono/zod-openapi';
import { buildOpenApiDocument } from '#examples';
import { requestDatabase } from './db/client';
import type { AppEnv } from './env';
import { accessLog } from './http/access-log';
import { apiCors } from './http/cors';
import { catchNonErrors, handleError, handleNotFound } from './http/error-handler';
import { requestId } from './http/request-id';
import { validationHook } from './http/validation';
import { relayAfterResponse } from './http/webhook-relay';
import { registerOpenApiComponents } from './http/openapi-document';
import { accountRecoveryRoutes } from './routes/account-recovery';
import { adminRoutes } from './routes/admin';
import { authRoutes } from './routes/auth';
import { meRoutes } from './routes/me';
import { addressRoutes } from './routes/me-addresses';
import { platformRoutes } from './routes/platform';
import { storefrontRoutes } from './routes/storefront';
import { storefrontCampaignRoutes } from './routes/storefront-campaigns';
import { storefrontCartRoutes } from './routes/storefront-carts';
import { storefrontCampaignJoinRoutes } from './routes/storefront-campaign-join';
import { storefrontCatalogRoutes } from './routes/storefront-catalog';
import { storefrontCheckoutRoutes } from './routes/storefront-checkout';
import { storefrontMarketRoutes } from './routes/storefront-markets';
import { storefrontNewsletterRoutes } from './routes/storefront-newsletter';
import { webhookRoutes } from './routes/webhooks';

export { buildOpenApiDocument };

/**
 * Builds the Worker's HTTP app: middleware, every route group and the
 * OpenAPI document. Its reference page, /docs, is a static asset (public/).
 */
export function createApp(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.use('*', requestId());
  app.use('*', accessLog());
  app.use('*', catchNonErrors());
  app.use('/v1/*', apiCors());
  app.use('/v1/*', relayAfterResponse());
  // The document too: editors, client generators and hosted references fetch it from other origins.
  app.use('/openapi.json', apiCors());
  app.use('*', async function databaseMiddleware(c, next) {
    c.set('db', requestDatabase(c.env.DATABASE_URL));
    await next();
  });

  app.route('/', platformRoutes);
  app.route('/', storefrontRoutes);
  app.route('/', storefrontCatalogRoutes);
  app.route('/', storefrontMarketRoutes);
  app.route('/', storefrontCampaignRoutes);
  app.route('/', storefrontCartRoutes);
  app.route('/', storefrontCheckoutRoutes);
  app.route('/', storefrontCampaignJoinRoutes);
  app.route('/', storefrontNewsletterRoutes);
  app.route('/', authRoutes);
  app.route('/', accountRecoveryRoutes);
  app.route('/', meRoutes);
  app.route('/', addressRoutes);
  app.route('/', adminRoutes);
  app.route('/', webhookRoutes);
  registerOpenApiComponents(app);

  // Deployed (and under `npm run dev`), public/openapi.json, the document with its examples, is answered
  // before the Worker runs. This route answers it in the tests, where the generator and examples are real;
  // the bundle stubs the generator out (src/docs/no-openapi-generator.ts), so where the asset was not
  // written it is a 404 like any unknown path.
  let openApiDocument: ReturnType<typeof buildOpenApiDocument> | undefined;
  const document = () => (openApiDocument ??= buildOpenApiDocument(app));
  app.get('/openapi.json', (c) => {
    try {
      return c.json(document());
    } catch {
      return handleNotFound(c);
    }
  });

  app.notFound(handleNotFound);
  app.onError(handleError);
  return app;
}
