// /v1/members: list, add, change and remove members; a new member's first token is in the answer, shown
// once, and an admin can issue a member a new one.
import type { FastifyInstance } from 'fastify';
import { TesseraError } from '../../core/errors.js';
import type { Role } from '../../core/permissions.js';
import type { Deps } from '../../services/deps.js';
import {
  createMember,
  getMember,
  issueMemberToken,
  listMembers,
  removeMember,
  updateMember,
} from '../../services/members.js';
import { toPublicMember } from '../../services/public-member.js';
import { actorOf } from '../auth.js';
import { registerOffsetListRoute } from '../offset-list-route.js';
import {
  AUTHENTICATED_PROBLEMS,
  answer,
  BODY_PROBLEMS,
  idParams,
  noContent,
  problems,
  ref,
} from '../schemas.js';
import {
  CreateMemberRequestSchema,
  IssueMemberTokenRequestSchema,
  MemberListSchema,
  MemberSchema,
  MemberWithTokenSchema,
  UpdateMemberRequestSchema,
} from '../wire/members.js';
import { TokenWithSecretSchema, timestampField, withSecret } from '../wire/tokens.js';

/** The member object on the wire: the one serializer, shared with the member events. */
export const publicMember = toPublicMember;

const MemberParams = idParams('the member id, `mem_…`');

export function registerMemberRoutes(app: FastifyInstance, deps: Deps): void {
  registerOffsetListRoute(app, {
    path: '/v1/members',
    tag: 'members',
    docs: {
      operationId: 'listMembers',
      summary: "List the tenant's members",
      description: 'Paged by page + per_page or limit + offset. Needs members:read.',
    },
    listSchema: MemberListSchema,
    list: (actor, paging) => listMembers(deps, actor, paging.limit, paging.offset),
    toWire: publicMember,
  });

  app.post(
    '/v1/members',
    {
      schema: {
        tags: ['members'],
        operationId: 'createMember',
        summary: 'Add a member, with their first token',
        description:
          'Answers the member and their first token (permanent, with their role), whose secret is shown this once (Cache-Control: no-store). ' +
          'Needs members:write (admins and owners; only an owner adds an owner). An e-mail already in the tenant is a 409.',
        body: ref(CreateMemberRequestSchema),
        response: {
          201: answer(MemberWithTokenSchema, 'Added: the member and their first token, with its secret'),
          ...problems(...AUTHENTICATED_PROBLEMS, ...BODY_PROBLEMS, 409),
        },
      },
    },
    async (request, reply) => {
      const created = await createMember(deps, actorOf(request), request.body as never);
      reply.header('cache-control', 'no-store');
      return reply
        .status(201)
        .send({ member: publicMember(created.member), token: withSecret(created.token, deps.clock.nowMs()) });
    },
  );

  app.patch(
    '/v1/members/:id',
    {
      schema: {
        tags: ['members'],
        operationId: 'updateMember',
        summary: "Change a member's role, name or e-mail",
        description:
          'Promotes or demotes (their personal tokens act with the new role from their very next request), renames, or changes the e-mail address (unique in the tenant: 409). ' +
          'Needs members:write; only an owner changes an owner, and the last owner stays an owner (409).',
        params: MemberParams,
        body: ref(UpdateMemberRequestSchema),
        response: {
          200: answer(MemberSchema, 'Changed: the member as they are now'),
          ...problems(...AUTHENTICATED_PROBLEMS, ...BODY_PROBLEMS, 404, 409),
        },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const body = request.body as { role?: Role; name?: string | null; email?: string };
      return publicMember(await updateMember(deps, actorOf(request), id, body));
    },
  );

  app.post(
    '/v1/members/:id/tokens',
    {
      schema: {
        tags: ['members'],
        operationId: 'issueMemberToken',
        summary: 'Issue a new token to a member who lost theirs',
        description:
          "A personal token of the member with the member's role, within the caller's own grants (a permanent one needs a caller that may mint permanent tokens); the tenant's token policy applies and a permanent one counts toward the member's cap. " +
          'The secret is shown this once (Cache-Control: no-store); the issue is audited. Needs members:write (admins and owners; an owner’s token: owners).',
        params: MemberParams,
        body: ref(IssueMemberTokenRequestSchema),
        response: {
          201: answer(TokenWithSecretSchema, 'Issued: the token, with its secret'),
          ...problems(...AUTHENTICATED_PROBLEMS, ...BODY_PROBLEMS, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const body = request.body as { name?: string; description?: string; ttl?: number; expires_at?: string };
      if (body.ttl !== undefined && body.expires_at !== undefined)
        throw new TesseraError('invalid_request', 'give ttl or expires_at, not both');
      const issued = await issueMemberToken(deps, actorOf(request), id, {
        name: body.name,
        description: body.description,
        ttlSeconds: body.ttl,
        expiresAtMs: timestampField('expires_at', body.expires_at),
      });
      reply.header('cache-control', 'no-store');
      return reply.status(201).send(withSecret(issued, deps.clock.nowMs()));
    },
  );

  app.delete(
    '/v1/members/:id',
    {
      schema: {
        tags: ['members'],
        operationId: 'removeMember',
        summary: 'Remove a member',
        description:
          'Their personal tokens stop at once (verify answers `disabled`); service tokens live on. ' +
          'Needs members:write; the last owner cannot be removed (409).',
        params: MemberParams,
        response: {
          204: noContent('Removed'),
          ...problems(...AUTHENTICATED_PROBLEMS, 404, 409),
        },
      },
    },
    async (request, reply) => {
      await removeMember(deps, actorOf(request), (request.params as { id: string }).id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/v1/members/:id',
    {
      schema: {
        tags: ['members'],
        operationId: 'getMember',
        summary: 'Read one member',
        description: 'Needs members:read. A member of another tenant is a 404.',
        params: MemberParams,
        response: {
          200: answer(MemberSchema, 'Found'),
          ...problems(...AUTHENTICATED_PROBLEMS, 404),
        },
      },
    },
    async (request) =>
      publicMember(await getMember(deps, actorOf(request), (request.params as { id: string }).id)),
  );
}
