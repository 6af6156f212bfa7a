import type { Database } from './db/client';
import type { AccessClaims } from './lib/access-tokens';
import type { MemberRole, Permission } from './lib/permissions';

/** The Workers Rate Limiting binding's interface (declared here so Node-side scripts that import this file type-check too). */
export interface RateLimiter {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

/** The part of a Cloudflare Queue producer binding the Worker uses (declared here for the same reason). */
export interface MessageQueue<Body> {
  send(body: Body, options?: { delaySeconds?: number }): Promise<void>;
  sendBatch(messages: Iterable<{ body: Body; delaySeconds?: number }>): Promise<void>;
}

/** Worker bindings: secrets and vars from wrangler.toml, `.dev.vars` or `wrangler secret put`. */
export interface Bindings {
  /** A Neon connection string; a loopback host means the local Neon-protocol server. */
  DATABASE_URL: string;
  /** HMAC secret that signs access tokens (HS256). */
  JWT_SECRET: string;
  /** `development`, `test` or `production`. */
  ENVIRONMENT?: string;
  /** Workers Rate Limiting binding (wrangler.toml `[[ratelimits]]`) for login, register and refresh. */
  AUTH_RATE_LIMITER: RateLimiter;
  /** Workers Rate Limiting binding for checkout, per client address and store. */
  CHECKOUT_RATE_LIMITER: RateLimiter;
  /**
   * Optional external identity provider (Auth0, Okta, Cognito, ...): its JWKS
   * URL, issuer and audience. When all three are set, /v1/auth/external trades
   * the provider's tokens for this API's session.
   */
  AUTH_JWKS_URL?: string;
  AUTH_JWKS_ISSUER?: string;
  AUTH_JWKS_AUDIENCE?: string;
  /**
   * 32 random bytes, base64url: the AES-GCM key that seals stores' payment
   * secrets (Stripe secret keys and webhook signing secrets) at rest. Without
   * it, stores cannot set up card payments.
   */
  PAYMENT_SECRETS_KEY?: string;
  /** Stripe's API origin; `https://api.stripe.com` unless set (the tests point it at a local stand-in). */
  STRIPE_API_BASE?: string;
  /**
   * Cloudflare Queue of outbound webhook deliveries (wrangler.toml
   * `[[queues.producers]]`); this Worker is also its consumer. A message is
   * `{ deliveryId }`: the row in `webhook_deliveries` to send.
   */
  WEBHOOK_QUEUE: MessageQueue<WebhookMessage>;
  /**
   * Cloudflare Queue of mails to send (wrangler.toml): a message is
   * `{ mailId }`, the row of `mail_messages` to render and post.
   */
  MAIL_QUEUE: MessageQueue<MailQueueMessage>;
  /** The mail API's origin, in Resend's shape; `https://api.resend.com` unless set (`npm run dev` and the tests: the mail catcher). */
  MAIL_API_URL?: string;
  /** The mail API's key (a secret). Without it no mail is sent: attempts fail and are retried. */
  MAIL_API_KEY?: string;
  /** The address mails come from; the sender's name is the store's (settings.mailSenderName, else its name). */
  MAIL_FROM?: string;
  /** `off` leaves relaying outbox events to the webhook queue to the cron alone (the tests: see http/webhook-relay.ts). */
  WEBHOOK_RELAY_ON_RESPONSE?: string;
  /** `on`: webhooks go to loopback hosts only, others fail unsent (the tests, whose endpoints name hosts that must not be reached). */
  WEBHOOK_LOOPBACK_ONLY?: string;
  /** `off` skips the in-Worker catalog cache (the Cache API layer), so every catalog read is a miss: for debugging and for the bench's miss scenarios. */
  CATALOG_CACHE?: string;
  /** Workers Rate Limiting binding for newsletter sign-ups, per client address and store. */
  NEWSLETTER_RATE_LIMITER: RateLimiter;
}

/** A message of the outbound webhook queue: which delivery to send (src/services/webhooks/). */
export interface WebhookMessage {
  deliveryId: string;
}

/** A message of the mail queue: which mail to send (src/services/mail/). */
export interface MailQueueMessage {
  mailId: string;
}

/** Per-request values that middleware puts on `c.var`. */
export interface Variables {
  requestId: string;
  db: Database;
  /** Set by a storefront catalog read (http/catalog-cache.ts): whether it was answered from the cache. */
  catalogCacheHit?: boolean;
}

export interface AppEnv {
  Bindings: Bindings;
  Variables: Variables;
}

/** Routes behind `requireUser()`: the verified access token's claims are on `c.var.user`. */
export interface UserEnv extends AppEnv {
  Variables: Variables & { user: AccessClaims };
}

/** Who acts on a store's admin API: a member with a role, or an API key with scopes. */
export type Actor =
  | { type: 'user'; id: string; role: MemberRole }
  | { type: 'api_key'; id: string; scopes: readonly Permission[] };

/** Routes behind the tenancy guard: the store the path names, and the caller authorised for it. */
export interface AdminEnv extends AppEnv {
  Variables: Variables & { store: { id: string; slug: string }; actor: Actor };
}
