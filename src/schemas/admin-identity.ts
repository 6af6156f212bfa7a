import { z } from '@hono/zod-openapi';
import { Instant } from './common';
import { ACTOR_TYPES, INVITATION_STATUSES } from '../lib/enums';
import { API_KEY_SCOPES, MEMBER_ROLES, type Permission } from '../lib/permissions';
import { Email } from './auth';
import { PageQuery, pageSchema } from './pagination';
import { StoreParams } from './stores';

const timestamp = () => z.string().openapi({ format: 'date-time' });
const idParam = (name: string) => z.uuid().openapi({ param: { name, in: 'path' } });

export const MemberParams = StoreParams.extend({ memberId: idParam('memberId') });
export const InvitationParams = StoreParams.extend({ invitationId: idParam('invitationId') });
export const ApiKeyParams = StoreParams.extend({ keyId: idParam('keyId') });

const Role = z.enum(MEMBER_ROLES);

export const MemberSchema = z
  .object({ id: z.uuid(), userId: z.uuid(), email: z.string(), name: z.string(), role: Role, createdAt: timestamp() })
  .openapi('Member');
export const MemberPageSchema = pageSchema(MemberSchema, 'MemberPage');
export const ChangeRoleBody = z.object({ role: Role }).strict().openapi('ChangeRoleBody');

export const InvitationSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    role: Role,
    status: z.enum(INVITATION_STATUSES),
    expiresAt: timestamp(),
    createdAt: timestamp(),
  })
  .openapi('Invitation');
export const InvitationPageSchema = pageSchema(InvitationSchema, 'InvitationPage');
export const InviteBody = z.object({ email: Email, role: Role }).strict().openapi('InviteBody');
export const CreatedInvitationSchema = z
  .object({
    invitation: InvitationSchema,
    token: z.string(),
  })
  .openapi('CreatedInvitation');
export const AcceptInvitationBody = z
  .object({ token: z.string().min(1).max(200) })
  .strict()
  .openapi('AcceptInvitationBody');

const Scope = z.enum(API_KEY_SCOPES as [Permission, ...Permission[]]);
export const ApiKeySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string(),
    scopes: z.array(Scope),
    lastUsedAt: timestamp().nullable(),
    expiresAt: timestamp().nullable(),
    revokedAt: timestamp().nullable(),
    createdAt: timestamp(),
  })
  .openapi('ApiKey');
export const ApiKeyPageSchema = pageSchema(ApiKeySchema, 'ApiKeyPage');
export const CreateApiKeyBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    scopes: z.array(Scope).min(1).max(API_KEY_SCOPES.length),
    expiresAt: z.iso
      .datetime({ offset: true })
      .optional()
      .refine((value) => !value || Date.parse(value) > Date.now(), 'Must be in the future.'),
  })
  .strict()
  .openapi('CreateApiKeyBody');
export const CreatedApiKeySchema = z
  .object({
    apiKey: ApiKeySchema,
    secret: z.string(),
  })
  .openapi('CreatedApiKey');

export const AuditEntrySchema = z
  .object({
    id: z.uuid(),
    action: z.string().openapi({ example: 'member.role_changed' }),
    actorType: z.enum(ACTOR_TYPES),
    actorId: z.uuid().nullable(),
    entityType: z.string(),
    entityId: z.uuid().nullable(),
    before: z.unknown(),
    after: z.unknown(),
    requestId: z.string().nullable(),
    createdAt: timestamp(),
  })
  .openapi('AuditEntry');
export const AuditPageSchema = pageSchema(AuditEntrySchema, 'AuditPage');

/** An action (`order.status_changed`), or every action of a family (`order.*`). */
const ACTION_FILTER = /^[a-z0-9_]+(\.[a-z0-9_]+)*(\.\*)?$/;

const instant = (description: string) => Instant.optional().openapi({ description });

export const AuditLogQuery = PageQuery.extend({
  action: z
    .string()
    .max(100)
    .regex(ACTION_FILTER, 'An action such as `order.status_changed`, or a family: `order.*`.')
    .optional(),
  actorType: z.enum(ACTOR_TYPES).optional(),
  actorId: z.uuid().optional(),
  entityType: z
    .string()
    .max(50)
    .regex(/^[a-z_]+$/, 'An entity type such as `order` or `api_key`.')
    .optional(),
  entityId: z.uuid().optional(),
  from: instant('At or after this instant (ISO 8601 with an offset).'),
  to: instant('Before this instant (ISO 8601 with an offset).'),
}).superRefine((query, context) => {
  if (query.from && query.to && Date.parse(query.from) > Date.parse(query.to)) {
    context.addIssue({ code: 'custom', path: ['from'], message: 'Must not be after `to`.' });
  }
});
