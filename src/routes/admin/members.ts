import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AdminEnv } from '../../env';
import { jsonText } from '../../http/json-text';
import { pageRequest } from '../../http/pagination';
import { ApiError } from '../../lib/api-error';
import { auditContext, requires } from '../../http/tenancy';
import { validationHook } from '../../http/validation';
import {
  ChangeRoleBody,
  CreatedInvitationSchema,
  InvitationPageSchema,
  InvitationParams,
  InviteBody,
  MemberPageSchema,
  MemberParams,
} from '../../schemas/admin-identity';
import { examples, documenting } from '#examples';
import { adminProblems, jsonContent, problemResponses } from '../../schemas/common';
import { PageQuery } from '../../schemas/pagination';
import { StoreParams } from '../../schemas/stores';
import { inviteMember, listInvitations, revokeInvitation } from '../../services/invitations';
import { changeMemberRole, listMembers, removeMember } from '../../services/members';

const tags = documenting && ['Members'];
const lastOwner = documenting && problemResponses({ 409: 'The store would be left without an owner' });

const listMembersRoute = createRoute({
  method: 'get',
  path: '/v1/admin/stores/{store}/members',
  operationId: documenting && 'adminListMembers',
  tags,
  ...requires('members:read'),
  request: { params: StoreParams, query: PageQuery },
  responses: documenting && {
    200: { description: 'A page of members', ...jsonContent(MemberPageSchema, examples.memberPage) },
    ...adminProblems,
  },
});

const changeRoleRoute = createRoute({
  method: 'patch',
  path: '/v1/admin/stores/{store}/members/{memberId}',
  operationId: documenting && 'adminUpdateMember',
  tags,
  ...requires('members:write'),
  request: {
    params: MemberParams,
    body: { required: true, ...jsonContent(ChangeRoleBody, documenting && examples.changeRole) },
  },
  responses: documenting && { 204: { description: 'Changed' }, ...adminProblems, ...lastOwner },
});

const removeMemberRoute = createRoute({
  method: 'delete',
  path: '/v1/admin/stores/{store}/members/{memberId}',
  operationId: documenting && 'adminRemoveMember',
  tags,
  ...requires('members:write'),
  request: { params: MemberParams },
  responses: documenting && { 204: { description: 'Removed' }, ...adminProblems, ...lastOwner },
});

const listInvitationsRoute = createRoute({
  method: 'get',
  path: '/v1/admin/stores/{store}/invitations',
  operationId: documenting && 'adminListInvitations',
  tags,
  ...requires('invitations:read'),
  request: { params: StoreParams, query: PageQuery },
  responses: documenting && {
    200: {
      description: 'A page of pending invitations',
      ...jsonContent(InvitationPageSchema, examples.invitationPage),
    },
    ...adminProblems,
  },
});

const inviteRoute = createRoute({
  method: 'post',
  path: '/v1/admin/stores/{store}/invitations',
  operationId: documenting && 'adminCreateInvitation',
  tags,
  ...requires('invitations:write'),
  request: {
    params: StoreParams,
    body: { required: true, ...jsonContent(InviteBody, documenting && examples.invite) },
  },
  responses: documenting && {
    201: {
      description: 'The invitation and its token',
      ...jsonContent(CreatedInvitationSchema, examples.createdInvitation),
    },
    ...adminProblems,
    ...problemResponses({ 409: 'The email is already a member' }),
  },
});

const revokeInvitationRoute = createRoute({
  method: 'delete',
  path: '/v1/admin/stores/{store}/invitations/{invitationId}',
  operationId: documenting && 'adminRevokeInvitation',
  tags,
  ...requires('invitations:write'),
  request: { params: InvitationParams },
  responses: documenting && { 204: { description: 'Revoked' }, ...adminProblems },
});

/** Who works on a store: members, their roles, and invitations. */
export const memberRoutes = new OpenAPIHono<AdminEnv>({ defaultHook: validationHook })
  .openapi(listMembersRoute, async (c) =>
    jsonText(c, await listMembers(c.var.db, c.var.store.id, pageRequest(c.req.valid('query')))),
  )
  .openapi(changeRoleRoute, async (c) => {
    await changeMemberRole(c.var.db, auditContext(c), c.req.valid('param').memberId, c.req.valid('json').role);
    return c.body(null, 204);
  })
  .openapi(removeMemberRoute, async (c) => {
    await removeMember(c.var.db, auditContext(c), c.req.valid('param').memberId);
    return c.body(null, 204);
  })
  .openapi(listInvitationsRoute, async (c) =>
    jsonText(c, await listInvitations(c.var.db, c.var.store.id, pageRequest(c.req.valid('query')))),
  )
  .openapi(inviteRoute, async (c) => {
    const invite = c.req.valid('json');
    const actor = c.var.actor;
    if (invite.role === 'owner' && !(actor.type === 'user' && actor.role === 'owner')) {
      throw new ApiError('forbidden', 'Only an owner may invite another owner.');
    }
    return c.json(await inviteMember(c.var.db, auditContext(c), invite), 201);
  })
  .openapi(revokeInvitationRoute, async (c) => {
    await revokeInvitation(c.var.db, auditContext(c), c.req.valid('param').invitationId);
    return c.body(null, 204);
  });
