import { z } from '@hono/zod-openapi';
import { ACTOR_TYPES, INVITATION_STATUSES } from '../lib/enums';
import { API_KEY_SCOPES, MEMBER_ROLES, type Permission } from '../lib/permissions';
import { Email } from './auth';
import { at, ids, OWNER_EMAIL, tokens } from './example-story';
import { type PageOf, PageQuery, pageExample, pageSchema } from './pagination';
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
    token: z.string().openapi({
      description:
        'Shown once. The invitee accepts with it at POST /v1/invitations/accept, signed in with the invited email.',
    }),
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
    prefix: z.string().openapi({ description: 'The public part of the key, to recognise it in lists and logs.' }),
    scopes: z.array(Scope),
    lastUsedAt: timestamp().nullable().openapi({ description: 'Accurate to about a minute.' }),
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
    secret: z.string().openapi({
      description:
        'The whole key, `ck_<prefix>.<secret>`, shown this once only. Send it as `Authorization: Bearer <key>`.',
    }),
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

const instant = (description: string) => z.iso.datetime({ offset: true }).optional().openapi({ description });

export const AuditLogQuery = PageQuery.extend({
  action: z
    .string()
    .max(100)
    .regex(ACTION_FILTER, 'An action such as `order.status_changed`, or a family: `order.*`.')
    .optional()
    .openapi({
      description:
        'One action (`payment.confirmed`), or with `.*` every action it begins (`order.*`: `order.status_changed`, `order.internal_notes_updated`, ...).',
    }),
  actorType: z.enum(ACTOR_TYPES).optional(),
  actorId: z.uuid().optional().openapi({ description: 'The member’s user id or the API key’s id.' }),
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

// Whole-body examples for the document (the story is in example-story.ts).

export const changeRoleExample = { role: 'admin' } satisfies z.input<typeof ChangeRoleBody>;

export const inviteExample = { email: 'ventas@balsamoa.test', role: 'staff' } satisfies z.input<typeof InviteBody>;

export const acceptInvitationExample = {
  token: 'inv_Gj3Vda9BnKhldLfzyO_HjIIC-yPpb0YAV_q3g1fMV8w',
} satisfies z.input<typeof AcceptInvitationBody>;

/** A key for the store's ERP, which keeps the catalog and stock in sync. */
export const createApiKeyExample = {
  name: 'Sincronización ERP',
  scopes: ['catalog:read', 'catalog:write', 'inventory:read', 'inventory:write'],
} satisfies z.input<typeof CreateApiKeyBody>;

export const createdApiKeyExample = {
  apiKey: {
    id: ids.apiKey,
    name: createApiKeyExample.name,
    prefix: tokens.apiKeyPrefix,
    scopes: createApiKeyExample.scopes,
    lastUsedAt: null,
    expiresAt: null,
    revokedAt: null,
    createdAt: at.keyCreated,
  },
  secret: `${tokens.apiKeyPrefix}.${tokens.apiKeySecret}`,
} satisfies z.output<typeof CreatedApiKeySchema>;

/** The owner, the store's one member until the invitation below is accepted. */
export const memberPageExample = pageExample({
  id: ids.ownerMember,
  userId: ids.owner,
  email: OWNER_EMAIL,
  name: 'Balsamoa Owner',
  role: 'owner' as const,
  createdAt: at.storeOpened,
}) satisfies PageOf<typeof MemberSchema>;

/** A salesperson invited as staff (`inviteExample`). */
export const createdInvitationExample = {
  invitation: {
    id: ids.invitation,
    ...inviteExample,
    status: 'pending',
    expiresAt: at.invitationExpires,
    createdAt: at.invited,
  },
  token: acceptInvitationExample.token,
} satisfies z.output<typeof CreatedInvitationSchema>;

export const invitationPageExample = pageExample(createdInvitationExample.invitation) satisfies PageOf<
  typeof InvitationSchema
>;

export const apiKeyPageExample = pageExample(createdApiKeyExample.apiKey) satisfies PageOf<typeof ApiKeySchema>;

/** What creating the ERP's key left in the audit log. */
export const auditPageExample = pageExample({
  id: ids.apiKeyAudit,
  action: 'api_key.created',
  actorType: 'user' as const,
  actorId: ids.owner,
  entityType: 'api_key',
  entityId: ids.apiKey,
  before: null,
  after: { name: createApiKeyExample.name, prefix: tokens.apiKeyPrefix, scopes: createApiKeyExample.scopes },
  requestId: ids.apiKeyRequest,
  createdAt: at.keyCreated,
}) satisfies PageOf<typeof AuditEntrySchema>;
