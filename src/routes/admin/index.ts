import { OpenAPIHono } from '@hono/zod-openapi';
import type { AdminEnv } from '../../env';
import { validationHook } from '../../http/validation';
import { apiKeyRoutes } from './api-keys';
import { auditLogRoutes } from './audit-log';
import { campaignCancelRoutes } from './campaign-cancel';
import { campaignRoutes } from './campaigns';
import { categoryRoutes } from './categories';
import { conversationRoutes } from './conversations';
import { customerRoutes } from './customers';
import { eventRoutes } from './events';
import { imageRoutes } from './images';
import { inventoryRoutes } from './inventory';
import { marketRoutes } from './markets';
import { memberRoutes } from './members';
import { newsletterRoutes } from './newsletter';
import { optionRoutes } from './options';
import { orderRoutes } from './orders';
import { paymentRoutes } from './payments';
import { promotionRoutes } from './promotions';
import { refundRoutes } from './refunds';
import { shipmentRoutes } from './shipments';
import { shippingRateRoutes } from './shipping-rates';
import { storeRoutes } from './store';
import { stripeAccountRoutes } from './stripe-account';
import { taxRateRoutes } from './tax-rates';
import { productRoutes } from './products';
import { variantRoutes } from './variants';
import { webhookEndpointRoutes } from './webhook-endpoints';
import { webhookEventRoutes } from './webhook-events';

/**
 * Every admin route, all under `/v1/admin/stores/{store}/` and each behind
 * the tenancy guard (`requires(...)` in its contract). The security suite in
 * test/worker/admin-security.test.ts finds them through the OpenAPI document.
 */
export const adminRoutes = new OpenAPIHono<AdminEnv>({ defaultHook: validationHook })
  .route('/', memberRoutes)
  .route('/', apiKeyRoutes)
  .route('/', auditLogRoutes)
  .route('/', productRoutes)
  .route('/', variantRoutes)
  .route('/', imageRoutes)
  .route('/', optionRoutes)
  .route('/', categoryRoutes)
  .route('/', inventoryRoutes)
  .route('/', orderRoutes)
  .route('/', paymentRoutes)
  .route('/', stripeAccountRoutes)
  .route('/', refundRoutes)
  .route('/', shipmentRoutes)
  .route('/', customerRoutes)
  .route('/', newsletterRoutes)
  .route('/', conversationRoutes)
  .route('/', webhookEventRoutes)
  .route('/', webhookEndpointRoutes)
  .route('/', eventRoutes)
  .route('/', shippingRateRoutes)
  .route('/', taxRateRoutes)
  .route('/', marketRoutes)
  .route('/', campaignRoutes)
  .route('/', campaignCancelRoutes)
  .route('/', promotionRoutes)
  .route('/', storeRoutes);
