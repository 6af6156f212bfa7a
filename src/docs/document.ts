import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../env';
import { problemTypes } from '../lib/api-error';
import { API_INFO } from '../lib/api-info';
import { CAMPAIGN_JOIN_ALTERNATIVES } from '../schemas/campaign-join';
import { CHECKOUT_ALTERNATIVES } from '../schemas/checkout';

/**
 * The OpenAPI document as `/openapi.json` serves it: the generator's output
 * with the introduction, the tags and their groups, the 503 and the
 * permission every operation states. Node builds it (`npm run openapi`,
 * scripts/docs-assets.ts) and the tests read it from the Worker under test;
 * the deployed Worker has no generator (src/docs/no-openapi-generator.ts),
 * so it reaches this module through `#examples`, stubbed out there too.
 */

export type OpenApiDocument = ReturnType<OpenAPIHono<AppEnv>['getOpenAPI31Document']>;
type JsonSchema = Record<string, unknown> & { properties?: Record<string, unknown>; required?: string[] };

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

/** The document's introduction: what the API is, how to try it, and its problem types. */
const describeApi = () =>
  [
    API_INFO.description,
    'Try it: the demo store is `balsamoa` (`npm run dev` seeds it). Admin calls need a staff access token from `POST /v1/auth/login` (the demo owner is `owner@balsamoa.test`, password `demo-password-123`) or an API key.',
    problemTypesMarkdown(),
  ].join('\n\n');

/** Tags in the order the reference lists them, each with what its operations are for. */
const TAGS: { name: string; description: string }[] = [
  { name: 'Platform', description: 'The service itself: health and links.' },
  { name: 'Storefront', description: 'A store’s public profile.' },
  {
    name: 'Storefront catalog',
    description: 'Products, categories and shipping rates as shoppers see them. Cached at the edge.',
  },
  {
    name: 'Storefront carts',
    description: 'Carts of guests (opened by their `X-Cart-Token`) and signed-in customers.',
  },
  { name: 'Storefront checkout', description: 'Placing an order, and reading it back as its buyer.' },
  {
    name: 'Storefront campaigns',
    description:
      'Group-buying campaigns open to join, their progress, and joining one (an order at the campaign price).',
  },
  {
    name: 'Identity',
    description: 'Accounts, sessions, stores a user owns, and a customer’s own orders and addresses.',
  },
  {
    name: 'Store',
    description: 'The store’s profile and settings (payment methods, tax, reservations, caching), and closing it.',
  },
  { name: 'Shipping rates', description: 'The rates checkout offers, by country, with free-over thresholds.' },
  { name: 'Markets', description: 'Where the store sells in which currency and tax mode, by country.' },
  { name: 'Tax rates', description: 'Tax rates by country, region and product tax class.' },
  {
    name: 'Promotions',
    description: 'Discount codes and automatic promotions, their conditions, limits and usage.',
  },
  { name: 'Members', description: 'A store’s staff and the invitations to join it.' },
  { name: 'API keys', description: 'Keys for server-to-server admin calls, each with the permissions it holds.' },
  { name: 'Audit', description: 'Who changed what in a store.' },
  { name: 'Catalog: products', description: 'Products as staff manage them.' },
  { name: 'Catalog: variants and prices', description: 'Variants of a product and their versioned prices.' },
  { name: 'Catalog: images', description: 'A product’s images and their order.' },
  { name: 'Catalog: options', description: 'Option types (size, colour, ...) and their values.' },
  { name: 'Catalog: categories', description: 'The category tree.' },
  { name: 'Inventory', description: 'Stock levels, adjustments and the stock ledger that proves them.' },
  { name: 'Orders', description: 'Orders as staff see them, and their lifecycle.' },
  { name: 'Payments', description: 'Payments, their confirmation, refunds and the store’s Stripe account.' },
  { name: 'Shipments', description: 'Shipping an order and tracking it.' },
  { name: 'Customers', description: 'The store’s customers.' },
  {
    name: 'Campaigns',
    description: 'Group buying: a variant at a lower price if enough shoppers join before the end; settled by itself.',
  },
  {
    name: 'Storefront newsletter',
    description: 'The newsletter box of a storefront: sign up (double opt-in by email), confirm, leave in one click.',
  },
  { name: 'Newsletter', description: 'The store’s newsletter subscribers: list, export as CSV, unsubscribe.' },
  {
    name: 'Conversations',
    description:
      'Chat with customers on WhatsApp, Telegram, Discord, ...: integrations post what arrives, staff answer, threads per customer.',
  },
  { name: 'Webhooks', description: 'Events payment providers send to the API, and the log of what they sent.' },
  {
    name: 'Webhook endpoints',
    description:
      'URLs of the store’s integrations that receive its events, signed per Standard Webhooks, and their deliveries.',
  },
  { name: 'Events', description: 'The store’s event feed, which a poller follows without missing one.' },
];

/** Groups of tags, for references that show a two-level menu (Scalar, Redoc). */
const TAG_GROUPS = [
  {
    name: 'Storefront',
    tags: [
      'Storefront',
      'Storefront catalog',
      'Storefront carts',
      'Storefront checkout',
      'Storefront campaigns',
      'Storefront newsletter',
    ],
  },
  { name: 'Accounts', tags: ['Identity'] },
  {
    name: 'Admin',
    tags: [
      'Store',
      'Shipping rates',
      'Markets',
      'Tax rates',
      'Promotions',
      'Members',
      'API keys',
      'Audit',
      'Catalog: products',
      'Catalog: variants and prices',
      'Catalog: images',
      'Catalog: options',
      'Catalog: categories',
      'Inventory',
      'Orders',
      'Payments',
      'Shipments',
      'Customers',
      'Campaigns',
      'Newsletter',
      'Conversations',
      'Webhook endpoints',
      'Events',
    ],
  },
  { name: 'Service', tags: ['Platform', 'Webhooks'] },
];

type Operation = NonNullable<NonNullable<OpenApiDocument['paths']>[string]['get']> & { 'x-permission'?: string };

function eachOperation(document: OpenApiDocument, visit: (operation: Operation) => void): void {
  for (const item of Object.values(document.paths ?? {})) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item?.[method];
      if (operation) visit(operation as Operation);
    }
  }
}

/**
 * Any operation may meet a database outage, which every route answers the
 * same way (http/error-handler.ts): so the 503 is declared once, here, on
 * every operation of the document, rather than on each route.
 */
function declareOutage(operation: Operation): void {
  if (!operation.responses || operation.responses['503']) return;
  operation.responses['503'] = {
    description:
      '`service_unavailable`: the database cannot be reached right now. Retry after `Retry-After` seconds (checkout with the same `Idempotency-Key`).',
    headers: { 'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } } },
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  };
}

/** An admin operation says in words which permission it needs (`x-permission`, from `requires()`). */
function describePermission(operation: Operation): void {
  const permission = operation['x-permission'];
  if (!permission) return;
  const needs = `Needs the \`${permission}\` permission (a staff role that grants it, or an API key holding it).`;
  operation.description = operation.description ? `${operation.description}\n\n${needs}` : needs;
}

/**
 * Rewrites an object schema whose properties come in mutually exclusive
 * groups (validated by the zod schema's refinement) as `allOf` the common
 * properties and one `oneOf` per choice, so that generated clients type each
 * alternative rather than making every field optional.
 */
function withAlternatives(schema: JsonSchema, choices: readonly (readonly (readonly string[])[])[]): JsonSchema {
  const properties = schema.properties ?? {};
  const required = schema.required ?? [];
  const pick = (names: readonly string[], requiredName?: string): JsonSchema => ({
    type: 'object',
    properties: Object.fromEntries(names.map((name) => [name, properties[name]])),
    required: [...(requiredName ? [requiredName] : []), ...names.filter((name) => required.includes(name))],
  });
  const grouped = new Set(choices.flat(2));
  const common = Object.keys(properties).filter((name) => !grouped.has(name));
  const rest = Object.fromEntries(
    Object.entries(schema).filter(([key]) => !['type', 'properties', 'required', 'additionalProperties'].includes(key)),
  );
  return {
    ...rest,
    allOf: [
      pick(common),
      ...choices.map((alternatives) => ({ oneOf: alternatives.map((names) => pick(names, names[0])) })),
    ],
    unevaluatedProperties: false,
  };
}

/** The OpenAPI document of an app made by `createApp()`, as `/openapi.json` serves it. */
export function buildOpenApiDocument(app: OpenAPIHono<AppEnv>): OpenApiDocument {
  const document = app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: { ...API_INFO, description: describeApi() },
    // Relative: the reference at /docs sends its try-it requests to the origin that served it.
    servers: [{ url: '/', description: 'This deployment' }],
    tags: TAGS,
  });
  eachOperation(document, (operation) => {
    declareOutage(operation);
    describePermission(operation);
  });
  // Webhooks are named by topic (`order.paid`), not by path: mounting routes prefixes them with `/`.
  if (document.webhooks)
    document.webhooks = Object.fromEntries(
      Object.entries(document.webhooks).map(([name, item]) => [name.replace(/^\//, ''), item]),
    );
  const schemas = document.components?.schemas as Record<string, JsonSchema> | undefined;
  if (schemas?.Checkout) schemas.Checkout = withAlternatives(schemas.Checkout, CHECKOUT_ALTERNATIVES);
  if (schemas?.CampaignJoin) schemas.CampaignJoin = withAlternatives(schemas.CampaignJoin, CAMPAIGN_JOIN_ALTERNATIVES);
  return Object.assign(document, { 'x-tagGroups': TAG_GROUPS });
}
