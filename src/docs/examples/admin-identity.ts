import type { z } from '@hono/zod-openapi';
import type {
  AcceptInvitationBody,
  ApiKeySchema,
  AuditEntrySchema,
  ChangeRoleBody,
  CreateApiKeyBody,
  CreatedApiKeySchema,
  CreatedInvitationSchema,
  InvitationSchema,
  InviteBody,
  MemberSchema,
} from '../../schemas/admin-identity';
import type { AccessTokenSchema } from '../../schemas/auth';
import { type PageOf, pageExample } from './pagination';
import { OWNER_EMAIL, at, ids, tokens } from './story';

/** Whole-body examples of src/schemas/admin-identity.ts, for the OpenAPI document (the story is in story.ts). */

export const changeRole = { role: 'admin' } satisfies z.input<typeof ChangeRoleBody>;

export const invite = { email: 'ventas@balsamoa.test', role: 'staff' } satisfies z.input<typeof InviteBody>;

export const acceptInvitation = {
  token: 'inv_Gj3Vda9BnKhldLfzyO_HjIIC-yPpb0YAV_q3g1fMV8w',
} satisfies z.input<typeof AcceptInvitationBody>;

/** A key for the store's ERP, which keeps the catalog and stock in sync. */
export const createApiKey = {
  name: 'Sincronización ERP',
  scopes: ['catalog:read', 'catalog:write', 'inventory:read', 'inventory:write'],
} satisfies z.input<typeof CreateApiKeyBody>;

export const createdApiKey = {
  apiKey: {
    id: ids.apiKey,
    name: createApiKey.name,
    prefix: tokens.apiKeyPrefix,
    scopes: createApiKey.scopes,
    lastUsedAt: null,
    expiresAt: null,
    revokedAt: null,
    createdAt: at.keyCreated,
  },
  secret: `${tokens.apiKeyPrefix}.${tokens.apiKeySecret}`,
} satisfies z.output<typeof CreatedApiKeySchema>;

/** The owner, the store's one member until the invitation below is accepted. */
export const memberPage = pageExample({
  id: ids.ownerMember,
  userId: ids.owner,
  email: OWNER_EMAIL,
  name: 'Balsamoa Owner',
  role: 'owner' as const,
  createdAt: at.storeOpened,
}) satisfies PageOf<typeof MemberSchema>;

/** A salesperson invited as staff (`invite`). */
export const createdInvitation = {
  invitation: {
    id: ids.invitation,
    ...invite,
    status: 'pending',
    expiresAt: at.invitationExpires,
    createdAt: at.invited,
  },
  token: acceptInvitation.token,
} satisfies z.output<typeof CreatedInvitationSchema>;

export const invitationPage = pageExample(createdInvitation.invitation) satisfies PageOf<typeof InvitationSchema>;

export const apiKeyPage = pageExample(createdApiKey.apiKey) satisfies PageOf<typeof ApiKeySchema>;

/** What creating the ERP's key left in the audit log. */
export const auditPage = pageExample({
  id: ids.apiKeyAudit,
  action: 'api_key.created',
  actorType: 'user' as const,
  actorId: ids.owner,
  entityType: 'api_key',
  entityId: ids.apiKey,
  before: null,
  after: { name: createApiKey.name, prefix: tokens.apiKeyPrefix, scopes: createApiKey.scopes },
  requestId: ids.apiKeyRequest,
  createdAt: at.keyCreated,
}) satisfies PageOf<typeof AuditEntrySchema>;

/** The salesperson accepted: a member of the store, with a token that carries the new role. */
export const membershipWithToken = {
  storeId: ids.store,
  accessToken: tokens.staffAccess,
  expiresIn: 900,
} satisfies { storeId: string } & z.output<typeof AccessTokenSchema>;
